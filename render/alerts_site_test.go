package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
)

// alertsSiteFiles is a small site with the keys of SPEC section 10: blockers
// set, restated, cleared and replaced; due dates met and missed; a data
// file.
var alertsSiteFiles = map[string]string{
	"okr.toml": `title = "Payments"

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Reliable payments"

  [[objectives.key_results]]
  id = "KR1"
  title = "Cards tokenised"
  owner = "Ana"
  start = 0
  target = 10
  due = 2026-08-15

  [[objectives.key_results]]
  id = "KR2"
  title = "HSM in production"
  owner = "Ben"
  kind = "milestone"
  due = 2026-07-31

  [[objectives.key_results]]
  id = "KR3"
  title = "API uptime"
  kind = "threshold"
  direction = "at_least"
  target = 99.9
  data = "data/uptime.csv"

[[objectives]]
id = "O2"
quarter = "2026-Q3"
title = "New checkout"

  [[objectives.key_results]]
  id = "KR1"
  title = "Checkout redesign shipped"
  owner = "Cy"
  kind = "milestone"
  due = 2026-08-31
`,
	"data/uptime.csv":                "date,value,note\n2026-07-02,99.95,\n2026-07-09,99.5,dip\n2026-07-16,99.99,\n",
	"content/checkins/2026-07-06.md": alertCheckIn("2026-07-06", "O1.KR1", "value = 2", `blocker = "Waiting for the HSM vendor's firmware"`),
	"content/checkins/2026-07-13.md": alertCheckIn("2026-07-13", "O1.KR1", "value = 3", ""),
	"content/checkins/2026-07-20.md": alertCheckIn("2026-07-20", "O1.KR1", "value = 4", `blocker = "Waiting for the HSM vendor's firmware"`),
	"content/checkins/2026-07-27.md": alertCheckIn("2026-07-27", "O1.KR1", "value = 5", `blocker = ""`) + "",
	"content/checkins/2026-07-28.md": alertCheckIn("2026-07-28", "O1.KR2", "done = true", ""),
	"content/checkins/2026-08-03.md": alertCheckIn("2026-08-03", "O1.KR1", "value = 6", `blocker = "Legal review"`),
	"content/checkins/2026-08-04.md": alertCheckIn("2026-08-04", "O2.KR1", "done = false", `blocker = "Waiting for design"`),
}

// alertCheckIn is a check-in of one update.
func alertCheckIn(date, kr, value, extra string) string {
	return "+++\ndate = " + date + "\ntitle = \"Week of " + date + "\"\n[[updates]]\nkr = \"" + kr + "\"\n" + value + "\n" + extra + "\n+++\n\n## Progress\n\nSome.\n"
}

// loadAlertsSite writes files into a new folder and loads the site.
func loadAlertsSite(t *testing.T, files map[string]string) *okr.Site {
	t.Helper()
	dir := t.TempDir()
	sitetest.WriteIn(t, dir, files)
	site, err := okr.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// mustDate parses a day or fails the test.
func mustDate(t *testing.T, s string) okr.Date {
	t.Helper()
	d, err := okr.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// plainSiteFiles is alertsSiteFiles without the keys of SPEC section 10: the
// site as okrgen read it before them.
func plainSiteFiles() map[string]string {
	out := map[string]string{}
	for name, body := range alertsSiteFiles {
		if strings.HasPrefix(name, "data/") {
			continue
		}
		var keep []string
		for _, l := range strings.Split(body, "\n") {
			k := strings.TrimSpace(l)
			if strings.HasPrefix(k, "due =") || strings.HasPrefix(k, "data =") || strings.HasPrefix(k, "blocker =") {
				continue
			}
			keep = append(keep, l)
		}
		out[name] = strings.Join(keep, "\n")
	}
	return out
}

// TestWritePlainSite writes plainSiteFiles into $OKRGEN_PLAIN_SITE, to make the
// golden files of the old output with an older okrgen.
func TestWritePlainSite(t *testing.T) {
	dir := os.Getenv("OKRGEN_PLAIN_SITE")
	if dir == "" {
		t.Skip("OKRGEN_PLAIN_SITE not set")
	}
	for name, body := range plainSiteFiles() {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
