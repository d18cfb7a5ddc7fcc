package treewalk

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestWalkAsWalkDir: Walk visits what filepath.WalkDir visits, the
// folders it is told to leave out and what is below them excepted, and a
// folder it cannot read again with the error; a root it cannot read is
// its error.
func TestWalkAsWalkDir(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"a/b/c.html", "a/b/d.html", "a/e.html", "skip/x.html", "f.html", "g/h/i/j.html"} {
		os.MkdirAll(filepath.Join(root, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(root, p), []byte(p), 0o644)
	}
	os.Mkdir(filepath.Join(root, "empty"), 0o755)
	os.Symlink("a", filepath.Join(root, "link"))
	var want []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		if rel == "." {
			return nil
		}
		want = append(want, filepath.ToSlash(rel))
		if rel == "skip" {
			return fs.SkipDir
		}
		return nil
	})
	var mu sync.Mutex
	var got []string
	err := Walk(root, func(rel string, d fs.DirEntry, err error) bool {
		if err != nil {
			t.Errorf("%s: %v", rel, err)
		}
		mu.Lock()
		got = append(got, rel)
		mu.Unlock()
		return rel != "skip"
	})
	slices.Sort(got)
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("Walk = %v, %v\nwant %v", got, err, want)
	}
	if os.Getuid() != 0 { // root reads any folder
		os.Chmod(filepath.Join(root, "g", "h"), 0)
		defer os.Chmod(filepath.Join(root, "g", "h"), 0o755)
		var failed []string
		Walk(root, func(rel string, d fs.DirEntry, err error) bool {
			if err != nil {
				mu.Lock()
				failed = append(failed, rel)
				mu.Unlock()
			}
			return true
		})
		if strings.Join(failed, " ") != "g/h" {
			t.Errorf("unreadable folders visited with an error: %v", failed)
		}
	}
	if err := Walk(filepath.Join(root, "missing"), func(string, fs.DirEntry, error) bool { return true }); err == nil {
		t.Error("a missing root is no error")
	}
}

// TestWalkFewGoroutines: a tree of many folders is read by no more
// goroutines than readers (give or take those on their way out), every
// folder visited once.
func TestWalkFewGoroutines(t *testing.T) {
	root := t.TempDir()
	for i := range 300 {
		p := filepath.Join(root, "checkins", strconv.Itoa(i), "x")
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Goroutines of earlier tests may still be on their way out.
	base := runtime.NumGoroutine()
	for i := 0; i < 50 && base > 2; i++ {
		time.Sleep(2 * time.Millisecond)
		base = min(base, runtime.NumGoroutine())
	}
	var mu sync.Mutex
	most, folders := 0, 0
	err := Walk(root, func(rel string, d fs.DirEntry, err error) bool {
		mu.Lock()
		defer mu.Unlock()
		most = max(most, runtime.NumGoroutine()-base)
		folders++
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if folders != 1+300*2 {
		t.Errorf("%d folders visited, want %d", folders, 1+300*2)
	}
	// One goroutine per folder would be hundreds. The slack is for
	// goroutines that gave their turn back and are still on their way out
	// (some tens under the race detector).
	if most > 64 {
		t.Errorf("%d goroutines besides the caller's, want some, not one per folder", most)
	}
}
