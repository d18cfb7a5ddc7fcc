package org

import (
	"math"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
)

// organisation is a root with two teams whose quarters are configured
// differently: payments keeps 2026-Q3's default dates (1 July to 30
// September, 92 days), search runs it from 15 July to 15 September (63
// days).
var organisation = map[string]string{
	"okr.toml": `title = "Acme"
[[teams]]
id = "payments"
path = "teams/payments"
[[teams]]
id = "search"
path = "teams/search"
name = "Search & Discovery"

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Expand into Europe"

[[objectives]]
id = "O2"
quarter = "2026-Q3"
title = "Shared"
kind = "committed"
weight = 3

[[objectives]]
id = "O3"
quarter = "2026-Q3"
title = "Own key results"
  [[objectives.key_results]]
  id = "KR1"
  title = "Four things"
  start = 0
  target = 4

[[objectives]]
id = "O4"
quarter = "2026-Q3"
title = "Nothing aligned"
`,
	"content/checkins/2026-08-01.md": "+++\ndate = 2026-08-01\n[[updates]]\nkr = \"O3.KR1\"\nvalue = 1\n+++\n",
	"teams/payments/okr.toml": `title = "Payments OKRs"
team = "Payments"
[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Faster checkout"
weight = 2
aligns_to = "O1"
  [[objectives.key_results]]
  id = "KR1"
  title = "Ten"
  start = 0
  target = 10
[[objectives]]
id = "O2"
quarter = "2026-Q3"
title = "EU cards"
aligns_to = ["O1", "2026-Q3/O2"]
  [[objectives.key_results]]
  id = "KR1"
  title = "SEPA"
  kind = "milestone"
`,
	"teams/payments/content/checkins/2026-08-01.md": "+++\ndate = 2026-08-01\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 6\n[[updates]]\nkr = \"O2.KR1\"\ndone = true\n+++\n",
	"teams/search/okr.toml": `title = "Search"
[quarters."2026-Q3"]
start = 2026-07-15
end = 2026-09-15
[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Latency"
aligns_to = ["O2"]
  [[objectives.key_results]]
  id = "KR1"
  title = "p99 down"
  start = 100
  target = 0
`,
	"teams/search/content/checkins/2026-08-01.md": "+++\ndate = 2026-08-01\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 130\n+++\n",
}

func day(t *testing.T, s string) okr.Date {
	t.Helper()
	d, err := okr.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func TestComputeAligned(t *testing.T) {
	tree, err := Load(sitetest.Write(t, organisation))
	if err != nil {
		t.Fatal(err)
	}
	n := Compute(tree, day(t, "2026-08-15"))
	// As of 15 August, 46 of the org's and payments' 92 days have
	// elapsed: 0.5. Search is 32 days into its 63.
	payE, searchE := 46.0/92, 32.0/63
	// Payments: O1 (weight 2) is at 6/10 = 0.6, O2 (weight 1) done, 1.
	// Search: O1 went from 100 the wrong way to 130: -0.3, clamped 0.
	o1p := (2*0.6 + 1*1.0) / 3 // aligned: payments O1, payments O2
	o1e := (2*payE + 1*payE) / 3
	o2p := (1*1.0 + 1*0.0) / 2 // aligned: payments O2, search O1
	o2e := (1*payE + 1*searchE) / 2
	o3p := 1.0 / 4 // its own KR: 1 of 4
	o4p := 0.0     // neither KRs nor aligned objectives
	qp := (1*o1p + 3*o2p + 1*o3p + 1*o4p) / 6
	qe := (1*o1e + 3*o2e + 1*payE + 1*payE) / 6
	q := n.Quarters[0]
	want := []struct {
		id                 string
		progress, expected float64
		status             string
		aligned            []string // team/ref
	}{
		{"O1", o1p, o1e, okr.StatusOnTrack, []string{"payments/2026-Q3/O1", "payments/2026-Q3/O2"}},
		{"O2", o2p, o2e, okr.StatusOnTrack, []string{"payments/2026-Q3/O2", "search/2026-Q3/O1"}},
		{"O3", o3p, payE, okr.StatusAtRisk, nil}, // gap 0.5 - 0.25 = 0.25: at-risk
		{"O4", o4p, payE, okr.StatusOffTrack, nil},
	}
	for i, w := range want {
		on := q.Objectives[i]
		if on.Objective.ID != w.id || !near(on.Progress, w.progress) || !near(on.Expected, w.expected) || on.Status != w.status {
			t.Errorf("%s: progress %v, expected %v, status %q; want %v, %v, %q", on.Objective.ID, on.Progress, on.Expected, on.Status, w.progress, w.expected, w.status)
		}
		var got []string
		for _, a := range n.Aligned[on.Objective] {
			got = append(got, a.Team.Tree.ID()+"/"+a.Objective.Objective.Quarter.ID+"/"+a.Objective.Objective.ID)
		}
		if len(got) != len(w.aligned) || (len(got) > 0 && fmtList(got) != fmtList(w.aligned)) {
			t.Errorf("%s: aligned %v; want %v", w.id, got, w.aligned)
		}
	}
	if !near(q.Progress, qp) || !near(q.Expected, qe) || q.Status != okr.StatusOnTrack {
		t.Errorf("quarter: progress %v, expected %v, status %q; want %v, %v, on-track", q.Progress, q.Expected, q.Status, qp, qe)
	}
	// The teams' own numbers are section 4's on their own dates.
	search := n.Teams[1]
	if s := search.Quarters[0]; !near(s.Expected, searchE) || s.Progress != 0 || search.Tree.Name != "Search & Discovery" {
		t.Errorf("search: expected %v progress %v name %q; want %v, 0, Search & Discovery", s.Expected, s.Progress, search.Tree.Name, searchE)
	}
	if got := n.Teams[0].Serves[n.Teams[0].Quarters[0].Objectives[1].Objective]; len(got) != 2 || got[0].Objective.ID != "O1" || got[1].Objective.ID != "O2" {
		t.Errorf("payments O2 serves %v; want O1, O2", got)
	}

	// After the quarter: scores and grades on the same numbers. O2 is
	// committed: 0.5 is partial; O1's 0.7333 is achieved.
	n = Compute(tree, day(t, "2026-10-05"))
	q = n.Quarters[0]
	if on := q.Objectives[0]; on.Score == nil || !near(*on.Score, o1p) || on.Grade != okr.GradeAchieved || on.Status != "" {
		t.Errorf("O1 after the quarter: score %v grade %q status %q; want %v achieved", on.Score, on.Grade, on.Status, o1p)
	}
	if on := q.Objectives[1]; on.Score == nil || !near(*on.Score, 0.5) || on.Grade != okr.GradePartial {
		t.Errorf("O2 after the quarter: score %v grade %q; want 0.5 partial", on.Score, on.Grade)
	}
	if !near(q.Progress, qp) || q.Grade != okr.GradePartial { // 0.4139: partial
		t.Errorf("quarter after: progress %v grade %q; want %v partial", q.Progress, q.Grade, qp)
	}
}

func fmtList(s []string) string {
	out := ""
	for _, x := range s {
		out += x + ";"
	}
	return out
}

// TestComputeNested: a department's objective without key results takes
// its team's numbers, and the organisation's takes the department's.
func TestComputeNested(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"okr.toml": "title = \"Org\"\n[[teams]]\nid = \"product\"\npath = \"product\"\n" +
			"[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"Top\"\n",
		"product/okr.toml": "title = \"Product\"\n[[teams]]\nid = \"web\"\npath = \"teams/web\"\n" +
			"[[objectives]]\nid = \"D1\"\nquarter = \"2026-Q3\"\ntitle = \"Dept\"\naligns_to = \"O1\"\n",
		"product/teams/web/okr.toml": "title = \"Web\"\n" +
			"[[objectives]]\nid = \"W1\"\nquarter = \"2026-Q3\"\ntitle = \"Web\"\naligns_to = \"D1\"\n" +
			"  [[objectives.key_results]]\n  id = \"KR1\"\n  title = \"k\"\n  start = 0\n  target = 5\n",
		"product/teams/web/content/checkins/a.md": "+++\ndate = 2026-08-01\n[[updates]]\nkr = \"W1.KR1\"\nvalue = 2\n+++\n",
	})
	tree, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if web := tree.Find("product/web"); web == nil || web.Prefix != "teams/product/teams/web/" || web.Rel() != "product/teams/web" {
		t.Fatalf("Find(product/web) = %+v", web)
	}
	if ids := tree.IDs(); fmtList(ids) != "product;product/web;" {
		t.Errorf("IDs() = %v", ids)
	}
	n := Compute(tree, day(t, "2026-08-15"))
	if p := n.Quarters[0].Objectives[0].Progress; !near(p, 2.0/5) {
		t.Errorf("O1 progress %v; want 2/5 from web through product", p)
	}
}

// TestAlignedExpectedExact: teams on the organisation's dates, without due
// dates, leave its objectives' and quarter's expected exactly the share
// elapsed, as section 4 says, not a weighted mean a bit off it: 5/92 on 5
// July, where (0.1·e + 0.2·e + 0.7·e)/1.0 rounds to one unit less.
func TestAlignedExpectedExact(t *testing.T) {
	obj := func(id string, w string) string {
		return "[[objectives]]\nid = \"" + id + "\"\nquarter = \"2026-Q3\"\ntitle = \"t\"\nweight = " + w + "\naligns_to = \"O1\"\n" +
			"  [[objectives.key_results]]\n  id = \"KR1\"\n  title = \"k\"\n  start = 0\n  target = 1\n"
	}
	tree, err := Load(sitetest.Write(t, map[string]string{
		"okr.toml":         "title = \"O\"\n" + team("a", "teams/a") + "[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"a\"\n",
		"teams/a/okr.toml": "title = \"A\"\n" + obj("X", "0.1") + obj("Y", "0.2") + obj("Z", "0.7"),
	}))
	if err != nil {
		t.Fatal(err)
	}
	q := Compute(tree, day(t, "2026-07-05")).Quarters[0]
	if e := 5.0 / 92; q.Elapsed != e || q.Objectives[0].Expected != e || q.Expected != e {
		t.Errorf("elapsed %v, O1 expected %v, quarter expected %v; want all exactly %v", q.Elapsed, q.Objectives[0].Expected, q.Expected, e)
	}
}

// TestComputeAlignedForecast: an organisation objective without key
// results forecasts the weighted mean of its aligned objectives' forecast
// progress (SPEC section 11), and the quarter the mean of its objectives'.
func TestComputeAlignedForecast(t *testing.T) {
	tree, err := Load(sitetest.Write(t, organisation))
	if err != nil {
		t.Fatal(err)
	}
	f := func(v float64) float64 { return v } // arithmetic in float64, at run time
	q := Compute(tree, day(t, "2026-08-15")).Quarters[0]
	// Payments O1: (0,0), (31,6): x̄ = 15.5, ȳ = 3, b = 93/480.5, the
	// forecast 3 + b·(91-15.5) = 17.6 of 10: 1.76, clamped 1. Payments O2:
	// a done milestone, no forecast: its progress, 1. Search O1, on its
	// own dates (15 July to 15 September, x = 62): (0,100), (17,130):
	// b = 255/144.5, 115 + b·(62-8.5) = 209.4, against 100 → 0: -1.09,
	// clamped 0.
	o1 := (2*f(1) + 1*f(1)) / 3 // payments O1 (weight 2), O2 (1): achieved
	o2 := (1*f(1) + 1*f(0)) / 2 // payments O2, search O1: 0.5, partial (committed)
	// O3's own KR: (0,0), (31,1): b = 15.5/480.5, 0.5 + b·(91-15.5) of 4.
	o3 := 1 * ((0.5 + f(15.5)/480.5*(91-15.5)) / 4) / 1 // 0.734: achieved
	o4 := f(0)                                          // nothing aligned: its progress, 0
	qf := (1*o1 + 3*o2 + 1*o3 + 1*o4) / 6               // 0.539: partial
	for i, w := range []struct {
		fp     float64
		likely string
	}{{o1, okr.GradeAchieved}, {o2, okr.GradePartial}, {o3, okr.GradeAchieved}, {o4, okr.GradeMissed}} {
		on := q.Objectives[i]
		if on.ForecastProgress == nil || *on.ForecastProgress != w.fp || on.Likely != w.likely {
			t.Errorf("%s: forecast progress %v likely %q; want %v %q", on.Objective.ID, on.ForecastProgress, on.Likely, w.fp, w.likely)
		}
	}
	if q.ForecastProgress == nil || *q.ForecastProgress != qf || q.Likely != okr.GradePartial {
		t.Errorf("quarter: forecast progress %v likely %q; want %v partial", q.ForecastProgress, q.Likely, qf)
	}
	// Once the quarter ended, nothing is forecast.
	q = Compute(tree, day(t, "2026-10-05")).Quarters[0]
	if q.ForecastProgress != nil || q.Objectives[0].ForecastProgress != nil || q.Objectives[0].Likely != "" {
		t.Errorf("after the quarter: %v, O1 %v %q; want none", q.ForecastProgress, q.Objectives[0].ForecastProgress, q.Objectives[0].Likely)
	}
}

// TestAlignedForecastTeamEnded: a team whose quarter ended before the
// organisation's has no forecast: its objective counts with its progress.
func TestAlignedForecastTeamEnded(t *testing.T) {
	kr := "  [[objectives.key_results]]\n  id = \"KR1\"\n  title = \"k\"\n  start = 0\n  target = 10\n"
	tree, err := Load(sitetest.Write(t, map[string]string{
		"okr.toml":         "title = \"O\"\n" + team("a", "teams/a") + team("b", "teams/b") + "[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"o\"\n",
		"teams/a/okr.toml": "title = \"A\"\n[[objectives]]\nid = \"A1\"\nquarter = \"2026-Q3\"\ntitle = \"a\"\naligns_to = \"O1\"\n" + kr,
		"teams/b/okr.toml": "title = \"B\"\n[quarters.\"2026-Q3\"]\nstart = 2026-07-01\nend = 2026-08-31\n" +
			"[[objectives]]\nid = \"B1\"\nquarter = \"2026-Q3\"\ntitle = \"b\"\naligns_to = \"O1\"\n" + kr,
		"teams/a/content/checkins/a.md": "+++\ndate = 2026-08-01\n[[updates]]\nkr = \"A1.KR1\"\nvalue = 5\n+++\n",
		"teams/b/content/checkins/b.md": "+++\ndate = 2026-08-01\n[[updates]]\nkr = \"B1.KR1\"\nvalue = 3\n+++\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	f := func(v float64) float64 { return v }
	n := Compute(tree, day(t, "2026-09-10"))
	// A (running): (0,0), (31,5): x̄ = 15.5, ȳ = 2.5, b = 77.5/480.5,
	// 2.5 + b·(91-15.5) = 14.7 of 10, clamped 1. B ended on 31 August: no
	// forecast, its progress 3/10.
	a := n.Teams[0].Quarters[0].Objectives[0]
	b := n.Teams[1].Quarters[0].Objectives[0]
	if a.ForecastProgress == nil || *a.ForecastProgress != 1 || b.ForecastProgress != nil || b.Progress != 0.3 {
		t.Fatalf("A %v, B %v (progress %v); want 1, none (0.3)", a.ForecastProgress, b.ForecastProgress, b.Progress)
	}
	o1 := n.Quarters[0].Objectives[0]
	want := (1*f(1) + 1*f(0.3)) / 2 // 0.65: partial
	if o1.ForecastProgress == nil || *o1.ForecastProgress != want || o1.Likely != okr.GradePartial {
		t.Errorf("O1: forecast progress %v likely %q; want %v partial", o1.ForecastProgress, o1.Likely, want)
	}
}
