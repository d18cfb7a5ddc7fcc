package render

import (
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

// alertsSite writes a site with a blocker, due dates (one overdue, one soon), a
// data file with a note, and renders it as of 2026-08-05.
func alertsSite(t *testing.T) *Site {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"okr.toml": `title = "T"
checkin_every_days = 7

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "O"

  [[objectives.key_results]]
  id = "KR1"
  title = "Up"
  owner = "Ana"
  start = 0
  target = 10
  due = 2026-07-31

  [[objectives.key_results]]
  id = "KR2"
  title = "Uptime"
  kind = "threshold"
  direction = "at_least"
  target = 99.9
  data = "data/uptime.csv"

  [[objectives.key_results]]
  id = "KR3"
  title = "Ship"
  kind = "milestone"
  due = 2026-08-12
`,
		"data/uptime.csv": "date,value,note\n2026-07-02,99.95,\n2026-07-03,99.5,dip\n",
		"content/checkins/2026-07-03.md": `+++
date = 2026-07-03
[[updates]]
kr = "O1.KR1"
value = 2
blocker = "Waiting for the vendor"
[[updates]]
kr = "O1.KR2"
value = 99.92
+++
`,
	}
	sitetest.WriteIn(t, dir, files)
	site, err := okr.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	asOf, _ := okr.ParseDate("2026-08-05")
	out, err := Render(site, okr.Compute(site, asOf), Options{Theme: themes.Default(), Generator: "okrgen test"})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPagesBlockersDeadlinesComingUp checks the HTML of SPEC section 10:
// the Blocked and Coming up panels, the blocked and due marks on every list
// of key results, and data rows shown as coming from their file.
func TestPagesBlockersDeadlinesComingUp(t *testing.T) {
	out := alertsSite(t)
	page := func(p string) string { return string(out.Files[p]) }
	home, quarter, obj := page("index.html"), page("quarters/2026-q3/index.html"), page("quarters/2026-q3/objectives/o1/index.html")
	for _, c := range []struct {
		name, html string
		want       []string
	}{
		{"index", home, []string{
			`<h2 id="blocked-h">`, `Waiting for the vendor`, `blocked since <time datetime="2026-07-03">2026-07-03</time>: <span class="blocker-text">Waiting for the vendor</span>`, `owner Ana`,
			`<h2 id="coming-h">`,
			`<time datetime="2026-07-31">2026-07-31</time> <span class="flag-overdue">`,
			`<time datetime="2026-07-10">2026-07-10</time> <span class="flag-overdue"><span aria-hidden="true">◷</span> Overdue</span> Check-in due <span class="when">(26 days ago)</span>`,
			`<time datetime="2026-08-12">2026-08-12</time> Deadline of`, `(in 7 days)`,
			`class="flag-blocked"`, `Due 2026-07-31`, `Due 2026-08-12`,
		}},
		{"quarter", quarter, []string{`<h2 id="blocked-h">`, `<h2 id="coming-h">`, `class="flag-blocked"`, `Overdue`}},
		{"objective", obj, []string{
			`Blocked since <time datetime="2026-07-03">2026-07-03</time>: <span class="blocker-text">Waiting for the vendor</span></p>`,
			`<dt>Due</dt><dd><time datetime="2026-07-31">2026-07-31</time> <span class="flag-overdue">`,
			`<span class="source">from data/uptime.csv</span>`, `<td>from data/uptime.csv</td>`, `&#34;markLine&#34;`, `&#34;formatter&#34;:&#34;due&#34;`, `Notes from check-ins and data files`, `<dt>Data file</dt><dd><code>data/uptime.csv</code></dd>`,
		}},
	} {
		for _, w := range c.want {
			if !strings.Contains(c.html, w) {
				t.Errorf("%s: no %q", c.name, w)
			}
		}
	}
	// The Blocked panel comes before the stale one and the objectives.
	if b, o := strings.Index(home, `id="blocked-h"`), strings.Index(home, `id="objectives-h"`); b < 0 || b > o {
		t.Errorf("index: Blocked panel at %d, objectives at %d", b, o)
	}
	if s := strings.Index(home, `id="stale-h"`); s >= 0 && s < strings.Index(home, `id="blocked-h"`) {
		t.Error("index: the stale panel comes before the Blocked one")
	}
	// A data row never links to a check-in page.
	if strings.Contains(obj, `href="../../../../checkins/uptime`) {
		t.Error("objective: a data row links to a check-in")
	}
}
