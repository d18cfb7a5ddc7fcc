package okr

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// TestReadSource: ReadSource reads regular files inside the site up to a
// bound, and says why it reads nothing else.
func TestReadSource(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"a.md":        "12345",
		"sub/b.md":    "b",
		"folder/x.md": "x",
	})
	outside := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(outside, []byte("secret"), 0o600)
	symlink(t, dir, "a.md", "link.md")
	symlink(t, dir, "../a.md", "sub/up.md")
	symlink(t, dir, "nowhere.md", "dangling.md")
	symlink(t, dir, outside, "out.md")
	symlink(t, dir, filepath.Dir(outside), "outdir")
	tests := []struct {
		rel     string
		limit   int64
		want    string // the content, or the error's message
		outside bool
		missing bool
	}{
		{"a.md", 5, "12345", false, false},
		{"a.md", 4, "file is 5 bytes; expected at most 4 bytes", false, false},
		{"sub/b.md", 5, "b", false, false},
		{"link.md", 5, "12345", false, false},
		{"sub/up.md", 5, "12345", false, false},
		{"folder", 5, "is a folder, not a regular file", false, false},
		{"none.md", 5, "cannot read: no such file or directory", false, true},
		{"dangling.md", 5, "links to nowhere.md, which does not exist", false, false},
		{"../x.md", 5, "is outside the site folder; sources must be inside the site", true, false},
		{"sub/../../x.md", 5, "is outside the site folder", true, false},
		{"out.md", 5, "links outside the site folder to ", true, false},
		{"outdir/secret", 10, "links outside the site folder to ", true, false},
	}
	for _, tt := range tests {
		b, err := ReadSource(dir, tt.rel, tt.limit)
		got := string(b)
		var se *SourceError
		if err != nil {
			if !errors.As(err, &se) {
				t.Errorf("%s: %v is not a *SourceError", tt.rel, err)
				continue
			}
			got = se.Msg
			if se.Path != tt.rel || se.Outside != tt.outside || errors.Is(err, fs.ErrNotExist) != tt.missing {
				t.Errorf("%s: %+v", tt.rel, se)
			}
		}
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.rel, got, tt.want)
		}
	}
}

// TestSourceFS: SourceFS is a well-behaved fs.FS that lists a link to a
// file inside the site as the file, leaves out links to folders, and
// lists links out of the site so that opening them fails.
func TestSourceFS(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"themes/t/static/a.css":           "a",
		"themes/t/static/img/b.svg":       "<svg/>",
		"themes/t/layouts/x.html":         "x",
		"themes/common/common.css":        "common",
		"themes/common/folder/inside.css": "inside",
	})
	symlink(t, dir, "../../common/common.css", "themes/t/static/common.css")
	symlink(t, dir, "../../common/folder", "themes/t/static/folder")
	fsys := SourceFS(dir, "themes/t", 1<<20)
	if err := fstest.TestFS(fsys, "static/a.css", "static/img/b.svg", "static/common.css", "layouts/x.html"); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(fsys, "static/folder/inside.css"); err != nil {
		t.Errorf("a file through a link to a folder inside the site: %v", err)
	}
	entries, _ := fs.ReadDir(fsys, "static")
	for _, e := range entries {
		if e.Name() == "folder" {
			t.Error("a link to a folder is listed")
		}
	}

	outside := filepath.Join(t.TempDir(), "environ")
	os.WriteFile(outside, []byte("SECRET"), 0o600)
	symlink(t, dir, outside, "themes/t/static/env.txt")
	entries, err := fs.ReadDir(fsys, "static")
	if err != nil {
		t.Fatal(err)
	}
	listed := false
	for _, e := range entries {
		if e.Name() == "env.txt" {
			listed = e.Type()&fs.ModeSymlink != 0
		}
	}
	if !listed {
		t.Error("a link out of the site is not listed as a link")
	}
	if b, err := fs.ReadFile(fsys, "static/env.txt"); err == nil || !strings.Contains(err.Error(), "themes/t/static/env.txt: links outside the site folder") {
		t.Errorf("ReadFile of a link out: %q, %v", b, err)
	}
	if _, err := fsys.Open("static/env.txt"); err == nil || errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open of a link out: %v; want an error other than not-exist", err)
	}
	if _, err := fsys.Open("../okr.toml"); err == nil {
		t.Error("Open of an invalid name")
	}
}

// TestIsOrInside: a path is inside a folder when it is the folder or
// below it, not when it only starts with the same letters.
func TestIsOrInside(t *testing.T) {
	sep := string(filepath.Separator)
	root := filepath.Join(sep, "site")
	tests := []struct {
		root, p string
		want    bool
	}{
		{root, root, true},
		{root, filepath.Join(root, "content", "a.md"), true},
		{root, root + "2", false},
		{root, filepath.Join(sep, "other"), false},
		{filepath.Join(root, "content"), root, false},
		{sep, filepath.Join(sep, "x"), true},
		{sep, sep, true},
	}
	for _, tt := range tests {
		if got := isOrInside(tt.root, tt.p); got != tt.want {
			t.Errorf("isOrInside(%q, %q) = %v", tt.root, tt.p, got)
		}
	}
}
