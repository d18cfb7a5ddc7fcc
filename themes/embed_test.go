package themes

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultHasLayoutsAndAssets(t *testing.T) {
	for _, p := range []string{"layouts/base.html", "layouts/quarter.html", "static/assets/okrgen.css", "static/assets/echarts/echarts.min.js", "static/assets/echarts/LICENSE"} {
		if _, err := fs.Stat(Default(), p); err != nil {
			t.Errorf("built-in theme lacks %s", p)
		}
	}
}

func TestOpenOverlaysSiteTheme(t *testing.T) {
	site := t.TempDir()
	dir := filepath.Join(site, "themes", "mine", "static", "assets")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "okrgen.css"), []byte("body{}"), 0o644)
	os.WriteFile(filepath.Join(dir, "extra.css"), []byte("x"), 0o644)
	th := Open(site, "mine")
	if b, _ := fs.ReadFile(th, "static/assets/okrgen.css"); string(b) != "body{}" {
		t.Errorf("site file does not override: %q", b)
	}
	if _, err := fs.Stat(th, "layouts/base.html"); err != nil {
		t.Errorf("built-in layouts not reachable: %v", err)
	}
	var files []string
	fs.WalkDir(th, "static/assets", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	want := map[string]bool{"static/assets/extra.css": true, "static/assets/okrgen.css": true, "static/assets/okrgen.js": true}
	n := 0
	for _, f := range files {
		if want[f] {
			n++
		}
	}
	if n != len(want) {
		t.Errorf("walk lists %v, want the union of both trees", files)
	}
	if Open(site, "missing") == nil {
		t.Error("missing theme folder")
	}
}

// TestOpenRefusesUnsafeFiles: a site's theme file that is a link out of the
// site, or a named pipe, is an error when read, not a fallback to the
// built-in file nor a read of the outside file.
func TestOpenRefusesUnsafeFiles(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "environ")
	if err := os.WriteFile(outside, []byte("SECRET_TOKEN=x"), 0o600); err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	static := filepath.Join(site, "themes", "mine", "static", "assets")
	layouts := filepath.Join(site, "themes", "mine", "layouts")
	os.MkdirAll(static, 0o755)
	os.MkdirAll(layouts, 0o755)
	for _, l := range [][2]string{{outside, filepath.Join(static, "env.txt")}, {outside, filepath.Join(static, "okrgen.css")}, {outside, filepath.Join(layouts, "base.html")}} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Skip(err)
		}
	}
	th := Open(site, "mine")
	for _, p := range []string{"static/assets/env.txt", "static/assets/okrgen.css", "layouts/base.html"} {
		b, err := fs.ReadFile(th, p)
		if err == nil || !strings.Contains(err.Error(), "links outside the site folder") {
			t.Errorf("%s: read %q, %v; want an error", p, b, err)
		}
	}
	// Walking static/ lists the link, so that copying it fails.
	found := false
	fs.WalkDir(th, "static", func(p string, d fs.DirEntry, err error) error {
		found = found || p == "static/assets/env.txt"
		return nil
	})
	if !found {
		t.Error("the link is left out of the walk")
	}
}

// TestOpenBoundsFiles: a theme file larger than MaxThemeFileSize is an
// error, read no further than the bound.
func TestOpenBoundsFiles(t *testing.T) {
	site := t.TempDir()
	dir := filepath.Join(site, "themes", "mine", "static")
	os.MkdirAll(dir, 0o755)
	f, err := os.Create(filepath.Join(dir, "huge.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(3 << 30); err != nil { // sparse
		t.Skip(err)
	}
	f.Close()
	_, err = fs.ReadFile(Open(site, "mine"), "static/huge.bin")
	if err == nil || !strings.Contains(err.Error(), "expected at most 32.0 MB") {
		t.Errorf("3 GB theme file: %v", err)
	}
}
