package charts

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/okr"
)

// sameDay builds the site every new team has on its first day: okr init
// dates the baseline check-in today, and okrgen new checkin defaults to
// today, so every key result has two updates of one date. One key result
// of each kind also has an update on the quarter's first day, a milestone
// one before it, and a metric one a final value after the quarter's end
// (qualified refs).
func sameDay() *okr.QuarterNumbers {
	q := &okr.Quarter{ID: "2026-Q3", Start: okr.NewDate(2026, 7, 1), End: okr.NewDate(2026, 9, 30)}
	o := &okr.Objective{ID: "O1", Quarter: q, Title: "Faster", Kind: okr.Aspirational, Weight: 1}
	metric := &okr.KeyResult{ID: "KR1", Objective: o, Kind: okr.Metric, Unit: "ms", Start: f(200), Target: f(100), Weight: 1}
	ms := &okr.KeyResult{ID: "KR2", Objective: o, Kind: okr.Milestone, Weight: 1}
	th := &okr.KeyResult{ID: "KR3", Objective: o, Kind: okr.Threshold, Unit: "%", Target: f(99.9), Direction: okr.AtLeast, Weight: 1}
	metric2 := &okr.KeyResult{ID: "KR4", Objective: o, Kind: okr.Metric, Start: f(0), Target: f(10), Weight: 1}
	ms2 := &okr.KeyResult{ID: "KR5", Objective: o, Kind: okr.Milestone, Weight: 1}
	o.KeyResults = []*okr.KeyResult{metric, ms, th, metric2, ms2}
	q.Objectives = []*okr.Objective{o}
	first := &okr.CheckIn{Source: "content/checkins/2026-07-01.md", Date: q.Start}
	base := &okr.CheckIn{Source: "content/checkins/2026-07-14-baseline.md", Date: okr.NewDate(2026, 7, 14)}
	week := &okr.CheckIn{Source: "content/checkins/2026-07-14-check-in.md", Date: okr.NewDate(2026, 7, 14)}
	later := &okr.CheckIn{Source: "content/checkins/2026-08-01.md", Date: okr.NewDate(2026, 8, 1)}
	final := &okr.CheckIn{Source: "content/checkins/2026-10-03.md", Date: okr.NewDate(2026, 10, 3)}
	early := &okr.CheckIn{Source: "content/checkins/2026-06-28.md", Date: okr.NewDate(2026, 6, 28)}
	i := func(v int) *int { return &v }
	b := func(v bool) *bool { return &v }
	early.Updates = []*okr.Update{{CheckIn: early, Date: early.Date, KR: ms, Done: b(false)}} // a qualified ref, before the quarter
	first.Updates = []*okr.Update{
		{CheckIn: first, Date: first.Date, KR: metric2, Value: f(1)},
		{CheckIn: first, Date: first.Date, KR: ms2, Done: b(false), Confidence: i(4)},
	}
	base.Updates = []*okr.Update{
		{CheckIn: base, Date: base.Date, KR: metric, Value: f(200), Confidence: i(5)},
		{CheckIn: base, Date: base.Date, KR: ms, Done: b(false), Confidence: i(5)},
		{CheckIn: base, Date: base.Date, KR: th, Value: f(99.5)},
	}
	week.Updates = []*okr.Update{
		{CheckIn: week, Date: week.Date, KR: metric, Value: f(182), Confidence: i(7)},
		{CheckIn: week, Date: week.Date, KR: ms, Done: b(true)},
		{CheckIn: week, Date: week.Date, KR: th, Value: f(99.95), Confidence: i(8)},
		// Two entries of one key result in one file: the later wins.
		{CheckIn: week, Date: week.Date, KR: th, Value: f(99.97)},
	}
	later.Updates = []*okr.Update{
		{CheckIn: later, Date: later.Date, KR: metric, Value: f(150)},
		{CheckIn: later, Date: later.Date, KR: th, Confidence: i(9)}, // no value: not a point
	}
	final.Updates = []*okr.Update{{CheckIn: final, Date: final.Date, KR: metric, Value: f(120)}}
	site := &okr.Site{Config: okr.Config{StaleAfterDays: 14}, Quarters: []*okr.Quarter{q},
		CheckIns: []*okr.CheckIn{early, first, base, week, later, final}}
	return okr.Compute(site, okr.NewDate(2026, 10, 5)).Quarters[0]
}

// historyPoints returns the points a key result's chart must plot: one per
// counted update that reports what the chart shows, in the order of the
// numbers' history (SPEC section 4: every counted update stays in
// history, and in a threshold's share).
func historyPoints(kn *okr.KRNumbers) string {
	var s []string
	for _, u := range kn.History {
		switch {
		case kn.KR.Kind == okr.Milestone && u.Done != nil:
			v := "0"
			if *u.Done {
				v = "100"
			}
			s = append(s, u.CheckIn.Date.String()+"="+v)
		case kn.KR.Kind != okr.Milestone && u.Value != nil:
			s = append(s, u.CheckIn.Date.String()+"="+Number(*u.Value))
		}
	}
	return strings.Join(s, " ")
}

// TestChartPointsAreTheNumbers compares, for each kind of key result, the
// points its chart plots (HTML option, text table and the series the PDF
// draws) with the updates the numbers count. Two updates of one day are
// two points, as they are two entries of history and two readings of a
// threshold's share; a metric starts from its start value and a milestone
// from "not done" on the quarter's first day, unless an update is dated
// that day.
func TestChartPointsAreTheNumbers(t *testing.T) {
	qn := sameDay()
	krs := qn.Objectives[0].KeyResults
	tests := []struct {
		kn    *okr.KRNumbers
		start string // the point the chart adds at the quarter's start
		share string // a threshold's share: met of measured
		want  string // the points, where the start is not the first
	}{
		{kn: krs[0], start: "2026-07-01=200"},
		{kn: krs[1], want: "2026-06-28=0 2026-07-01=0 2026-07-14=0 2026-07-14=100"},
		{kn: krs[2], share: "2 of 3"},
		{kn: krs[3]}, // updated on the quarter's first day
		{kn: krs[4]},
	}
	for _, tt := range tests {
		name := tt.kn.KR.Kind + " " + tt.kn.KR.Ref()
		want := historyPoints(tt.kn)
		if tt.start != "" {
			want = tt.start + " " + want
		}
		if tt.want != "" {
			want = tt.want
		}
		if got := points(KRValues(tt.kn).Values); got != want {
			t.Errorf("%s: chart points %s, want %s (the numbers' history)", name, got, want)
		}
		c := KeyResult("kr", tt.kn)
		var opt struct {
			Series []struct{ Data []struct{ Value []any } }
		}
		if err := json.Unmarshal(c.Option, &opt); err != nil {
			t.Fatal(err)
		}
		var plotted []string
		for _, d := range opt.Series[0].Data {
			plotted = append(plotted, fmt.Sprintf("%s=%s", d.Value[0], Number(d.Value[1].(float64))))
		}
		if got := strings.Join(plotted, " "); got != want {
			t.Errorf("%s: HTML chart plots %s, want %s", name, got, want)
		}
		if len(c.Table.Rows) != len(plotted) {
			t.Errorf("%s: the table has %d rows for %d points", name, len(c.Table.Rows), len(plotted))
		}
		if tt.share != "" {
			var met, measured int
			for _, p := range KRValues(tt.kn).Values {
				measured++
				if tt.kn.KR.Meets(p.Value) {
					met++
				}
			}
			if got := fmt.Sprintf("%d of %d", met, measured); got != tt.share || float64(met)/float64(measured) != tt.kn.Progress {
				t.Errorf("%s: chart points meet the line %s times, progress %v; want %s", name, got, tt.kn.Progress, tt.share)
			}
		}
	}

	// Confidence: one point per counted update that gives one.
	c := Confidence("c", "Confidence", krs)
	var rows []string
	for _, r := range c.Table.Rows {
		rows = append(rows, strings.Join(r, " "))
	}
	want := "O1.KR1 2026-07-14 5/10|O1.KR1 2026-07-14 7/10|O1.KR2 2026-07-14 5/10|O1.KR3 2026-07-14 8/10|O1.KR3 2026-08-01 9/10|O1.KR5 2026-07-01 4/10"
	if got := strings.Join(rows, "|"); got != want {
		t.Errorf("confidence table:\n got %s\nwant %s", got, want)
	}
}

// TestChartAxisHoldsEveryPoint: an update dated after the quarter's end (a
// qualified ref giving a final value) is a point of the chart, so the time
// axis reaches it.
func TestChartAxisHoldsEveryPoint(t *testing.T) {
	kn := sameDay().Objectives[0].KeyResults[0]
	var opt struct {
		XAxis []struct{ Min, Max string }
	}
	if err := json.Unmarshal(KeyResult("kr", kn).Option, &opt); err != nil {
		t.Fatal(err)
	}
	if opt.XAxis[0].Min != "2026-07-01" || opt.XAxis[0].Max != "2026-10-03" {
		t.Errorf("x axis %+v, want 2026-07-01 to 2026-10-03", opt.XAxis)
	}
	if s := KRValues(kn); s.First != okr.NewDate(2026, 7, 1) || s.Last != okr.NewDate(2026, 10, 3) {
		t.Errorf("KRValues spans %s to %s", s.First, s.Last)
	}
	if s := KRValues(sameDay().Objectives[0].KeyResults[1]); s.First != okr.NewDate(2026, 6, 28) || s.Last != okr.NewDate(2026, 9, 30) {
		t.Errorf("the milestone's KRValues spans %s to %s", s.First, s.Last)
	}
}
