package okr

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// loadErrors loads dir and returns its errors with the folder's name
// taken off, one a line.
func loadErrors(t *testing.T, dir string) string {
	t.Helper()
	_, err := Load(dir)
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load: %v, want an ErrorList", err)
	}
	return strings.ReplaceAll(list.Error(), dir+"/", "")
}

// symlink makes the link name (site-relative) to target, or skips.
func symlink(t *testing.T, dir, target, name string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.Symlink(target, p); err != nil {
		t.Skip(err)
	}
}

// TestLinksOutOfTheSite: a link leading out of the site folder is an error
// naming the link and where it leads, wherever it is; links that stay in
// the site are read.
func TestLinksOutOfTheSite(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(secret, []byte("+++\ndate = 2026-07-14\n+++\nTOKEN\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	realOutside, _ := filepath.EvalSymlinks(outside)
	realSecret := filepath.Join(realOutside, "secret.md")
	tests := []struct {
		name   string
		files  map[string]string
		link   string // site-relative
		target string
		where  string
		msg    string
	}{
		{"check-in", map[string]string{"okr.toml": goodTOML}, "content/checkins/passwd.md", secret, "content/checkins/passwd.md", "links outside the site folder to " + realSecret + "; sources must be inside the site"},
		{"page", map[string]string{"okr.toml": goodTOML}, "content/passwd.md", secret, "content/passwd.md", "links outside the site folder to " + realSecret},
		{"relative", map[string]string{"okr.toml": goodTOML}, "content/passwd.md", "RELATIVE", "content/passwd.md", "links outside the site folder to " + realSecret},
		{"folder", map[string]string{"okr.toml": goodTOML}, "content/linked", outside, "content/linked", "links outside the site folder to " + realOutside},
		{"content", map[string]string{"okr.toml": goodTOML}, "content", outside, "content", "links outside the site folder to " + realOutside},
		{"okr.toml", map[string]string{"content/x.md": "x"}, "okr.toml", secret, "okr.toml", "links outside the site folder to " + realSecret},
		{"pdf_font", map[string]string{"okr.toml": "pdf_font = \"font.ttf\"\n" + goodTOML}, "font.ttf", secret, "okr.toml:1:1", `pdf_font "font.ttf": links outside the site folder to ` + realSecret},
		{"theme", map[string]string{"okr.toml": "theme = \"mine\"\n" + goodTOML}, "themes/mine", outside, "okr.toml:1:1", `theme "mine": themes/mine links outside the site folder to ` + realOutside},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sitetest.Write(t, tt.files)
			if tt.target == "RELATIVE" {
				real, _ := filepath.EvalSymlinks(dir)
				r, err := filepath.Rel(filepath.Join(real, filepath.Dir(filepath.FromSlash(tt.link))), realSecret)
				if err != nil {
					t.Skip(err)
				}
				tt.target = r
			}
			symlink(t, dir, tt.target, tt.link)
			got := loadErrors(t, dir)
			if !strings.Contains(got, tt.where+": "+tt.msg) {
				t.Errorf("no error at %s with %q; got:\n%s", tt.where, tt.msg, got)
			}
			if strings.Contains(got, "TOKEN") {
				t.Errorf("the outside file was read: %s", got)
			}
		})
	}
}

// TestPDFFontOutsideAndTooLarge: pdf_font names a file inside the site, of
// a bounded size.
func TestPDFFontOutsideAndTooLarge(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "font.ttf")
	os.WriteFile(outside, []byte("font"), 0o644)
	dir := sitetest.Write(t, map[string]string{"okr.toml": "pdf_font = \"" + filepath.ToSlash(outside) + "\"\n" + goodTOML})
	if got := loadErrors(t, dir); !strings.Contains(got, "okr.toml:1:1: pdf_font") || !strings.Contains(got, "is outside the site folder") {
		t.Errorf("absolute pdf_font outside the site: %s", got)
	}
	dir = sitetest.Write(t, map[string]string{"okr.toml": "pdf_font = \"../font.ttf\"\n" + goodTOML})
	if got := loadErrors(t, dir); !strings.Contains(got, "okr.toml:1:1: pdf_font") || !strings.Contains(got, "is outside the site folder") {
		t.Errorf("pdf_font ../: %s", got)
	}
	// A sparse 3 GB file: refused from its size, not read.
	dir = sitetest.Write(t, map[string]string{"okr.toml": "pdf_font = \"big.ttf\"\n" + goodTOML})
	f, err := os.Create(filepath.Join(dir, "big.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(3 << 30); err != nil {
		t.Skip(err)
	}
	f.Close()
	if got := loadErrors(t, dir); !strings.Contains(got, `okr.toml:1:1: pdf_font "big.ttf": file is 3.0 GB; expected at most 32.0 MB`) {
		t.Errorf("3 GB pdf_font: %s", got)
	}
}

// TestConfigErrorsHideNoContentErrors: a broken okr.toml does not hide the
// errors of check-ins and pages that do not depend on it; only KR
// references, which do, are left unresolved.
func TestConfigErrorsHideNoContentErrors(t *testing.T) {
	for _, cfg := range []string{"title = \n", "title = \"T\"\x00", "titel = \"T\"\n"} {
		dir := sitetest.Write(t, map[string]string{
			"okr.toml":                  cfg,
			"content/checkins/a.md":     "---\ndate: 2026-07-14\n---\n",
			"content/checkins/b.md":     "+++\ndate = 2026-07-14\n+++\n\xff\n",
			"content/checkins/c.md":     "+++\ndate = 2026-07-14\n[[updates]]\nkr = \"O9.KR9\"\nvalue = 1\n+++\n",
			"content/checkins/d.md":     "+++\ndate = \"soon\"\n+++\nx\n",
			"content/page.md":           "+++\ntitle = 3\n+++\n",
			"content/retros/2099-Q1.md": "x\n",
		})
		got := loadErrors(t, dir)
		for _, want := range []string{"okr.toml:", "content/checkins/a.md:1:1: YAML front matter", "content/checkins/b.md:4: invalid UTF-8", "content/checkins/d.md:2", "content/page.md:2"} {
			if !strings.Contains(got, want) {
				t.Errorf("okr.toml %q: no error %q in:\n%s", cfg, want, got)
			}
		}
		if strings.Contains(got, "c.md") || strings.Contains(got, "2099-Q1") {
			t.Errorf("okr.toml %q: errors that depend on okr.toml reported:\n%s", cfg, got)
		}
	}
}

// TestConfigErrorsKeepTheLoaderRight: a Loader that met a broken okr.toml
// resolves every check-in again once it is fixed.
func TestConfigErrorsKeepTheLoaderRight(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"okr.toml":              goodTOML,
		"content/checkins/a.md": "+++\ndate = 2026-07-14\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 1\n+++\n",
	})
	var ld Loader
	if _, err := ld.Load(dir); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "okr.toml"), []byte("title = \n"), 0o644)
	if _, err := ld.Load(dir); err == nil {
		t.Fatal("broken okr.toml loaded")
	}
	os.WriteFile(filepath.Join(dir, "okr.toml"), []byte(goodTOML), 0o644)
	site, err := ld.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if u := site.CheckIns[0].Updates; len(u) != 1 || u[0].KR != site.Quarters[0].Objectives[0].KeyResults[0] {
		t.Errorf("check-in not resolved against the fixed okr.toml: %+v", u)
	}
}

// TestMarkdownExtensions: .md in any case and .markdown are Markdown; the
// extension never reaches a URL.
func TestMarkdownExtensions(t *testing.T) {
	site := mustLoad(t, map[string]string{
		"okr.toml":                         goodTOML,
		"content/checkins/week-1.MD":       "+++\ndate = 2026-07-14\n+++\nA\n",
		"content/checkins/week-2.markdown": "+++\ndate = 2026-07-21\n+++\nB\n",
		"content/checkins/notes.txt":       "not Markdown",
		"content/About.Markdown":           "About\n",
		"content/retros/2026-Q3.Md":        "Retro\n",
	})
	if len(site.CheckIns) != 2 || site.CheckIns[0].Stem != "week-1" || site.CheckIns[1].Stem != "week-2" {
		t.Errorf("check-ins: %+v", site.CheckIns)
	}
	if len(site.Pages) != 1 || site.Pages[0].Slug != "About" {
		t.Errorf("pages: %+v", site.Pages)
	}
	if site.Quarters[0].Retro == nil {
		t.Error("retro .Md not attached")
	}
}

// TestNamesDifferingInCase: two check-ins (or pages, or retros) whose
// names differ only in case would share a folder on macOS and Windows and
// a URL on case-insensitive servers: an error naming both.
func TestNamesDifferingInCase(t *testing.T) {
	got := loadErrors(t, sitetest.Write(t, map[string]string{
		"okr.toml":                        goodTOML,
		"content/checkins/Week-1.md":      "+++\ndate = 2026-07-14\n+++\nA\n",
		"content/checkins/week-1.md":      "+++\ndate = 2026-07-15\n+++\nB\n",
		"content/retros/2026-Q3.md":       "R\n",
		"content/retros/2026-Q3.markdown": "R\n",
	}))
	if !strings.Contains(got, "content/checkins/week-1.md") || !strings.Contains(got, "content/checkins/Week-1.md") {
		t.Errorf("check-ins differing in case: %s", got)
	}
	if !strings.Contains(got, "content/retros/2026-Q3.markdown") || !strings.Contains(got, "content/retros/2026-Q3.md") {
		t.Errorf("two retros of a quarter: %s", got)
	}
}

// TestHugeConfigIsNotRead: okr.toml of 3 GB (sparse) is refused from its
// size, not read into memory.
func TestHugeConfigIsNotRead(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{"content/checkins/a.md": "---\n"})
	f, err := os.Create(filepath.Join(dir, "okr.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(3 << 30); err != nil {
		t.Skip(err)
	}
	f.Close()
	got := loadErrors(t, dir)
	if !strings.Contains(got, "okr.toml:1: file is 3.0 GB; expected at most 8.0 MB") || !strings.Contains(got, "content/checkins/a.md:1:1: YAML") {
		t.Errorf("3 GB okr.toml: %s", got)
	}
}

// TestBadDateHidesNoUpdateErrors: a check-in whose date is wrong still gets
// its updates checked, but for the key results, which the date resolves.
func TestBadDateHidesNoUpdateErrors(t *testing.T) {
	got := loadErrors(t, sitetest.Write(t, map[string]string{
		"okr.toml":              goodTOML,
		"content/checkins/a.md": "+++\ndate = \"soon\"\n[[updates]]\nkr = \"O1.KR9\"\nvalue = 1\nconfidence = 11\nnte = \"x\"\n+++\n",
	}))
	for _, want := range []string{"content/checkins/a.md:2", "content/checkins/a.md:6:1: confidence is 11", `content/checkins/a.md:7:1: unknown key "nte"`} {
		if !strings.Contains(got, want) {
			t.Errorf("no error %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "O1.KR9") {
		t.Errorf("a KR resolved without a date:\n%s", got)
	}
}
