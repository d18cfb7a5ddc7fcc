package themes

import (
	"io/fs"
	"os"
	"path/filepath"
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
