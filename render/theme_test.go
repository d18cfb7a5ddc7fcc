package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

// TestCheckTheme: okrgen check reads a theme as a render does, so that a
// layout that does not parse, a layout that names a template nobody
// defines, and a static file that may not be read fail check as they fail
// build.
func TestCheckTheme(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "environ")
	os.WriteFile(outside, []byte("SECRET_TOKEN=x"), 0o600)
	tests := []struct {
		name  string
		files map[string]string
		link  string // a theme file made a link to outside
		want  string // in the error; "" for none
	}{
		{"built-in", nil, "", ""},
		{"parse error", map[string]string{"layouts/quarter.html": "{{define \"content\"}}{{ .Foo"}, "", "layouts/quarter.html"},
		{"partial parse error", map[string]string{"layouts/partials/nav.html": "{{define \"nav\"}}{{end}}{{ if }}"}, "", "nav.html"},
		{"no content template", map[string]string{"layouts/page.html": "<p>no content</p>"}, "", `layouts/page.html: html/template:base.html:`},
		{"static link out", nil, "static/env.txt", "themes/mine/static/env.txt: links outside the site folder"},
		{"layout link out", nil, "layouts/checkin.html", "themes/mine/layouts/checkin.html: links outside the site folder"},
		{"partials link out", nil, "layouts/partials", "themes/mine/layouts/partials: links outside the site folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"themes/mine/static/x.txt": "x"}
			for p, b := range tt.files {
				files["themes/mine/"+p] = b
			}
			dir := sitetest.Write(t, files)
			if tt.link != "" {
				p := filepath.Join(dir, "themes", "mine", filepath.FromSlash(tt.link))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.Symlink(outside, p); err != nil {
					t.Skip(err)
				}
			}
			err := CheckTheme(themes.Open(dir, "mine"))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("CheckTheme: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("CheckTheme: %v; want an error with %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "SECRET") {
				t.Errorf("the outside file shows: %v", err)
			}
		})
	}
}

// TestStaticLinkOutFailsRender: a theme's static file linked out of the
// site fails the render; its target is never published.
func TestStaticLinkOutFailsRender(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "environ")
	os.WriteFile(outside, []byte("SECRET_TOKEN=x"), 0o600)
	dir := sitetest.Write(t, map[string]string{"themes/mine/static/x.txt": "x"})
	if err := os.Symlink(outside, filepath.Join(dir, "themes/mine/static/env.txt")); err != nil {
		t.Skip(err)
	}
	site, err := okr.Load("..")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Render(site, okr.Compute(site, exampleAsOf), Options{Theme: themes.Open(dir, "mine"), Generator: "g"})
	if err == nil || !strings.Contains(err.Error(), "env.txt: links outside the site folder to ") {
		t.Errorf("Render: %v, want an error", err)
	}
	if out != nil && strings.Contains(string(out.Files["env.txt"]), "SECRET") {
		t.Error("published")
	}
}

// TestStaticCopiesGetFixedModes: a theme's static file is written with the
// permissions of okrgen's own files, whatever the source's: a private file
// of the site is not published private, nor a file published with the
// source's group or world bits.
func TestStaticCopiesGetFixedModes(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{"themes/mine/static/private/key.txt": "k", "themes/mine/static/open.txt": "o"})
	os.Chmod(filepath.Join(dir, "themes/mine/static/private/key.txt"), 0o600)
	os.Chmod(filepath.Join(dir, "themes/mine/static/private"), 0o700)
	os.Chmod(filepath.Join(dir, "themes/mine/static/open.txt"), 0o777)
	site, err := okr.Load("..")
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	w, err := NewDirWriter(dest)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RenderTo(site, okr.Compute(site, exampleAsOf), Options{Theme: themes.Open(dir, "mine"), Generator: "g"}, w); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	mode := func(p string) os.FileMode {
		fi, err := os.Stat(filepath.Join(dest, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Mode().Perm()
	}
	own, ownDir := mode("index.html"), mode("quarters")
	for p, want := range map[string]os.FileMode{"private/key.txt": own, "open.txt": own, "private": ownDir} {
		if got := mode(p); got != want {
			t.Errorf("%s: mode %v, want %v as okrgen's own", p, got, want)
		}
	}
}
