package watch

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// Files named with Also are watched wherever they lie in the site, created
// later included, and only while they are named.
func TestAlsoWatchesDataFiles(t *testing.T) {
	dir, w := newSite(t, 40*time.Millisecond)
	sitetest.WriteFile(t, dir, "data/uptime.csv", "date,value\n")
	sitetest.WriteFile(t, dir, "data/other.csv", "date,value\n")
	w.Also([]string{"data/uptime.csv", "latency.csv", "content/x.csv", "../outside.csv", "data/later/new.csv"})
	ch := run(t, w, nil)
	writes := func(name, body string) func() { return func() { sitetest.WriteFile(t, dir, name, body) } }
	step(t, dir, ch, writes("data/uptime.csv", "date,value\n2026-10-01,99.9\n"), "data/uptime.csv")
	// A file of the same folder that is not named changes nothing.
	step(t, dir, ch, writes("data/other.csv", "x\n"))
	// One at the root, made later; one in content/, which is watched anyway.
	step(t, dir, ch, writes("latency.csv", "date,value\n"), "latency.csv")
	step(t, dir, ch, writes("content/x.csv", "date,value\n"), "content/x.csv")
	// An editor's save: a new file renamed over the old one.
	step(t, dir, ch, func() {
		sitetest.WriteFile(t, dir, "data/uptime.csv.new", "date,value\n2026-10-02,99.8\n")
		if err := os.Rename(filepath.Join(dir, "data/uptime.csv.new"), filepath.Join(dir, "data/uptime.csv")); err != nil {
			t.Fatal(err)
		}
	}, "data/uptime.csv")
	// A file in folders made later, in one go (mkdir -p, then a write).
	step(t, dir, ch, writes("data/later/new.csv", "date,value\n"), "data/later/new.csv")
	step(t, dir, ch, writes("data/later/new.csv", "date,value\n2026-10-01,1\n"), "data/later/new.csv")
	// No longer named: no longer watched.
	w.Also([]string{"latency.csv"})
	step(t, dir, ch, writes("data/uptime.csv", "date,value\n"))
	step(t, dir, ch, writes("latency.csv", "date,value\n2026-10-01,12\n"), "latency.csv")
}
