package charts

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/okr"
)

// series returns the names of a chart's series and their points.
func series(t *testing.T, c *Chart) map[string][][]any {
	t.Helper()
	var opt struct {
		Series []struct {
			Name      string
			Data      []struct{ Value []any }
			LineStyle struct{ Type string }
		}
	}
	if err := json.Unmarshal(c.Option, &opt); err != nil {
		t.Fatal(err)
	}
	m := map[string][][]any{}
	for _, s := range opt.Series {
		for _, d := range s.Data {
			m[s.Name] = append(m[s.Name], d.Value)
		}
		if s.Name == "Trend" && s.LineStyle.Type != "dashed" {
			t.Errorf("the trend is drawn %q, want dashed", s.LineStyle.Type)
		}
	}
	return m
}

// TestTrendSeries: the fixture's metric runs 200 → 100 ms with points
// (0, 200), (13, 175) (the later update of Jul 14) and (31, 150). x̄ =
// 44/3, ȳ = 175; Σ(x-x̄)(y-ȳ) = -775, Σ(x-x̄)² = 1454/3, so b = -2325/1454
// ≈ -1.5990. The line reaches 175 + b·(31 - 44/3) ≈ 148.88 on Aug 1, its
// latest point, and 175 + b·(91 - 44/3) ≈ 52.94 on Sep 30.
func TestTrendSeries(t *testing.T) {
	kn := fixture().Objectives[0].KeyResults[0]
	s := KRValues(kn)
	if len(s.Trend) != 2 || s.Trend[0].Date != okr.NewDate(2026, 8, 1) || s.Trend[1].Date != okr.NewDate(2026, 9, 30) {
		t.Fatalf("trend = %+v", s.Trend)
	}
	b := -2325.0 / 1454
	if want := 175 + b*(31-44.0/3); math.Abs(s.Trend[0].Value-want) > 1e-9 {
		t.Errorf("trend starts at %v, want %v", s.Trend[0].Value, want)
	}
	if want := 175 + b*(91-44.0/3); math.Abs(s.Trend[1].Value-want) > 1e-9 || s.Trend[1].Value != *kn.Forecast {
		t.Errorf("trend ends at %v, want %v (the forecast %v)", s.Trend[1].Value, want, *kn.Forecast)
	}
	c := KeyResult("kr", kn)
	if got := series(t, c)["Trend"]; len(got) != 2 || got[1][0] != "2026-09-30" {
		t.Errorf("Trend series = %v", got)
	}
	if !strings.Contains(c.Table.Caption, "trend: 53 ms by 2026-09-30 (likely achieved)") {
		t.Errorf("caption = %q", c.Table.Caption)
	}
	if got := AtThisPace(kn); got != "at this pace: 53 ms by Sep 30 (likely achieved)" {
		t.Errorf("AtThisPace = %q", got)
	}
	// Once the quarter ended there is no forecast, and no trend.
	ended := fixtureAt(okr.NewDate(2026, 10, 5)).Objectives[0].KeyResults[0]
	if _, ok := series(t, KeyResult("kr", ended))["Trend"]; ok || AtThisPace(ended) != "" {
		t.Error("an ended quarter's KR has a trend")
	}
	// Milestones and thresholds have none.
	for _, kn := range fixture().Objectives[0].KeyResults[1:] {
		if _, ok := series(t, KeyResult("kr", kn))["Trend"]; ok {
			t.Errorf("%s has a trend", kn.KR.Ref())
		}
	}
}

// TestSteppedTarget: a metric from 200 to 100 ms whose target moved to 120
// on Aug 3 and to 110 on Sep 1; as of Aug 15 only the first counts.
func TestSteppedTarget(t *testing.T) {
	kn := fixtureRevised(okr.NewDate(2026, 8, 15), []okr.Revision{
		{Date: okr.NewDate(2026, 8, 3), Target: 120, Why: "scope cut"},
		{Date: okr.NewDate(2026, 9, 1), Target: 110, Why: "again"},
	}).Objectives[0].KeyResults[0]
	kr := kn.KR
	s := KRValues(kn)
	if got := points(s.Target); got != "2026-07-01=100 2026-08-03=100 2026-08-03=120 2026-09-30=120" {
		t.Errorf("target line = %s", got)
	}
	if got := points(s.Pace); got != "2026-07-01=200 2026-09-30=120" {
		t.Errorf("pace = %s, want to the target in force", got)
	}
	c := KeyResult("kr", kn)
	if got := series(t, c)["Target"]; len(got) != 4 {
		t.Errorf("Target series = %v", got)
	}
	if !strings.Contains(c.Table.Caption, "from 200 ms to 120 ms") || !strings.Contains(c.Table.Caption, "target moved to 120 ms on 2026-08-03") || strings.Contains(c.Table.Caption, "110") {
		t.Errorf("caption = %q", c.Table.Caption)
	}
	if got := MovedText(kr, 0); got != "target moved from 100 to 120 ms on Aug 3" {
		t.Errorf("MovedText = %q", got)
	}
	if got := MovedText(kr, 1); got != "target moved from 120 to 110 ms on Sep 1" {
		t.Errorf("MovedText = %q", got)
	}
	// Without revisions the target line is flat, as it always was.
	if got := points(KRValues(fixture().Objectives[0].KeyResults[0]).Target); got != "2026-07-01=100 2026-09-30=100" {
		t.Errorf("flat target line = %s", got)
	}
}

// TestReliability: the fixture ended (as of Oct 5). O1.KR1 (200 → 100 ms,
// final 150: score 0.5, partial, o = 0) said 7 on Jul 14 and Aug 1, so
// both updates fall in the 7-10 bin: stated 0.7, achieved 0; brier =
// (0.49 + 0.49)/2 = 0.49; bias = 0.7 - 0 = 0.7: no better than always saying 5 (0.49 ≥ 0.25), and over-confident. The bins
// 0-3 and 4-6 are empty.
func TestReliability(t *testing.T) {
	qn := fixtureAt(okr.NewDate(2026, 10, 5))
	c := Reliability("rel", qn)
	if c == nil {
		t.Fatal("no reliability chart for an ended quarter with confidence")
	}
	s := series(t, c)
	if d := s["Perfect calibration"]; len(d) != 2 || d[1][0] != 100.0 || d[1][1] != 100.0 {
		t.Errorf("diagonal = %v", d)
	}
	if d := s["Achieved"]; len(d) != 1 || d[0][0] != 70.0 || d[0][1] != 0.0 {
		t.Errorf("achieved = %v, want one point (70, 0)", d)
	}
	if got := BrierLine(qn.Calibration); got != "0.49: no better than always saying 5, and over-confident" {
		t.Errorf("BrierLine = %q", got)
	}
	if got := strings.Join(c.Table.Rows[0], "|"); got != "0–3|0|—|—" {
		t.Errorf("empty bin row = %q", got)
	}
	if got := strings.Join(c.Table.Rows[2], "|"); got != "7–10|2|70%|0%" {
		t.Errorf("7-10 bin row = %q", got)
	}
	o := ConfidenceOutcomes(qn)
	if len(o.Rows) != 1 || o.Rows[0][1] != "7 on Jul 14, 7 on Aug 1" || o.Rows[0][2] != "partial" {
		t.Errorf("outcomes = %v", o.Rows)
	}
	// A running quarter has no calibration, and no chart.
	if Reliability("rel", fixture()) != nil {
		t.Error("a running quarter has a reliability chart")
	}
	for _, tc := range []struct {
		brier, bias float64
		want        string
	}{
		{0.2, 0.15, "over-confident"}, {0.2, -0.2, "under-confident"}, {0.2, 0.05, "well calibrated"}, {0.2, -0.1, "well calibrated"},
		// One achieved KR said 0, one missed said 10: (1 + 1) / 2 = 1, bias 0.5 - 0.5 = 0.
		{1, 0, "no better than always saying 5"},
		// Always saying 5, half achieved: 0.25, bias 0.
		{0.25, 0, "no better than always saying 5"},
		// Always saying 8, none achieved: 0.64, bias 0.8.
		{0.64, 0.8, "no better than always saying 5, and over-confident"},
		{0.3, -0.3, "no better than always saying 5, and under-confident"},
	} {
		if got := Reading(&okr.Calibration{Brier: tc.brier, Bias: tc.bias}); got != tc.want {
			t.Errorf("Reading(brier %v, bias %v) = %q, want %q", tc.brier, tc.bias, got, tc.want)
		}
	}
}
