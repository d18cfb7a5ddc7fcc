package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// TestUpToDate: a build whose inputs and destination are as the last build
// left them has nothing to do and says what that build said; any change of
// a source, a flag or the destination's files makes a whole build, whose
// output is that of a clean one.
func TestUpToDate(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("change times are read on Linux only")
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	src := sitetest.Write(t, copyExample(t))
	dest := filepath.Join(src, "public")
	// cli runs okrgen build as a user does.
	cli := func(asOf string) (stdout, stderr string) {
		t.Helper()
		var o, e bytes.Buffer
		if code := run([]string{"build", "-s", src, "--as-of", asOf}, &o, &e); code != 0 {
			t.Fatalf("build: exit %d: %s", code, e.String())
		}
		return o.String(), e.String()
	}
	// reused builds as okrgen build does and reports whether the last
	// build's output stood.
	reused := func(asOf string) bool {
		t.Helper()
		p := &pipeline{src: src, dest: dest, pdfs: true, reuse: true}
		p.asOf.Set(asOf)
		res, err := buildOnce(p, false, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res.reused
	}
	same := func(what string, asOf string) {
		t.Helper()
		other := filepath.Join(t.TempDir(), "clean")
		var e bytes.Buffer
		if code := run([]string{"build", "-s", src, "-d", other, "--as-of", asOf, "--quiet"}, &e, &e); code != 0 {
			t.Fatalf("clean build: %s", e.String())
		}
		if !equalTrees(readTree(t, dest), readTree(t, other)) {
			t.Errorf("%s: the output differs from a clean build's", what)
		}
	}

	// A build right after the site changed is not recorded (racy).
	cli("2026-11-10")
	if reused("2026-11-10") {
		t.Error("a build right after the site was written had nothing to do")
	}
	time.Sleep(racy + 100*time.Millisecond)
	// As of 2026-11-10, the later check-ins are left out with a warning.
	out1, err1 := cli("2026-11-10")
	if !reused("2026-11-10") {
		t.Error("a build with nothing changed was a whole one")
	}
	// The same counts and warnings; only the time taken differs.
	out2, err2 := cli("2026-11-10")
	trim := func(s string) string { return s[:strings.LastIndex(s, " in ")] }
	if trim(out1) != trim(out2) || err1 != err2 {
		t.Errorf("the second build said\n%s%s\nthe first\n%s%s", out2, err2, out1, err1)
	}
	if !strings.Contains(err1, "after --as-of 2026-11-10: left out") {
		t.Errorf("the example's build gave no warnings to say again: %q", err1)
	}
	same("nothing changed", "2026-11-10")

	// Another as_of: a whole build.
	if reused("2026-11-21") {
		t.Error("a build with another as_of had nothing to do")
	}
	same("another as_of", "2026-11-21")

	// A source edited: a whole build, with the edit.
	checkIn := filepath.Join(src, "content", "checkins", "2026-11-17-rbac-everywhere.md")
	data, err := os.ReadFile(checkIn)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(checkIn, append(data, "\nUp-to-date marker.\n"...), 0o644)
	if reused("2026-11-21") {
		t.Error("a build after an edit had nothing to do")
	}
	if !strings.Contains(readTree(t, dest)["checkins/2026-11-17-rbac-everywhere/index.html"], "Up-to-date marker.") {
		t.Error("the edit is not in the output")
	}
	same("an edited check-in", "2026-11-21")

	// A file of the destination edited by hand, to the same size, once
	// the last build is recorded: put back as a build writes it.
	time.Sleep(racy + 100*time.Millisecond)
	reused("2026-11-21")
	if !reused("2026-11-21") {
		t.Fatal("no record of the last build")
	}
	index := filepath.Join(dest, "index.html")
	page, _ := os.ReadFile(index)
	hand := bytes.Replace(page, []byte("<html"), []byte("<HTML"), 1)
	if bytes.Equal(hand, page) {
		t.Fatal("no <html in index.html")
	}
	os.WriteFile(index, hand, 0o644)
	if reused("2026-11-21") {
		t.Error("a build after a hand edit of public/ had nothing to do")
	}
	if got, _ := os.ReadFile(index); !bytes.Equal(got, page) {
		t.Error("index.html edited by hand stayed so")
	}

	// A file removed from the destination: written again.
	os.Remove(filepath.Join(dest, "data.json"))
	if reused("2026-11-21") {
		t.Error("a build after a file of public/ was removed had nothing to do")
	}
	same("files changed by hand", "2026-11-21")
}

// readTree returns every file under dir by its path, with slashes.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// equalTrees reports whether two trees read by readTree hold the same
// files with the same bytes.
func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for p, data := range a {
		if other, ok := b[p]; !ok || other != data {
			return false
		}
	}
	return true
}

// TestBuildsAtOnce: two builds of one destination at once, as of two days,
// leave the output of one of them whole, and the build after them, as of
// either day, gives that day's output (no record of one build stands for
// the other's output).
func TestBuildsAtOnce(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	src := sitetest.Write(t, copyExample(t))
	dest := filepath.Join(src, "public")
	days := []string{"2026-08-01", "2026-11-21"}
	clean := map[string]map[string]string{}
	for _, d := range days {
		other := filepath.Join(t.TempDir(), "clean")
		var e bytes.Buffer
		if code := run([]string{"build", "-s", src, "-d", other, "--as-of", d, "--quiet"}, &e, &e); code != 0 {
			t.Fatalf("clean build: %s", e.String())
		}
		clean[d] = readTree(t, other)
	}
	build := func(day string) {
		var e bytes.Buffer
		if code := run([]string{"build", "-s", src, "--as-of", day, "--quiet"}, &e, &e); code != 0 {
			t.Errorf("build as of %s: %s", day, e.String())
		}
	}
	build(days[0])
	time.Sleep(racy + 100*time.Millisecond)
	for i := range 6 {
		done := make(chan bool)
		for _, d := range days {
			go func() { build(d); done <- true }()
		}
		<-done
		<-done
		got := readTree(t, dest)
		if !equalTrees(got, clean[days[0]]) && !equalTrees(got, clean[days[1]]) {
			t.Fatalf("round %d: the output is neither day's whole", i)
		}
		d := days[i%2]
		build(d)
		if !equalTrees(readTree(t, dest), clean[d]) {
			t.Fatalf("round %d: the build as of %s after two at once gave another output", i, d)
		}
	}
}
