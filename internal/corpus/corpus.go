// Package corpus gives tests the public test suites in shared/corpus beside
// the repository (toml-test's invalid documents, the CommonMark spec), and
// says whether a test that lacks what it needs may skip.
package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Required reports whether tests must fail, rather than skip, when a tool
// or corpus is missing: in CI, and under .ci/test, which installs them.
func Required() bool { return os.Getenv("CI") != "" || os.Getenv("OKRGEN_REQUIRE_TOOLS") != "" }

// Dir returns the folder of a corpus, skipping the test (failing it when
// Required) if it is not there.
func Dir(t testing.TB, name string) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "corpus", name)
			if _, err := os.Stat(p); err == nil {
				return p
			}
			break
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	if Required() {
		t.Fatalf("corpus %s not found in shared/corpus beside the repository", name)
	}
	t.Skipf("corpus %s not found in shared/corpus beside the repository", name)
	return ""
}

// Example is one example of the CommonMark spec.
type Example struct {
	N              int // 1-based, in the spec's order
	Markdown, HTML string
}

// CommonMark returns the examples of the CommonMark spec: each between a
// line of 32 backticks and " example" and a line of 32 backticks, a lone "."
// between the Markdown and the HTML, "→" standing for a tab.
func CommonMark(t testing.TB) []Example {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(Dir(t, "commonmark"), "spec.txt"))
	if err != nil {
		t.Fatal(err)
	}
	fence := strings.Repeat("`", 32)
	var out []Example
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		if lines[i] != fence+" example" {
			continue
		}
		var md, html strings.Builder
		cur := &md
		for i++; i < len(lines) && lines[i] != fence; i++ {
			if lines[i] == "." && cur == &md {
				cur = &html
				continue
			}
			cur.WriteString(strings.ReplaceAll(lines[i], "→", "\t") + "\n")
		}
		out = append(out, Example{N: len(out) + 1, Markdown: md.String(), HTML: html.String()})
	}
	if len(out) < 600 {
		t.Fatalf("read %d CommonMark examples, want 650 or so", len(out))
	}
	return out
}
