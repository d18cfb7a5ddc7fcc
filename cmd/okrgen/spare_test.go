package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
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
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
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
