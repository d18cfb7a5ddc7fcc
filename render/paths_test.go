package render

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

const pathsSite = `title = "T"
[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "O"
  [[objectives.key_results]]
  id = "KR1"
  title = "K"
  start = 0
  target = 10
`

const pathsCheckIn = "+++\ndate = 2026-07-14\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 1\n+++\n"

// TestCheckPaths builds sites whose sources would write the same output
// path, or a file where another needs a folder, and checks the errors:
// one for each collision, naming both sources.
func TestCheckPaths(t *testing.T) {
	tests := []struct {
		name  string
		files []string // besides okr.toml and content/checkins/w1.md; content/*.md are pages
		want  []string // errors, without the site folder
	}{
		{"clean", []string{"content/planning.md", "content/team/notes.md", "content/checkins/my week.md", "content/checkins/my%20week.md",
			"themes/default/static/extra.txt", "themes/default/static/assets/okrgen.css", "themes/default/static/team/logo.svg"}, nil},
		{"page data.json", []string{"content/data.json.md"},
			[]string{"content/data.json.md: its page data.json/ needs a folder data.json/, which collides with the generated data.json; expected another name: okrgen writes data.json"}},
		{"page 404.html", []string{"content/404.html.md"},
			[]string{"content/404.html.md: its page 404.html/ needs a folder 404.html/, which collides with the generated 404.html; expected another name: okrgen writes 404.html"}},
		{"page feed.xml", []string{"content/feed.xml.md"},
			[]string{"content/feed.xml.md: its page feed.xml/ needs a folder feed.xml/, which collides with the generated feed.xml; expected another name: okrgen writes feed.xml"}},
		{"page index.html", []string{"content/index.html.md"},
			[]string{"content/index.html.md: its page index.html/ needs a folder index.html/, which collides with the home page (index.html); expected another name: okrgen writes index.html"}},
		{"page in a page", []string{"content/a.md", "content/a/index.html.md"},
			[]string{"content/a/index.html.md: its page a/index.html/ needs a folder a/index.html/, which collides with the page of content/a.md; expected another name for one of the two"}},
		{"static quarters", []string{"themes/default/static/quarters"},
			[]string{"themes/default/static/quarters: collides with the quarter pages (in a folder quarters/); expected another name: okrgen writes the folder quarters/"}},
		{"static quarter", []string{"themes/default/static/quarters/2026-q3"},
			[]string{"themes/default/static/quarters/2026-q3: collides with the quarter pages (in a folder quarters/2026-q3/); expected another name: okrgen writes the folder quarters/2026-q3/"}},
		{"static checkins", []string{"themes/default/static/checkins", "content/checkins/w2.md"},
			[]string{"themes/default/static/checkins: collides with the check-in pages (in a folder checkins/); expected another name for one of the two"}},
		{"static generated", []string{"themes/default/static/data.json", "themes/default/static/index.html", "themes/default/static/feed.xml",
			"themes/default/static/404.html", "themes/default/static/.nojekyll", "themes/default/static/.okrgen-files",
			"themes/default/static/quarters/index.html", "themes/default/static/quarters/2026-q3/okrs.csv",
			"themes/default/static/quarters/2026-q3/retrospective.pdf", "themes/default/static/quarters/2026-q3/objectives/o1/index.html",
			"themes/default/static/checkins/w1/index.html"},
			[]string{
				"themes/default/static/.nojekyll: collides with the generated .nojekyll; expected another name: okrgen writes .nojekyll",
				"themes/default/static/.okrgen-files: collides with okrgen's list of the files it wrote (.okrgen-files); expected another name: okrgen writes .okrgen-files",
				"themes/default/static/404.html: collides with the generated 404.html; expected another name: okrgen writes 404.html",
				"themes/default/static/checkins/w1/index.html: collides with the page of content/checkins/w1.md; expected another name for one of the two",
				"themes/default/static/data.json: collides with the generated data.json; expected another name: okrgen writes data.json",
				"themes/default/static/feed.xml: collides with the generated feed.xml; expected another name: okrgen writes feed.xml",
				"themes/default/static/index.html: collides with the home page (index.html); expected another name: okrgen writes index.html",
				"themes/default/static/quarters/2026-q3/objectives/o1/index.html: collides with the page of objective 2026-Q3 O1; expected another name: okrgen writes quarters/2026-q3/objectives/o1/index.html",
				"themes/default/static/quarters/2026-q3/okrs.csv: collides with the okrs.csv of 2026-Q3; expected another name: okrgen writes quarters/2026-q3/okrs.csv",
				"themes/default/static/quarters/2026-q3/retrospective.pdf: collides with the retrospective PDF of 2026-Q3; expected another name: okrgen writes quarters/2026-q3/retrospective.pdf",
				"themes/default/static/quarters/index.html: collides with the page of all quarters (quarters/index.html); expected another name: okrgen writes quarters/index.html",
			}},
		{"static in generated", []string{"themes/default/static/data.json/x.txt"},
			[]string{"themes/default/static/data.json/x.txt: needs a folder data.json/, which collides with the generated data.json; expected another name: okrgen writes data.json"}},
		{"static and page", []string{"content/planning.md", "themes/default/static/planning/index.html"},
			[]string{"themes/default/static/planning/index.html: collides with the page of content/planning.md; expected another name for one of the two"}},
		{"static file for a page's folder", []string{"content/team/a.md", "content/team/b.md", "themes/default/static/team"},
			[]string{
				"themes/default/static/team: collides with the page of content/team/a.md (in a folder team/); expected another name for one of the two",
				"themes/default/static/team: collides with the page of content/team/b.md (in a folder team/); expected another name for one of the two",
			}},
		{"check-in", []string{"themes/default/static/checkins/w1"},
			[]string{"themes/default/static/checkins/w1: collides with the page of content/checkins/w1.md (in a folder checkins/w1/); expected another name for one of the two"}},
		{"several", []string{"content/data.json.md", "content/feed.xml.md", "themes/default/static/quarters"},
			[]string{
				"content/data.json.md: its page data.json/ needs a folder data.json/, which collides with the generated data.json; expected another name: okrgen writes data.json",
				"content/feed.xml.md: its page feed.xml/ needs a folder feed.xml/, which collides with the generated feed.xml; expected another name: okrgen writes feed.xml",
				"themes/default/static/quarters: collides with the quarter pages (in a folder quarters/); expected another name: okrgen writes the folder quarters/",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"okr.toml": pathsSite, "content/checkins/w1.md": pathsCheckIn}
			for _, f := range tt.files {
				switch {
				case strings.HasPrefix(f, "content/checkins/"):
					files[f] = pathsCheckIn
				case strings.HasPrefix(f, "content/"):
					files[f] = "A page.\n"
				default:
					files[f] = "x"
				}
			}
			dir := sitetest.Write(t, files)
			site, err := okr.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			err = CheckPaths(site, themes.Open(dir, site.Config.Theme))
			var list okr.ErrorList
			if err != nil && !errors.As(err, &list) {
				t.Fatalf("%v is not an okr.ErrorList", err)
			}
			for _, e := range list {
				got = append(got, strings.ReplaceAll(e.Error(), filepath.ToSlash(dir)+"/", ""))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

// TestOutputPathsMatchRender checks that the paths CheckPaths looks at are
// the paths a render writes, and no others: the example site with PDFs,
// and a theme of its own.
func TestOutputPathsMatchRender(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"extra.txt", "sub/more.txt", "assets/okrgen.css"} {
		p := filepath.Join(dir, "themes", "mine", "static", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, err := okr.Load("..")
	if err != nil {
		t.Fatal(err)
	}
	theme := themes.Open(dir, "mine")
	out, err := Render(site, okr.Compute(site, exampleAsOf), Options{Theme: theme, Generator: "g", PDFs: true})
	if err != nil {
		t.Fatal(err)
	}
	want := append(out.Paths(), Manifest)
	sort.Strings(want)
	var got []string
	for _, c := range outputPaths(site, theme) {
		got = append(got, c.path)
	}
	sort.Strings(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("output paths\n\t%s\nrendered\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}
