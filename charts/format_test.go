package charts

import (
	"math"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/okr"
)

// TestNumbersForPeople: every kind of number reads at the precision its
// inputs have, without binary noise.
func TestNumbersForPeople(t *testing.T) {
	tests := []struct{ got, want string }{
		// Values as typed: exact, whatever their decimals.
		{Value(182, "ms"), "182 ms"},
		{Value(99.95, "%"), "99.95%"},
		{Value(99.99512, "%"), "99.99512%"},
		{Value(0.1, ""), "0.1"},
		{Value(0.12345678901234567, ""), "0.12345678901234566"}, // exact: reads back the same
		{Value(-0.00001, ""), "-1e-05"},
		{Value(math.Copysign(0, -1), "ms"), "0 ms"},
		{Value(1e20, "B"), "1e+20 B"},
		{Number(2.5), "2.5"},
		// Shares: whole percentages, rounded half away from zero, with no
		// "-0%" and no float noise.
		{Percent(0.425), "43%"},
		{Percent(1.2), "120%"},
		{Percent(0.5499999999999999), "55%"},
		{Percent(0.285), "29%"},
		{Percent(-0.004), "0%"},
		{Percent(-0.5), "-50%"},
		{Percent(1e300), "1e+302%"},
		{Percent(math.MaxFloat64), "1.7976931348623157e+308%"},
		{Score(0.6792), "0.68"},
		{Score(1), "1.00"},
		{Score(0), "0.00"},
		{ConfidenceText(7), "7/10"},
		// A milestone's target.
		{TargetText(&okr.KeyResult{Kind: okr.Milestone}, nil), "done"},
		{ID("2026-Q3", "kr.1"), "2026_Q3_kr_1"},
		{StatusText(""), "ended"},
		{StatusText(okr.StatusAtRisk), "at risk"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

// TestComputedValues: a value computed from a key result's values (the
// expected pace) shows as many decimals as the most precise of them.
func TestComputedValues(t *testing.T) {
	tests := []struct{ got, want string }{
		{Fixed(140.21739130434783, 1), "140.2"},
		{Fixed(140.21739130434783, 0), "140"},
		{Fixed(165.00001, 2), "165"},
		{Fixed(-0.04, 1), "0"},
		{Fixed(0.15000000000000002, 2), "0.15"},
		{Fixed(140.21739130434783, 20), "140.217391304348"},
		{Fixed(0.30000000000000004, 20), "0.3"},
		{Fixed(1e300, 9), "1e+300"},
		{ValueAt(99.951234, 3, "%"), "99.951%"},
		{Points(0.12), "+12 pts"},
		{Points(0.145), "+15 pts"},
		{Points(-0.03), "-3 pts"},
		{Points(0.004), "no change"},
		{Points(-0.004), "no change"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
	for _, tt := range []struct {
		v    float64
		want int
	}{{200, 0}, {140.2, 1}, {0.125, 3}, {-99.95, 2}, {1e-7, 7}, {1e300, 0}, {0.1 + 0.2, 1}} {
		if got := Decimals(tt.v); got != tt.want {
			t.Errorf("Decimals(%v) = %d, want %d", tt.v, got, tt.want)
		}
	}
}

// TestPaceAtInputPrecision is the example: a key result from 200 ms
// to 100 ms, read at 140.2 ms, shows its expected pace on that day as
// 140.2 ms, not 140.2174 ms; with whole readings only, 140 ms.
func TestPaceAtInputPrecision(t *testing.T) {
	for _, tt := range []struct {
		value float64
		row   string
	}{
		{140.2, "2026-08-24|140.2 ms|140.2 ms"},
		{140, "2026-08-24|140 ms|140 ms"},
		{140.25, "2026-08-24|140.25 ms|140.22 ms"},
	} {
		q := &okr.Quarter{ID: "2026-Q3", Start: okr.NewDate(2026, 7, 1), End: okr.NewDate(2026, 9, 30)}
		o := &okr.Objective{ID: "O1", Quarter: q, Kind: okr.Aspirational, Weight: 1}
		kr := &okr.KeyResult{ID: "KR1", Objective: o, Kind: okr.Metric, Unit: "ms", Start: f(200), Target: f(100), Weight: 1}
		o.KeyResults = []*okr.KeyResult{kr}
		q.Objectives = []*okr.Objective{o}
		c := &okr.CheckIn{Date: okr.NewDate(2026, 8, 24)}
		c.Updates = []*okr.Update{{CheckIn: c, Date: c.Date, KR: kr, Value: f(tt.value)}}
		site := &okr.Site{Config: okr.Config{StaleAfterDays: 14}, Quarters: []*okr.Quarter{q}, CheckIns: []*okr.CheckIn{c}}
		kn := okr.Compute(site, okr.NewDate(2026, 8, 25)).Quarters[0].Objectives[0].KeyResults[0]
		rows := KeyResult("kr", kn).Table.Rows
		if got := strings.Join(rows[len(rows)-1], "|"); got != tt.row {
			t.Errorf("reading %v: row %q, want %q", tt.value, got, tt.row)
		}
	}
}

// TestMilestoneCaption: a milestone's chart says what its target is.
func TestMilestoneCaption(t *testing.T) {
	kn := fixture().Objectives[0].KeyResults[1]
	if got := KeyResult("kr", kn).Table.Caption; got != "O1.KR2 over time (target: done)" {
		t.Errorf("caption %q", got)
	}
}
