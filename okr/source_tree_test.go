package okr

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// TestLinksStayInTheirTree: a link in content/ must lead inside content/,
// one in themes/ inside themes/, and no link may lead to a hidden file or
// into a hidden folder (.git/config holds the CI job's token); the error
// names the link and its target. Files reached without a link are read.
func TestLinksStayInTheirTree(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		".git/config":                       "[http] extraheader = AUTHORIZATION: basic SECRETTOKEN",
		".env":                              "TOKEN=SECRETTOKEN",
		"okr.toml":                          "title = \"x\"",
		"docs/shared.md":                    "shared",
		"content/a.md":                      "a",
		"content/.hidden/b.md":              "b",
		"themes/t/static/a.css":             "a",
		"themes/t/static/.well-known/x.txt": "x",
		"themes/u/static/shared.css":        "shared",
	})
	symlink(t, dir, "../.git/config", "content/gitconfig.md")
	symlink(t, dir, "../../../.git/config", "themes/t/static/leak.txt")
	symlink(t, dir, "../../../.env", "themes/t/static/env.txt")
	symlink(t, dir, "../../../.git", "themes/t/static/git")
	symlink(t, dir, "../okr.toml", "content/toml.md")
	symlink(t, dir, "../docs/shared.md", "content/shared.md")
	symlink(t, dir, "../../../content/a.md", "themes/t/static/page.md")
	symlink(t, dir, ".hidden/b.md", "content/b.md")
	symlink(t, dir, "a.md", "content/same.md")
	symlink(t, dir, "../../u/static/shared.css", "themes/t/static/shared.css")
	symlink(t, dir, "x.txt", "themes/t/static/.well-known/y.txt")

	tests := []struct {
		dir, name string
		want      string // the content, or the start of the error's message
	}{
		{"content", "gitconfig.md", "links to .git/config, inside the hidden folder .git; expected a link whose target has no name starting with a dot"},
		{"content", "toml.md", "links to okr.toml, outside content/; expected a link that stays inside content/"},
		{"content", "shared.md", "links to docs/shared.md, outside content/"},
		{"content", "b.md", "links to content/.hidden/b.md, inside the hidden folder .hidden"},
		{"content", "same.md", "a"},
		{"themes/t", "static/leak.txt", "links to .git/config, inside the hidden folder .git"},
		{"themes/t", "static/env.txt", "links to .env, a file whose name starts with a dot"},
		{"themes/t", "static/git/config", "links to .git/config, inside the hidden folder .git"},
		{"themes/t", "static/page.md", "links to content/a.md, outside themes/"},
		{"themes/t", "static/shared.css", "shared"},
		{"themes/t", "static/.well-known/x.txt", "x"},
		{"themes/t", "static/.well-known/y.txt", "x"},
	}
	for _, tt := range tests {
		b, err := fs.ReadFile(SourceFS(dir, tt.dir, 1<<20), tt.name)
		got := string(b)
		if err != nil {
			var se *SourceError
			if !errors.As(err, &se) {
				t.Errorf("%s/%s: %v is not a *SourceError", tt.dir, tt.name, err)
				continue
			}
			if se.Path != tt.dir+"/"+tt.name || se.Outside {
				t.Errorf("%s/%s: %+v", tt.dir, tt.name, se)
			}
			got = se.Msg
		}
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s/%s: got %q, want %q", tt.dir, tt.name, got, tt.want)
		}
	}

	// ReadSource reads anywhere in the site, but not through a link into
	// a hidden folder.
	symlink(t, dir, ".git/config", "font.ttf")
	if _, err := ReadSource(dir, "font.ttf", 1<<20); err == nil || !strings.Contains(err.Error(), "font.ttf: links to .git/config, inside the hidden folder .git") {
		t.Errorf("ReadSource of a link to .git/config: %v", err)
	}
	if b, err := ReadSource(dir, "docs/shared.md", 1<<20); err != nil || string(b) != "shared" {
		t.Errorf("ReadSource of docs/shared.md: %q, %v", b, err)
	}
}

// TestThemeFolderLinkedOutOfThemes: themes/mine linked to a folder
// elsewhere in the site is an error at okr.toml's theme, saying what is
// expected once.
func TestThemeFolderLinkedOutOfThemes(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"okr.toml":       "theme = \"mine\"\n" + goodTOML,
		"docs/layouts/x": "x",
	})
	symlink(t, dir, "../docs", "themes/mine")
	got := loadErrors(t, dir)
	want := `okr.toml:1:1: theme "mine": themes/mine links to docs, outside themes/; expected a link that stays inside themes/`
	if got != want {
		t.Errorf("errors:\n%s\nwant\n%s", got, want)
	}
}

// TestLinksIntoGitAreErrors: okrgen's loader reports a check-in linked
// to .git/config, and refuses a pdf_font in a hidden folder.
func TestLinksIntoGitAreErrors(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"okr.toml":     "pdf_font = \".fonts/x.ttf\"\n" + goodTOML,
		".fonts/x.ttf": "not a font",
		".git/config":  "SECRETTOKEN",
	})
	symlink(t, dir, "../.git/config", "content/gitconfig.md")
	symlink(t, dir, "../.git/config", "content/gitconfig.txt") // not read: no error
	symlink(t, dir, "../docs", "content/docs")                 // a folder: not followed
	os.Mkdir(filepath.Join(dir, "docs"), 0o755)
	got := loadErrors(t, dir)
	if strings.Contains(got, "gitconfig.txt") || strings.Contains(got, "content/docs") {
		t.Errorf("errors for links that are not read:\n%s", got)
	}
	for _, want := range []string{
		"content/gitconfig.md: links to .git/config, inside the hidden folder .git; expected a link whose target has no name starting with a dot\n",
		`pdf_font ".fonts/x.ttf": is inside the hidden folder .fonts; expected a TrueType (.ttf) file inside the site folder, not in a folder whose name starts with a dot`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors:\n%s\nwant %q", got, want)
		}
	}
	if strings.Contains(got, "SECRETTOKEN") {
		t.Errorf("errors show the secret:\n%s", got)
	}
}
