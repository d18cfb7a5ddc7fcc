package render

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
	"github.com/okrgen/okrgen/themes"
)

// TestBuiltinLayoutsFast: the built-in theme's check-in and objective
// pages are written by writeFast. When this fails, a layout a writer
// mirrors (base.html, the page's layout or a partial) changed: make the
// writer write what the layouts now do, set its builtinDigests entry to
// the digest below, and run TestFastSameBytes.
func TestBuiltinLayoutsFast(t *testing.T) {
	for layout, want := range builtinDigests {
		d, err := layoutsDigest(themes.Default(), layoutFiles(layout))
		if err != nil {
			t.Fatal(err)
		}
		if d != want {
			t.Errorf("the built-in layouts of %s pages have digest %s; its writer was written for %s", layout, d, want)
		}
	}
}

// TestFastWritesPages: writeFast writes every check-in and objective page
// of the example site (none left to html/template), and no page of a
// layout it has no writer for.
func TestFastWritesPages(t *testing.T) {
	site, err := okr.Load("..")
	if err != nil {
		t.Fatal(err)
	}
	n := okr.Compute(site, mustDate(t, "2026-08-20"))
	r := &renderer{site: site, num: n, opt: Options{Theme: themes.Default(), Generator: "okrgen test"}, out: &Site{}}
	r.md = newMarkdown(false)
	r.targets = linkTargets(site)
	r.bodies = r.feedBodies()
	if err := r.parseLayouts(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	objectives := 0
	for _, qn := range n.Quarters {
		for _, on := range qn.Objectives {
			p := r.newPage(objectivePath(on.Objective)+"index.html", on.Objective.Title)
			p.Quarter, p.Objective, p.Charts = r.quarterView(qn), r.objectiveView(qn, on), true
			if b.Reset(); !r.writeFast(&b, "objective", p) {
				t.Errorf("%s: left to html/template", p.File)
			}
			objectives++
		}
	}
	for _, c := range n.CheckIns {
		p := r.newPage(checkInPath(c)+"index.html", c.Title)
		p.CheckIn = &checkInView{CheckIn: c, Body: r.checkInPage(c)}
		if b.Reset(); !r.writeFast(&b, "checkin", p) {
			t.Errorf("%s: left to html/template", p.File)
		}
	}
	if objectives == 0 || len(n.CheckIns) == 0 {
		t.Error("no page written")
	}
	if r.writeFast(&b, "quarter", r.newPage("index.html", "x")) {
		t.Error("a quarter page written without html/template")
	}
}

// slowTheme returns the built-in theme with an empty partial added: the
// same pages, but not the built-in layouts' files, so that every page goes
// through html/template.
func slowTheme(t testing.TB) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(themes.Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(themes.Default(), p)
		m[p] = &fstest.MapFile{Data: b, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m["layouts/partials/zz-empty.html"] = &fstest.MapFile{Data: []byte("{{/* nothing */}}\n"), Mode: 0o644}
	for layout, fast := range builtinLayouts(m) {
		if fast {
			t.Fatalf("a theme with a partial of its own counts as the built-in one for %s pages", layout)
		}
	}
	return m
}

// sameFiles fails t for every file of got that differs from want's, and
// returns how many check-in and objective pages it compared.
func sameFiles(t *testing.T, got, want *Site) (checkIns, objectives int) {
	t.Helper()
	if len(got.Files) != len(want.Files) {
		t.Errorf("%d files, want %d", len(got.Files), len(want.Files))
	}
	for p, w := range want.Files {
		switch {
		case strings.HasPrefix(p, "checkins/"):
			checkIns++
		case strings.Contains(p, "/objectives/"):
			objectives++
		}
		if g := got.Files[p]; !bytes.Equal(g, w) {
			t.Errorf("%s differs:\n%s\nwant:\n%s", p, g, w)
		}
	}
	return checkIns, objectives
}

// TestFastSameBytes renders sites with the built-in theme (its check-in
// and objective pages written by writeFast) and with the same layouts
// through html/template, and compares every file: check-ins with and
// without author, updates, notes and blockers; objectives running and
// ended, carried over, with revised targets, due dates, data files and
// weights; text to escape, base URLs with a path or a host, unsafe HTML,
// and the teams of an organisation, whose pages have breadcrumbs and
// objectives that serve and are aligned.
func TestFastSameBytes(t *testing.T) {
	slow := slowTheme(t)
	checkIns, objectives := 0, 0
	tricky := sitetest.Alerts()
	tricky["okr.toml"] = `title = "Pay & <Go> 'ments' + \"x\""` + "\nteam = \"R&D <core> 'x' + \\\"y\\\"\"" + tricky["okr.toml"][len(`title = "Payments"`):]
	tricky["okr.toml"] = strings.NewReplacer(
		`title = "Reliable payments"`, `title = "Reliable <payments> & 'more' + \"x\""`+"\nowner = \"Ana & <Bo>\"\ndescription = \"Why: <b>it</b> & [plan](../planning.md) + 'so'\"",
		`title = "Cards tokenised"`, `title = "Cards <tokenised> & \"more\" + 'x'"`,
		`owner = "Ana"`, `owner = "Ana <a@b> & 'c' +"`,
	).Replace(tricky["okr.toml"])
	tricky["content/checkins/2026-07-14-odd.md"] = "+++\ndate = 2026-07-14\nauthor = \"Zoë <z@x> & 'co' +1\"\ntitle = \"A <b>bold</b> & \\\"quoted\\\" title + \\u0000 nul\"\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 3\nconfidence = 7\nnote = \"a <note> & 'more' + \\\"x\\\"\"\n+++\n\nSee [planning](../planning.md), [root](/quarters/), <b>raw</b> & more.\n"
	tricky["content/checkins/2026-07-15-none.md"] = "+++\ndate = 2026-07-15\ntitle = \"Payments\"\n+++\n\nOnly words.\n"
	tricky["content/planning.md"] = "+++\ntitle = \"Planning\"\n+++\n\nPlans.\n"
	for _, tc := range []struct {
		name   string
		files  map[string]string
		dir    string
		asOf   string
		base   string
		unsafe bool
		load   func(*testing.T) *okr.Site
	}{
		{name: "golden", dir: "testdata/golden/site", asOf: "2026-08-30"},
		{name: "golden early", dir: "testdata/golden/site", asOf: "2026-07-20"},
		{name: "example", dir: "..", asOf: "2026-08-20"},
		{name: "example ended", dir: "..", asOf: "2026-11-23", base: "https://okrs.example.com/team/"},
		{name: "golden ended", dir: "testdata/golden/site", asOf: "2026-11-05", base: "https://example.com/okrs/"},
		{name: "honest", load: honestSiteLoad, asOf: "2026-11-20"},
		{name: "honest running", load: honestSiteLoad, asOf: "2026-10-20"},
		{name: "alerts", files: sitetest.Alerts(), asOf: "2026-08-10"},
		{name: "alerts overdue", files: sitetest.Alerts(), asOf: "2026-09-10"},
		{name: "tricky", files: tricky, asOf: "2026-08-10", base: "/sub dir/okrs/"},
		{name: "tricky host", files: tricky, asOf: "2026-07-20", base: "https://h.example/a+b/"},
		{name: "tricky unsafe", files: tricky, asOf: "2026-07-20", unsafe: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var site *okr.Site
			if tc.load != nil {
				site = tc.load(t)
			} else {
				dir := tc.dir
				if dir == "" {
					dir = sitetest.Write(t, tc.files)
				}
				var err error
				if site, err = okr.Load(dir); err != nil {
					t.Fatal(err)
				}
			}
			site.Config.UnsafeHTML = tc.unsafe
			n := okr.Compute(site, mustDate(t, tc.asOf))
			render := func(theme fs.FS) *Site {
				out, err := Render(site, n, Options{BaseURL: tc.base, Theme: theme, Generator: "okrgen <test> & co"})
				if err != nil {
					t.Fatal(err)
				}
				return out
			}
			c, o := sameFiles(t, render(themes.Default()), render(slow))
			checkIns, objectives = checkIns+c, objectives+o
		})
	}
	t.Run("organisation", func(t *testing.T) {
		tree, err := org.Load(sitetest.Write(t, sitetest.Organisation(t, "..")))
		if err != nil {
			t.Fatal(err)
		}
		n := org.Compute(tree, orgAsOf)
		render := func(theme fs.FS) *Site {
			out := &Site{Files: map[string][]byte{}}
			if _, err := RenderTree(n, func(*org.Tree) Options {
				return Options{BaseURL: "https://acme.example/okrs/", Theme: theme, Generator: "okrgen test"}
			}, out); err != nil {
				t.Fatal(err)
			}
			return out
		}
		c, o := sameFiles(t, render(themes.Default()), render(slow))
		checkIns, objectives = checkIns+c, objectives+o
	})
	if checkIns < 50 || objectives < 30 {
		t.Errorf("%d check-in pages and %d objective pages compared", checkIns, objectives)
	}
}
