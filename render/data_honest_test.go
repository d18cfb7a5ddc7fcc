package render

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
)

// TestDataForecastsRevisionsCalibration checks the keys of SPEC section 11
// in data.json: a KR's target in force, original_target, revisions,
// score_original, forecast, forecast_progress and likely; an objective's
// carried_from, forecast_progress and likely; a quarter's
// forecast_progress, likely and calibration.
func TestDataForecastsRevisionsCalibration(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteIn(t, dir, map[string]string{
		"okr.toml": `title = "T"

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Q3"

  [[objectives.key_results]]
  id = "UP"
  title = "Up"
  start = 0
  target = 50

    [[objectives.key_results.revisions]]
    date = 2026-08-01
    target = 40
    why = "Budget cut"

    [[objectives.key_results.revisions]]
    date = 2026-09-25
    target = 45
    why = "Back on"

  [[objectives.key_results]]
  id = "MS"
  title = "Ship"
  kind = "milestone"

[[objectives]]
id = "O1"
quarter = "2026-Q4"
title = "Q4, again"
carried_from = "2026-Q3/O1"

  [[objectives.key_results]]
  id = "K"
  title = "K"
  start = 0
  target = 10
`,
		"content/checkins/2026-07-20.md": "+++\ndate = 2026-07-20\n[[updates]]\nkr = \"O1.UP\"\nvalue = 20\nconfidence = 6\n+++\n",
		"content/checkins/2026-09-20.md": "+++\ndate = 2026-09-20\n[[updates]]\nkr = \"O1.UP\"\nvalue = 36\nconfidence = 8\n[[updates]]\nkr = \"O1.MS\"\ndone = true\nconfidence = 3\n+++\n",
		"content/checkins/2026-10-11.md": "+++\ndate = 2026-10-11\n[[updates]]\nkr = \"O1.K\"\nvalue = 2\n+++\n",
	})
	site, err := okr.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	data := func(asOf string) map[string]any {
		d, _ := okr.ParseDate(asOf)
		var doc map[string]any
		if err := json.Unmarshal(Data(okr.Compute(site, d), site.Config.Title, "test", false), &doc); err != nil {
			t.Fatal(err)
		}
		return doc
	}
	doc := data("2026-11-05")
	q3, q4 := quarter(doc, 0), quarter(doc, 1)
	o3, o4 := objective(q3, 0), objective(q4, 0)
	up, ms, k := kr(o3, 0), kr(o3, 1), kr(o4, 0)
	f := func(v float64) float64 { return v }
	p := func(c int) float64 { return float64(c) / 10 }
	// Q3 ended. UP: target 45 in force, 36/45 = 0.8 achieved; 36/50 = 0.72
	// against the original. MS done: achieved. Confidences 6 and 8 on UP,
	// 3 on MS, every outcome 1: (0.6,1), (0.8,1), (0.3,1).
	brier := ((p(6)-1)*(p(6)-1) + (p(8)-1)*(p(8)-1) + (p(3)-1)*(p(3)-1)) / 3
	bias := (p(6)+p(8)+p(3))/3 - f(1+1+1)/3
	// Q4 runs: K's points (0,0), (10,2): x̄ = 5, ȳ = 1, b = 10/50 = 0.2,
	// the forecast 1 + 0.2·(91-5) = 18.2, 1.82 of 10.
	fc := 1 + f(10)/50*(91-5)
	for _, c := range []struct {
		what string
		got  any
		want any
	}{
		{"UP target", up["target"], 45.0},
		{"UP original_target", up["original_target"], 50.0},
		{"UP revisions", up["revisions"], []any{
			map[string]any{"date": "2026-08-01", "target": 40.0, "why": "Budget cut"},
			map[string]any{"date": "2026-09-25", "target": 45.0, "why": "Back on"},
		}},
		{"UP progress", up["progress"], f(36) / 45},
		{"UP score", up["score"], f(36) / 45},
		{"UP score_original", up["score_original"], f(36) / 50},
		{"UP forecast", up["forecast"], nil},
		{"UP forecast_progress", up["forecast_progress"], nil},
		{"UP likely", up["likely"], nil},
		{"MS target", ms["target"], nil},
		{"MS original_target", ms["original_target"], nil},
		{"MS revisions", ms["revisions"], []any{}},
		{"MS score_original", ms["score_original"], nil},
		{"Q3 O1 carried_from", o3["carried_from"], nil},
		{"Q3 O1 forecast_progress", o3["forecast_progress"], nil},
		{"Q3 forecast_progress", q3["forecast_progress"], nil},
		{"Q3 likely", q3["likely"], nil},
		{"Q3 calibration", q3["calibration"], map[string]any{
			"brier": brier, "bias": bias, "updates": 3.0, "bins": []any{
				map[string]any{"from": 0.0, "to": 3.0, "updates": 1.0, "stated": p(3) / 1, "achieved": f(1) / 1},
				map[string]any{"from": 4.0, "to": 6.0, "updates": 1.0, "stated": p(6) / 1, "achieved": f(1) / 1},
				map[string]any{"from": 7.0, "to": 10.0, "updates": 1.0, "stated": p(8) / 1, "achieved": f(1) / 1},
			}}},
		{"K forecast", k["forecast"], fc},
		{"K forecast_progress", k["forecast_progress"], fc / 10},
		{"K likely", k["likely"], "achieved"},
		{"K revisions", k["revisions"], []any{}},
		{"K score_original", k["score_original"], nil},
		{"Q4 O1 carried_from", o4["carried_from"], "2026-Q3/O1"},
		{"Q4 O1 forecast_progress", o4["forecast_progress"], 1.0},
		{"Q4 O1 likely", o4["likely"], "achieved"},
		{"Q4 forecast_progress", q4["forecast_progress"], 1.0},
		{"Q4 likely", q4["likely"], "achieved"},
		{"Q4 calibration", q4["calibration"], nil},
	} {
		if g, w := jsonOf(t, c.got), jsonOf(t, c.want); g != w {
			t.Errorf("%s = %s, want %s", c.what, g, w)
		}
	}
	// okrs.csv writes the target in force, which its progress is against.
	n := okr.Compute(site, okr.NewDate(2026, 11, 5))
	if _, row, _ := strings.Cut(string(CSV(n.Quarters[0])), "\r\n"); !strings.Contains(row, ",metric,,,1,0,45,,36,,0.8,") {
		t.Errorf("okrs.csv: %q; want start 0, target 45, current 36, progress 0.8", row)
	}
	// Before its second revision, and while its quarter runs, UP has the
	// first revision only, its target 40, and a forecast: (0,0), (19,20):
	// x̄ = 9.5, ȳ = 10, b = 190/180.5, 10 + b·(91-9.5).
	up = kr(objective(quarter(data("2026-08-15"), 0), 0), 0)
	fu := 10 + f(190)/180.5*(91-9.5)
	for _, c := range []struct {
		what string
		got  any
		want any
	}{
		{"UP target", up["target"], 40.0},
		{"UP revisions", up["revisions"], []any{map[string]any{"date": "2026-08-01", "target": 40.0, "why": "Budget cut"}}},
		{"UP forecast", up["forecast"], fu},
		{"UP forecast_progress", up["forecast_progress"], fu / 40},
		{"UP score_original", up["score_original"], nil},
	} {
		if g, w := jsonOf(t, c.got), jsonOf(t, c.want); g != w {
			t.Errorf("as of 2026-08-15: %s = %s, want %s", c.what, g, w)
		}
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func quarter(doc map[string]any, i int) map[string]any {
	return doc["quarters"].([]any)[i].(map[string]any)
}

func objective(q map[string]any, i int) map[string]any {
	return q["objectives"].([]any)[i].(map[string]any)
}

func kr(o map[string]any, i int) map[string]any {
	return o["key_results"].([]any)[i].(map[string]any)
}
