package treewalk

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
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
