package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
	"github.com/okrgen/okrgen/themes"
)

// treeFiles is an organisation of two teams, the first with a team of its
// own: objectives aligned across three levels, a shared objective.
func treeFiles() map[string]string {
	site := func(title, teams, aligns string) string {
		return fmt.Sprintf(`title = %q
%s
[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Expand into Europe"
%s
  [[objectives.key_results]]
  id = "KR1"
  title = "Open 3 offices"
  start = 0
  target = 3
[[objectives]]
id = "O2"
quarter = "2026-Q3"
title = "Shared goal"
%s
`, title, teams, aligns, aligns)
	}
	checkIn := func(v int) string {
		return fmt.Sprintf("+++\ndate = 2026-07-14\nauthor = \"A\"\n[[updates]]\nkr = \"O1.KR1\"\nvalue = %d\n+++\nSome *news*.\n", v)
	}
	return map[string]string{
		"okr.toml":                                site("Acme", "[[teams]]\nid = \"a\"\npath = \"teams/a\"\n[[teams]]\nid = \"b\"\npath = \"teams/b\"\n", ""),
		"content/checkins/root.md":                checkIn(1),
		"teams/a/okr.toml":                        site("A", "[[teams]]\nid = \"c\"\npath = \"teams/c\"\n", `aligns_to = ["O2"]`),
		"teams/a/content/checkins/a.md":           checkIn(1),
		"teams/a/teams/c/okr.toml":                site("C", "", `aligns_to = ["O1"]`),
		"teams/a/teams/c/content/checkins/c.md":   checkIn(2),
		"teams/a/teams/c/themes/default/static/x": "x",
		"teams/b/okr.toml":                        site("B", "", `aligns_to = "O2"`),
		"teams/b/content/checkins/b.md":           checkIn(2),
	}
}

// cachedTree renders an organisation again and again with a TreeCache, as
// serve does, loading it with one org.Loader.
type cachedTree struct {
	t     *testing.T
	dir   string
	ld    org.Loader
	cache TreeCache
	asOf  string
}

// render loads the tree and renders it with the cache; it returns the
// prefixes rendered ("/" for the root), and checks that the result is what a render from
// scratch gives, byte for byte, every page made.
func (c *cachedTree) render() []string {
	c.t.Helper()
	tree, err := c.ld.Load(c.dir)
	if err != nil {
		c.t.Fatal(err)
	}
	n := org.Compute(tree, mustDate(c.t, c.asOf))
	opts := func(t *org.Tree) Options {
		return Options{Theme: themes.Open(t.Dir, t.Site.Config.Theme), Generator: "okrgen test"}
	}
	got, rendered, err := c.cache.Render(n, opts)
	if err != nil {
		c.t.Fatal(err)
	}
	// A render from scratch of what was loaded afresh.
	fresh, err := org.Load(c.dir)
	if err != nil {
		c.t.Fatal(err)
	}
	want := &Site{}
	lazy := func(t *org.Tree) Options { o := opts(t); o.Lazy = true; return o }
	if _, err := RenderTree(org.Compute(fresh, mustDate(c.t, c.asOf)), lazy, want); err != nil {
		c.t.Fatal(err)
	}
	compareSites(c.t, got, want)
	for i, p := range rendered {
		if p == "" {
			rendered[i] = "/"
		}
	}
	return rendered
}

// compareSites fails the test unless two in-memory sites hold the same
// files, lazy ones made.
func compareSites(t *testing.T, got, want *Site) {
	t.Helper()
	files := func(s *Site) map[string][]byte {
		out := map[string][]byte{}
		for p, b := range s.Files {
			out[p] = b
		}
		for p, f := range s.Lazy {
			b, err := f()
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			out[p] = b
		}
		return out
	}
	g, w := files(got), files(want)
	for p, b := range w {
		if gb, ok := g[p]; !ok {
			t.Errorf("%s missing", p)
		} else if !bytes.Equal(gb, b) {
			t.Errorf("%s differs from a render from scratch", p)
		}
	}
	for p := range g {
		if _, ok := w[p]; !ok {
			t.Errorf("%s should not be there", p)
		}
	}
}

// TestTreeCacheRendersWhatChanged: after an edit, a TreeCache renders the
// site edited and its parents again, and the sites below a parent whose
// okr.toml changed; every site's pages are those a render from scratch
// makes, however many were taken as they were.
func TestTreeCacheRendersWhatChanged(t *testing.T) {
	c := &cachedTree{t: t, dir: sitetest.Write(t, treeFiles()), asOf: "2026-08-15"}
	edit := func(name, body string) { sitetest.WriteFile(t, c.dir, name, body) }
	all := "/; teams/a/; teams/a/teams/c/; teams/b/"
	for _, step := range []struct {
		name string
		do   func()
		want string
	}{
		{"first render", func() {}, all},
		{"nothing changed", func() {}, ""},
		{"a team's check-in", func() {
			edit("teams/b/content/checkins/b.md", strings.Replace(treeFiles()["teams/b/content/checkins/b.md"], "value = 2", "value = 3", 1))
		}, "/; teams/b/"},
		{"a team of a team's check-in", func() { edit("teams/a/teams/c/content/checkins/c2.md", treeFiles()["teams/b/content/checkins/b.md"]) }, "/; teams/a/; teams/a/teams/c/"},
		{"the organisation's check-in", func() { edit("content/checkins/root.md", "+++\ndate = 2026-07-15\n+++\nLonger *news*.\n") }, "/"},
		{"a team's theme", func() { edit("teams/a/teams/c/themes/default/static/x", "xy") }, "/; teams/a/; teams/a/teams/c/"},
		{"a parent's okr.toml", func() {
			edit("teams/a/okr.toml", strings.Replace(treeFiles()["teams/a/okr.toml"], "Shared goal", "The shared goal", 1))
		}, "/; teams/a/; teams/a/teams/c/"},
		{"a team's name", func() {
			edit("teams/b/okr.toml", strings.Replace(treeFiles()["teams/b/okr.toml"], `title = "B"`, `title = "Team B"`, 1))
		}, all},
	} {
		step.do()
		if got := strings.Join(c.render(), "; "); got != step.want {
			t.Errorf("%s: rendered %q, want %q", step.name, got, step.want)
		}
	}
	// Another day: every site's numbers move.
	c.asOf = "2026-08-16"
	if got := strings.Join(c.render(), "; "); got != all {
		t.Errorf("another day: rendered %q, want %q", got, all)
	}
}

// TestTreeCacheKeepsFewRenders: the sites taken as they were hold the
// trees of at most maxGenerations past renders.
func TestTreeCacheKeepsFewRenders(t *testing.T) {
	files := treeFiles()
	teams := ""
	for i := 0; i < 8; i++ {
		id := fmt.Sprintf("t%d", i)
		teams += fmt.Sprintf("[[teams]]\nid = %q\npath = \"teams/%s\"\n", id, id)
		files["teams/"+id+"/okr.toml"] = strings.Replace(files["teams/b/okr.toml"], `"B"`, `"`+id+`"`, 1)
	}
	files["okr.toml"] = strings.Replace(files["okr.toml"], "[[teams]]", teams+"[[teams]]", 1)
	c := &cachedTree{t: t, dir: sitetest.Write(t, files), asOf: "2026-08-15"}
	c.render()
	for i := 0; i < 8; i++ {
		sitetest.WriteFile(t, c.dir, fmt.Sprintf("teams/t%d/content/checkins/x.md", i), treeFiles()["teams/b/content/checkins/b.md"])
		c.render()
		gens := map[int]bool{}
		for p, e := range c.cache.sites {
			if p != "" {
				gens[e.gen] = true
			}
		}
		if len(gens) > maxGenerations+1 {
			t.Errorf("after %d edits, the sites hold %d renders' trees", i+1, len(gens))
		}
	}
}

// The checks of Unchanged see every source an okr.Loader reads.
func TestUnchanged(t *testing.T) {
	files := map[string]string{
		"okr.toml":                  strings.Replace(treeFiles()["teams/b/okr.toml"], "  target = 3\n", "  target = 3\n  data = \"data/offices.csv\"\n", 1),
		"content/checkins/b.md":     treeFiles()["teams/b/content/checkins/b.md"],
		"content/about.md":          "About.\n",
		"content/retros/2026-Q3.md": "Retro.\n",
		"data/offices.csv":          "date,value\n2026-07-01,1\n",
	}
	dir := sitetest.Write(t, files)
	var ld okr.Loader
	load := func() *okr.Site {
		s, err := ld.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	last := load()
	if !Unchanged(last, load()) {
		t.Fatal("a second load of the same files is not unchanged")
	}
	for name, body := range map[string]string{
		"okr.toml":                  files["okr.toml"] + "\n",
		"content/checkins/b.md":     files["content/checkins/b.md"] + "More.\n",
		"content/checkins/new.md":   files["content/checkins/b.md"],
		"content/about.md":          "About us.\n",
		"content/retros/2026-Q3.md": "Retrospective.\n",
		"data/offices.csv":          "date,value\n2026-07-01,2\n",
	} {
		sitetest.WriteFile(t, dir, name, body)
		s := load()
		if Unchanged(last, s) {
			t.Errorf("%s edited: still unchanged", name)
		}
		last = s
	}
}
