package okr

import (
	"testing"
)

// fcSite's quarter, 2026-Q3, runs 92 days (1 July to 30 September): a KR
// without due has its last day at x = 91, SOON (due 31 July) at x = 30.
// REV's target moves from 50 to 100 on 1 August.
const fcSite = `title = "F"

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Metrics"

  [[objectives.key_results]]
  id = "UP"
  title = "Grow from 0 to 50"
  start = 0
  target = 50

  [[objectives.key_results]]
  id = "DOWN"
  title = "Cut from 200 to 100"
  start = 200
  target = 100

  [[objectives.key_results]]
  id = "SOON"
  title = "Grow from 0 to 50 by the end of July"
  start = 0
  target = 50
  due = 2026-07-31

  [[objectives.key_results]]
  id = "REV"
  title = "Grow from 0 to 50, then to 100"
  start = 0
  target = 50

    [[objectives.key_results.revisions]]
    date = 2026-08-01
    target = 100
    why = "Demand doubled"

[[objectives]]
id = "O2"
quarter = "2026-Q3"
title = "Committed"
kind = "committed"

  [[objectives.key_results]]
  id = "C"
  title = "Reach 100"
  start = 0
  target = 100

  [[objectives.key_results]]
  id = "MS"
  title = "Ship it"
  kind = "milestone"

  [[objectives.key_results]]
  id = "UPTIME"
  title = "Keep uptime"
  kind = "threshold"
  direction = "at_least"
  target = 99.9
`

// fl keeps a number from being a Go constant, so that the arithmetic of a
// test's hand computation is done in float64, rounded at each step as
// the code does it, not exactly at compile time.
func fl(v float64) float64 { return v }

func TestKRForecast(t *testing.T) {
	tests := []struct {
		name     string
		updates  []upd
		asOf     string
		kr       string
		forecast *float64 // nil: no forecast, and no forecast_progress
		progress float64  // forecast_progress
		likely   string
	}{
		{"no updates: only (0, start)", nil, "2026-08-15", "O1.UP", nil, 0, ""},
		{"one update, on the start day: one point", []upd{{"2026-07-01", "", "O1.UP", "value = 5"}}, "2026-08-15", "O1.UP", nil, 0, ""},
		{"an update without a value is no point", []upd{{"2026-07-11", "", "O1.UP", "confidence = 5"}}, "2026-08-15", "O1.UP", nil, 0, ""},
		// (0,0) and (10,10): x̄ = ȳ = 5, b = (25+25)/(25+25) = 1,
		// forecast = 5 + 1·(91-5) = 91; 91/50 = 1.82.
		{"two points", []upd{{"2026-07-11", "", "O1.UP", "value = 10"}}, "2026-08-15", "O1.UP",
			ptr(5 + fl(50)/50*(91-5)), 91.0 / 50, GradeAchieved},
		// The same, as of the day of the update.
		{"two points, as of the update's day", []upd{{"2026-07-11", "", "O1.UP", "value = 10"}}, "2026-07-11", "O1.UP",
			ptr(5 + fl(50)/50*(91-5)), 91.0 / 50, GradeAchieved},
		// An update on the start day replaces (0, start): (0,4), (20,14):
		// x̄ = 10, ȳ = 9, b = (50+50)/(100+100) = 0.5, 9 + 0.5·81 = 49.5.
		{"an update on the start day", []upd{{"2026-07-01", "", "O1.UP", "value = 4"}, {"2026-07-21", "", "O1.UP", "value = 14"}}, "2026-08-15", "O1.UP",
			ptr(9 + fl(100)/200*(91-10)), 49.5 / 50, GradeAchieved},
		// (0,0), (10,10), (20,14), (30,24): x̄ = 15, ȳ = 12, deviations
		// x -15 -5 5 15, y -12 -2 2 12: b = (180+10+10+180)/(225+25+25+225)
		// = 380/500 = 0.76, forecast = 12 + 0.76·(91-15) = 69.76.
		{"many points", []upd{{"2026-07-11", "", "O1.UP", "value = 10"}, {"2026-07-21", "", "O1.UP", "value = 14"}, {"2026-07-31", "", "O1.UP", "value = 24"}}, "2026-08-15", "O1.UP",
			ptr(12 + fl(380)/500*(91-15)), (12 + fl(380)/500*(91-15)) / 50, GradeAchieved},
		// Three files on 11 July: b (20) wins over a (10) in path order; c
		// has no value, so b's stays the day's point. (0,0), (10,20):
		// x̄ = 5, ȳ = 10, b = (50+50)/50 = 2, 10 + 2·86 = 182.
		{"same-day ties across files", []upd{{"2026-07-11", "-a", "O1.UP", "value = 10"}, {"2026-07-11", "-b", "O1.UP", "value = 20"}, {"2026-07-11", "-c", "O1.UP", "confidence = 3"}}, "2026-08-15", "O1.UP",
			ptr(10 + fl(100)/50*(91-5)), 182.0 / 50, GradeAchieved},
		// Within one file the later entry wins: (0,0), (10,30): b = 3,
		// 15 + 3·86 = 273.
		{"same-day ties in one file", []upd{{"2026-07-11", "", "O1.UP", "value = 10"}, {"2026-07-11", "", "O1.UP", "value = 30"}}, "2026-08-15", "O1.UP",
			ptr(15 + fl(150)/50*(91-5)), 273.0 / 50, GradeAchieved},
		// A decreasing KR: (0,200), (10,190): b = -50/50 = -1,
		// 195 - 86 = 109; (109-200)/(100-200) = 0.91.
		{"decreasing", []upd{{"2026-07-11", "", "O1.DOWN", "value = 190"}}, "2026-08-15", "O1.DOWN",
			ptr(195 + fl(-50)/50*(91-5)), 0.91, GradeAchieved},
		// Due on 31 July, x = 30: (0,0), (10,10): 5 + 1·(30-5) = 30; 0.6.
		{"due", []upd{{"2026-07-11", "", "O1.SOON", "value = 10"}}, "2026-07-20", "O1.SOON",
			ptr(5 + fl(50)/50*(30-5)), 0.6, GradePartial},
		// Past due, the line still ends on the due day: (0,0), (10,10),
		// (40,40): x̄ = ȳ = 50/3, b = 1 (y = x), ȳ + 1·(30 - x̄).
		{"due passed", []upd{{"2026-07-11", "", "O1.SOON", "value = 10"}, {"2026-08-10", "", "O1.SOON", "value = 40"}}, "2026-08-15", "O1.SOON",
			ptr(fl(50)/3 + 1*(30-fl(50)/3)), (fl(50)/3 + 1*(30-fl(50)/3)) / 50, GradePartial},
		// An update dated before the quarter (a qualified ref) counts in
		// history but is no point: as "two points".
		{"an update before the quarter", []upd{{"2026-06-20", "", "2026-Q3/O1.UP", "value = 100"}, {"2026-07-11", "", "O1.UP", "value = 10"}}, "2026-08-15", "O1.UP",
			ptr(5 + fl(50)/50*(91-5)), 91.0 / 50, GradeAchieved},
		// The target in force: 50 before 1 August (91/50), 100 after.
		{"target in force before its revision", []upd{{"2026-07-11", "", "O1.REV", "value = 10"}}, "2026-07-20", "O1.REV",
			ptr(5 + fl(50)/50*(91-5)), 91.0 / 50, GradeAchieved},
		{"target in force after its revision", []upd{{"2026-07-11", "", "O1.REV", "value = 10"}}, "2026-08-05", "O1.REV",
			ptr(5 + fl(50)/50*(91-5)), 91.0 / 100, GradeAchieved},
		// Committed objective's KR: (0,0), (20,20): b = 1, 10 + 81 = 91;
		// 0.91 is partial, not achieved.
		{"committed", []upd{{"2026-07-21", "", "O2.C", "value = 20"}}, "2026-08-15", "O2.C",
			ptr(10 + fl(200)/200*(91-10)), 0.91, GradePartial},
		// (0,0), (20,45): x̄ = 10, ȳ = 22.5, b = (225+225)/(100+100) =
		// 2.25, 22.5 + 2.25·81 = 204.75: 2.0475, clamped 1, achieved even
		// when committed.
		{"committed, past the target", []upd{{"2026-07-21", "", "O2.C", "value = 45"}}, "2026-08-15", "O2.C",
			ptr(22.5 + fl(450)/200*(91-10)), 204.75 / 100, GradeAchieved},
		// (0,0), (30,2): x̄ = 15, ȳ = 1, b = (15+15)/(225+225) = 30/450,
		// 1 + b·(91-15) = 6.07; 0.06 missed.
		{"missed", []upd{{"2026-07-31", "", "O2.C", "value = 2"}}, "2026-08-15", "O2.C",
			ptr(1 + fl(30)/450*(91-15)), (1 + fl(30)/450*(91-15)) / 100, GradeMissed},
		{"quarter ended", []upd{{"2026-07-11", "", "O1.UP", "value = 10"}}, "2026-10-01", "O1.UP", nil, 0, ""},
		{"quarter not started", []upd{{"2026-07-11", "", "O1.UP", "value = 10"}}, "2026-06-30", "O1.UP", nil, 0, ""},
		{"milestone", []upd{{"2026-07-11", "", "O2.MS", "done = true"}}, "2026-08-15", "O2.MS", nil, 0, ""},
		{"threshold", []upd{{"2026-07-11", "", "O2.UPTIME", "value = 99.95"}, {"2026-07-21", "", "O2.UPTIME", "value = 99.8"}}, "2026-08-15", "O2.UPTIME", nil, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := mustLoad(t, siteWith(fcSite, tt.updates, nil))
			k := kr(t, Compute(site, date(t, tt.asOf)), "2026-Q3/"+tt.kr)
			if tt.forecast == nil {
				if k.Forecast != nil || k.ForecastProgress != nil || k.Likely != "" {
					t.Errorf("forecast %v, progress %v, likely %q; want none", fmtPtr(k.Forecast), fmtPtr(k.ForecastProgress), k.Likely)
				}
				return
			}
			if !eqPtr(k.Forecast, tt.forecast) || k.ForecastProgress == nil || *k.ForecastProgress != tt.progress || k.Likely != tt.likely {
				t.Errorf("forecast %v, progress %v, likely %q; want %v, %v, %q", fmtPtr(k.Forecast), fmtPtr(k.ForecastProgress), k.Likely, *tt.forecast, tt.progress, tt.likely)
			}
		})
	}
}

// TestForecastAggregates: an objective's forecast progress is the
// weighted mean of its KRs' clamped forecast progress, or of their
// clamped progress where they have none; the quarter's that of its
// objectives'; likely follows each one's rules.
func TestForecastAggregates(t *testing.T) {
	site := mustLoad(t, siteWith(fcSite, []upd{
		{"2026-07-11", "", "O1.UP", "value = 10"},    // 1.82, clamped 1
		{"2026-07-11", "", "O1.DOWN", "value = 190"}, // 0.91
		// SOON and REV: no forecast, progress 0.
		{"2026-07-21", "", "O2.C", "value = 20"},         // 0.91
		{"2026-07-11", "", "O2.UPTIME", "value = 99.95"}, // no forecast, progress 1 (1 of 1 met)
		// MS: no forecast, progress 0.
	}, nil))
	n := Compute(site, date(t, "2026-08-15"))
	q := n.Quarters[0]
	o1 := (1*fl(1) + 1*0.91 + 1*0.0 + 1*0.0) / 4 // 0.4775: partial
	o2 := (1*fl(0.91) + 1*0.0 + 1*1.0) / 3       // 0.6367: partial (committed)
	qf := (1*o1 + 1*o2) / 2                      // 0.5571: partial
	for _, w := range []struct {
		got    *float64
		likely string
		want   float64
		wantL  string
		what   string
	}{
		{q.Objectives[0].ForecastProgress, q.Objectives[0].Likely, o1, GradePartial, "O1"},
		{q.Objectives[1].ForecastProgress, q.Objectives[1].Likely, o2, GradePartial, "O2"},
		{q.ForecastProgress, q.Likely, qf, GradePartial, "quarter"},
	} {
		if w.got == nil || *w.got != w.want || w.likely != w.wantL {
			t.Errorf("%s: forecast progress %v likely %q; want %v %q", w.what, fmtPtr(w.got), w.likely, w.want, w.wantL)
		}
	}
	// A committed objective is likely achieved only at 1: UPTIME at 1
	// and C at 100 by the end make O2 (1 + 0 + 1)/3 with MS not done.
	site = mustLoad(t, siteWith(fcSite, []upd{
		{"2026-07-21", "", "O2.C", "value = 45"}, {"2026-07-21", "", "O2.MS", "done = true"}, {"2026-07-11", "", "O2.UPTIME", "value = 99.95"},
	}, nil))
	q = Compute(site, date(t, "2026-08-15")).Quarters[0]
	if o := q.Objectives[1]; o.ForecastProgress == nil || *o.ForecastProgress != 1 || o.Likely != GradeAchieved {
		t.Errorf("O2 all at 1: %v %q; want 1 achieved", fmtPtr(o.ForecastProgress), o.Likely)
	}
	// Not running: no forecast anywhere.
	for _, d := range []string{"2026-06-30", "2026-10-01"} {
		q := Compute(site, date(t, d)).Quarters[0]
		if q.ForecastProgress != nil || q.Likely != "" || q.Objectives[0].ForecastProgress != nil || q.Objectives[0].Likely != "" {
			t.Errorf("%s: quarter %v %q, O1 %v %q; want none", d, fmtPtr(q.ForecastProgress), q.Likely, fmtPtr(q.Objectives[0].ForecastProgress), q.Objectives[0].Likely)
		}
	}
}

// TestForecastEmpty: an objective without key results, and a quarter
// without objectives, forecast their progress, 0.
func TestForecastEmpty(t *testing.T) {
	site := mustLoad(t, map[string]string{"okr.toml": "title = \"E\"\n[quarters.\"2026-Q4\"]\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"Empty\"\n"})
	n := Compute(site, date(t, "2026-08-15"))
	if o := n.Quarters[0].Objectives[0]; o.ForecastProgress == nil || *o.ForecastProgress != 0 || o.Likely != GradeMissed {
		t.Errorf("objective without KRs: %v %q; want 0 missed", fmtPtr(o.ForecastProgress), o.Likely)
	}
	n = Compute(site, date(t, "2026-11-15"))
	if q := n.Quarters[1]; q.Quarter.ID != "2026-Q4" || q.ForecastProgress == nil || *q.ForecastProgress != 0 || q.Likely != GradeMissed {
		t.Errorf("quarter without objectives: %v %q; want 0 missed", fmtPtr(q.ForecastProgress), q.Likely)
	}
}

func TestFitLine(t *testing.T) {
	tests := []struct {
		pts  []ForecastPoint
		x    float64
		want float64
		ok   bool
	}{
		{nil, 10, 0, false},
		{[]ForecastPoint{{0, 3}}, 10, 0, false},
		{[]ForecastPoint{{5, 3}, {5, 4}}, 10, 0, false}, // one distinct x
		{[]ForecastPoint{{0, 0}, {10, 10}}, 91, 91, true},
		// A flat line stays flat: b = 0.
		{[]ForecastPoint{{0, 7}, {3, 7}, {9, 7}}, 91, 7, true},
		// (0,1), (1,3), (2,2): x̄ = 1, ȳ = 2, b = (1+0+0)/(1+0+1) = 0.5,
		// at 4: 2 + 0.5·3 = 3.5.
		{[]ForecastPoint{{0, 1}, {1, 3}, {2, 2}}, 4, 3.5, true},
	}
	for _, tt := range tests {
		got, ok := FitLine(tt.pts, tt.x)
		if ok != tt.ok || got != tt.want {
			t.Errorf("FitLine(%v, %v) = %v, %v; want %v, %v", tt.pts, tt.x, got, ok, tt.want, tt.ok)
		}
	}
}
