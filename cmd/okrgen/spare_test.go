package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// TestPruneSpares: spares unchanged for longer than the age are deleted,
// whole, the destination's own and newer ones kept, and what a stopped
// prune left aside is deleted; nothing else is left in the folder.
func TestPruneSpares(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-40 * 24 * time.Hour)
	for _, s := range []struct {
		name string
		old  bool
	}{
		{"aaaa", true},              // deleted
		{"bbbb", false},             // kept: built lately
		{"keep", true},              // kept: this build's
		{pruning + "7-cccc", false}, // a stopped prune's: deleted
	} {
		p := filepath.Join(dir, s.name)
		if err := os.MkdirAll(filepath.Join(p, "quarters", "2026-q3"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "quarters", "2026-q3", "index.html"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if s.old {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	pruneSpares(dir, "keep", time.Now().Add(-spareAge))
	var got []string
	for _, e := range mustReadDir(t, dir) {
		got = append(got, e.Name())
	}
	if want := []string{"bbbb", "keep"}; !slices.Equal(got, want) {
		t.Errorf("left %q, want %q", got, want)
	}
	for _, name := range []string{"bbbb", "keep"} {
		if _, err := os.Stat(filepath.Join(dir, name, "quarters", "2026-q3", "index.html")); err != nil {
			t.Errorf("spare %s lost a file: %v", name, err)
		}
	}
}

// TestBuildKeepsSpare: a build over its previous output keeps that output
// as the destination's spare in the cache folder, and the next build makes
// the spare into its site: a file no build changed is then one file in
// both (os.SameFile), and the output is a clean build's.
func TestBuildKeepsSpare(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	src := sitetest.Write(t, copyExample(t))
	dest := filepath.Join(src, "public")
	day := "2026-11-22"
	for _, d := range []string{"2026-11-20", "2026-11-21", day} {
		var e bytes.Buffer
		if code := run([]string{"build", "-s", src, "--as-of", d, "--quiet"}, &e, &e); code != 0 {
			t.Fatalf("build as of %s: %s", d, e.String())
		}
	}
	spares := mustReadDir(t, filepath.Join(cache, "okrgen", "spares"))
	if len(spares) != 1 {
		t.Fatalf("spares: %v; want the destination's one", spares)
	}
	spare := filepath.Join(cache, "okrgen", "spares", spares[0].Name())
	shared := 0
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(dest, p)
		a, errA := os.Lstat(p)
		b, errB := os.Lstat(filepath.Join(spare, rel))
		if errA == nil && errB == nil && os.SameFile(a, b) {
			shared++
		}
		return nil
	})
	if shared == 0 {
		t.Error("no file of the output is shared with the spare: the spare was not made into the site")
	}
	clean := filepath.Join(t.TempDir(), "clean")
	var e bytes.Buffer
	if code := run([]string{"build", "-s", src, "-d", clean, "--as-of", day, "--quiet"}, &e, &e); code != 0 {
		t.Fatalf("clean build: %s", e.String())
	}
	if !equalTrees(readTree(t, dest), readTree(t, clean)) {
		t.Error("the output differs from a clean build's")
	}
}
