package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUserFoldersBesideDestKept: a folder beside the destination whose
// name starts as a build's does, but that okrgen cannot show it made (no
// stage marker, no Manifest, not empty), stays with its files, and the
// build warns of it; okrgen's own leftovers go.
func TestUserFoldersBesideDestKept(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	mine := []string{
		".public.old-keep/notes.txt",
		".public.new-keep/notes.txt",
		".public.old-123/notes.txt",
		".public.new-456/notes.txt",
		".public.new-1x/" + stageMarker,
	}
	for _, p := range mine {
		writeTestFile(t, filepath.Join(dir, p), "mine")
	}
	writeTestFile(t, filepath.Join(dir, ".public.new-789", stageMarker), "")
	writeTestFile(t, filepath.Join(dir, ".public.new-789", "index.html"), "half")
	writeTestFile(t, filepath.Join(dir, ".public.old-790", Manifest), "index.html\n")
	writeTestFile(t, filepath.Join(dir, ".public.old-790", "index.html"), "old")
	if err := os.Mkdir(filepath.Join(dir, ".public.new-791"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := NewDirWriter(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Put("index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, p := range mine {
		if b, err := os.ReadFile(filepath.Join(dir, p)); err != nil || string(b) != "mine" {
			t.Errorf("%s: %q, %v", p, b, err)
		}
	}
	if n := names(t, dir); n != ".public.new-1x .public.new-456 .public.new-keep .public.old-123 .public.old-keep public" {
		t.Errorf("beside public: %s", n)
	}
	warned := strings.Join(w.Warnings(), "\n")
	for _, name := range []string{".public.new-456", ".public.old-123"} {
		if !strings.Contains(warned, name) {
			t.Errorf("no warning of %s: %q", name, warned)
		}
	}
	if got := tree(t, dest); len(got) != 2 || got["index.html"] != "new" {
		t.Errorf("public: %v", got)
	}
}

// TestUserStageNamedFolderInDestIsForeign: a folder of the user's in the
// destination named as a build's folder inside it is the user's: a build
// does not replace the destination without --force.
func TestUserStageNamedFolderInDestIsForeign(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if err := build(dest, false, map[string]string{"index.html": "old"}); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(dest, stagePrefix+"mine", "notes.txt"), "mine")
	if err := CheckReplace(dest); err == nil || !strings.Contains(err.Error(), stagePrefix+"mine") {
		t.Errorf("CheckReplace: %v; want the folder named", err)
	}
}
