package corpus

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestTOMLInvalid reads toml-test's invalid suite from its module: every
// document, .multi files too, each under invalid/ and not empty.
func TestTOMLInvalid(t *testing.T) {
	docs := TOMLInvalid(t) // fails the test below MinTOMLInvalid documents
	byName := map[string][]byte{}
	multi := 0
	for _, d := range docs {
		if !strings.HasPrefix(d.Name, "invalid/") {
			t.Errorf("%s is not in the invalid suite", d.Name)
		}
		if strings.HasSuffix(d.Name, ".multi") {
			multi++
		}
		byName[d.Name] = d.Src
	}
	if multi == 0 {
		t.Error("no .multi document read")
	}
	if got, want := string(byName["invalid/array/double-comma-1.toml"]), "double-comma-1 = [1,,2]\n"; got != want {
		t.Errorf("invalid/array/double-comma-1.toml = %q, want %q", got, want)
	}
}

// TestCommonMark reads the CommonMark spec's examples from goldmark's
// module folder, in order, tabs as tabs.
func TestCommonMark(t *testing.T) {
	examples := CommonMark(t) // fails the test when out of order
	first := examples[0]
	if first.Section != "Tabs" || first.Markdown != "\tfoo\tbaz\t\tbim\n" || first.HTML != "<pre><code>foo\tbaz\t\tbim\n</code></pre>\n" {
		t.Errorf("example 1 = %+v, want the spec's first tab example", first)
	}
}

// TestCommonMarkMissing: without the go command to find goldmark's folder,
// the test skips, or fails when Required, saying what is missing.
func TestCommonMarkMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("CI", "")
	t.Setenv("OKRGEN_REQUIRE_TOOLS", "")
	rec := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		CommonMark(rec)
	}()
	<-done
	if !rec.skipped || !strings.Contains(rec.msg, "github.com/yuin/goldmark") {
		t.Errorf("skipped %v, message %q; want a skip naming github.com/yuin/goldmark", rec.skipped, rec.msg)
	}

	t.Setenv("OKRGEN_REQUIRE_TOOLS", "1")
	rec = &recorder{TB: t}
	done = make(chan struct{})
	go func() {
		defer close(done)
		CommonMark(rec)
	}()
	<-done
	if !rec.failed || !strings.Contains(rec.msg, "github.com/yuin/goldmark") {
		t.Errorf("failed %v, message %q; want a failure naming github.com/yuin/goldmark", rec.failed, rec.msg)
	}
}

// recorder records a Fatalf or Skipf instead of ending the test, and ends
// only the goroutine that called it.
type recorder struct {
	testing.TB
	failed, skipped bool
	msg             string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Skipf(format string, args ...any) {
	r.skipped, r.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}
