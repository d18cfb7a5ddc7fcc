package render

import (
	"bytes"
	"io/fs"
	"path"
	"testing"
	"testing/fstest"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
	"github.com/okrgen/okrgen/themes"
)

// TestBuiltinCheckInFast: the built-in theme's check-in pages are written
// by writeCheckInPage. When this fails, a layout writeCheckInPage mirrors
// (base.html, checkin.html or a partial) changed: make writeCheckInPage
// write what the layouts now do, set builtinCheckInDigest to the digest
// below, and run TestFastCheckInSameBytes.
func TestBuiltinCheckInFast(t *testing.T) {
	d, err := layoutsDigest(themes.Default(), checkInLayouts)
	if err != nil {
		t.Fatal(err)
	}
	if d != builtinCheckInDigest {
		t.Errorf("the built-in layouts of a check-in page have digest %s, writeCheckInPage was written for %s", d, builtinCheckInDigest)
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
	if builtinCheckIn(m) {
		t.Fatal("a theme with a partial of its own counts as the built-in one")
	}
	return m
}

// sameFiles fails t for every file of got that differs from want's.
func sameFiles(t *testing.T, got, want *Site) {
	t.Helper()
	if len(got.Files) != len(want.Files) {
		t.Errorf("%d files, want %d", len(got.Files), len(want.Files))
	}
	checkIns := 0
	for p, w := range want.Files {
		if path.Dir(path.Dir(p)) == "checkins" {
			checkIns++
		}
		if g := got.Files[p]; !bytes.Equal(g, w) {
			t.Errorf("%s differs:\n%s\nwant:\n%s", p, g, w)
		}
	}
	if checkIns == 0 {
		t.Error("no check-in page compared")
	}
}

// TestFastCheckInSameBytes renders sites with the built-in theme (its
// check-in pages written by writeCheckInPage) and with the same layouts
// through html/template, and compares every file: check-ins with and
// without author, updates, notes and blockers, text to escape, base URLs
// with a path or a host, unsafe HTML, and the teams of an organisation,
// whose pages have breadcrumbs.
func TestFastCheckInSameBytes(t *testing.T) {
	slow := slowTheme(t)
	tricky := sitetest.Alerts()
	tricky["okr.toml"] = `title = "Pay & <Go> 'ments' + \"x\""` + "\nteam = \"R&D <core> 'x' + \\\"y\\\"\"" + tricky["okr.toml"][len(`title = "Payments"`):]
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
	}{
		{name: "golden", dir: "testdata/golden/site", asOf: "2026-08-30"},
		{name: "golden ended", dir: "testdata/golden/site", asOf: "2026-11-05", base: "https://example.com/okrs/"},
		{name: "alerts", files: sitetest.Alerts(), asOf: "2026-08-10"},
		{name: "tricky", files: tricky, asOf: "2026-08-10", base: "/sub dir/okrs/"},
		{name: "tricky host", files: tricky, asOf: "2026-07-20", base: "https://h.example/a+b/"},
		{name: "tricky unsafe", files: tricky, asOf: "2026-07-20", unsafe: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.dir
			if dir == "" {
				dir = sitetest.Write(t, tc.files)
			}
			site, err := okr.Load(dir)
			if err != nil {
				t.Fatal(err)
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
			sameFiles(t, render(themes.Default()), render(slow))
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
		sameFiles(t, render(themes.Default()), render(slow))
	})
}
