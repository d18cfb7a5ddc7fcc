package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// The folders of an organisation's teams are watched as the site's own:
// each one's okr.toml, content/ and themes/, recursively, folders made
// later included, and their files are named by their path from the
// organisation's folder.
func TestSitesWatchesTeams(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"okr.toml":                      "title = \"T\"\n",
		"teams/a/okr.toml":              "title = \"A\"\n",
		"teams/a/content/checkins/x.md": "x\n",
		"teams/a/notes.txt":             "not watched\n",
		"teams/a/teams/web/okr.toml":    "title = \"Web\"\n",
	})
	w, err := New(dir, 40*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	w.Sites([]string{"teams/a", "teams/a/teams/web", "teams/later", "../outside"})
	ch := run(t, w, nil)
	writes := func(name, body string) func() { return func() { sitetest.WriteFile(t, dir, name, body) } }
	step(t, dir, ch, writes("teams/a/content/checkins/x.md", "y\n"), "teams/a/content/checkins/x.md")
	step(t, dir, ch, writes("teams/a/okr.toml", "title = \"B\"\n"), "teams/a/okr.toml")
	step(t, dir, ch, writes("teams/a/themes/mine/layouts/base.html", "b"), "teams/a/themes/mine/layouts/base.html")
	step(t, dir, ch, writes("teams/a/content/checkins/2026/q4/y.md", "y\n"), "teams/a/content/checkins/2026/q4/y.md")
	// A team of a team; what lies in a team's folder outside its sources.
	step(t, dir, ch, writes("teams/a/teams/web/content/z.md", "z\n"), "teams/a/teams/web/content/z.md")
	step(t, dir, ch, writes("teams/a/notes.txt", "still not\n"))
	// A team whose folder is made later, as git submodule update --init
	// does: what is in it when it comes is a change.
	step(t, dir, ch, func() {
		sitetest.WriteFile(t, dir, "staging/later/okr.toml", "title = \"L\"\n")
		sitetest.WriteFile(t, dir, "staging/later/content/checkins/l.md", "l\n")
		if err := os.Rename(filepath.Join(dir, "staging/later"), filepath.Join(dir, "teams/later")); err != nil {
			t.Fatal(err)
		}
	}, "teams/later/content/checkins/l.md", "teams/later/okr.toml")
	step(t, dir, ch, writes("teams/later/content/checkins/l.md", "m\n"), "teams/later/content/checkins/l.md")
	// A team's folder moved away whole: its files are gone.
	step(t, dir, ch, func() {
		if err := os.Rename(filepath.Join(dir, "teams/later"), filepath.Join(dir, "staging/gone")); err != nil {
			t.Fatal(err)
		}
	}, "teams/later/content/checkins/l.md", "teams/later/okr.toml")
	// A team no longer listed is no longer watched; one listed anew is,
	// and its files are not a change of their own.
	w.Sites([]string{"teams/a/teams/web"})
	step(t, dir, ch, writes("teams/a/content/checkins/x.md", "z\n"))
	step(t, dir, ch, writes("teams/a/okr.toml", "title = \"C\"\n"))
	step(t, dir, ch, writes("teams/a/teams/web/content/z.md", "y\n"), "teams/a/teams/web/content/z.md")
	w.Sites([]string{"teams/a"})
	step(t, dir, ch, func() {})
	step(t, dir, ch, writes("teams/a/content/checkins/x.md", "w\n"), "teams/a/content/checkins/x.md")
	step(t, dir, ch, writes("teams/a/teams/web/content/z.md", "x\n"))
}

// Sites returns once the folders it adds are watched, while Run runs: a
// file saved in one right after is a change, however late the loop is.
func TestSitesWatchedOnReturn(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"okr.toml":                      "title = \"T\"\n",
		"teams/a/okr.toml":              "title = \"A\"\n",
		"teams/a/content/checkins/x.md": "x\n",
	})
	w, err := New(dir, 5*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	ch := run(t, w, nil)
	checkins := filepath.Join(dir, "teams/a/content/checkins")
	for i := 0; i < 20; i++ {
		w.Sites(nil)
		if slices.Contains(w.fw.WatchList(), checkins) {
			t.Fatalf("round %d: Sites returned before the team's folders were dropped", i)
		}
		w.Sites([]string{"teams/a"})
		if !slices.Contains(w.fw.WatchList(), checkins) {
			t.Fatalf("round %d: Sites returned before the team's folders were watched", i)
		}
		step(t, dir, ch, func() { sitetest.WriteFile(t, dir, "teams/a/content/checkins/x.md", fmt.Sprintf("%d\n", i)) }, "teams/a/content/checkins/x.md")
	}
}
