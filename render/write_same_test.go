//go:build unix

package render

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSameFile: a file of the previous output counts as the same only
// when okrgen wrote it (the Manifest lists it), it is a regular file of
// its own reached through no link, with a new file's permissions and
// exactly the bytes; by openat2 and by path alike.
func TestSameFile(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	files := map[string]string{"a.html": "same", "sub/b.html": "same", "linked/c.html": "same", "hard.html": "same",
		"mode.html": "same", "edited.html": "same", "link.html": "same", "gone.html": "same"}
	if err := build(dest, false, files); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(dir, "elsewhere", "c.html"), "same")
	os.RemoveAll(filepath.Join(dest, "linked"))
	os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dest, "linked"))
	os.Link(filepath.Join(dest, "hard.html"), filepath.Join(dir, "hard-copy.html"))
	os.Chmod(filepath.Join(dest, "mode.html"), 0o600)
	writeTestFile(t, filepath.Join(dest, "edited.html"), "SAME")
	os.Remove(filepath.Join(dest, "link.html"))
	os.Symlink("a.html", filepath.Join(dest, "link.html"))
	os.Remove(filepath.Join(dest, "gone.html"))
	writeTestFile(t, filepath.Join(dest, "foreign.html"), "same")
	tests := []struct {
		path, data string
		shared     bool
		want       bool
	}{
		{"a.html", "same", false, true},
		{"sub/b.html", "same", false, true},
		{"a.html", "samE", false, false},
		{"a.html", "same!", false, false},
		{"a.html", "", false, false},
		{"linked/c.html", "same", false, false},
		{"hard.html", "same", false, false},
		{"hard.html", "same", true, true},
		{"mode.html", "same", false, false},
		{"edited.html", "same", false, false},
		{"link.html", "same", false, false},
		{"gone.html", "same", false, false},
		{"foreign.html", "same", false, false},
	}
	w, err := NewDirWriter(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	byPath := readPrevious(dest, w.prev.perm)
	byPath.close()
	byPath.rootFD = -1
	for _, tt := range tests {
		if got := w.prev.same(tt.path, []byte(tt.data), tt.shared); got != tt.want {
			t.Errorf("same(%s, %q, shared %v) = %v", tt.path, tt.data, tt.shared, got)
		}
		if got := byPath.same(tt.path, []byte(tt.data), tt.shared); got != tt.want {
			t.Errorf("by path: same(%s, %q, shared %v) = %v", tt.path, tt.data, tt.shared, got)
		}
	}
}
