package pdf

import (
	"regexp"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/okr"
)

// TestNumbersInPDF: the PDF shows values as typed (99.99512%, not
// 99.9951%), the axis of a key result's chart at the precision of its step
// (0.00015, not a second 0.0001), reaching a final value dated after the
// quarter (an "Oct" label), and a milestone's target as "done".
func TestNumbersInPDF(t *testing.T) {
	q := &okr.Quarter{ID: "2026-Q3", Start: okr.NewDate(2026, 7, 1), End: okr.NewDate(2026, 9, 30)}
	o := &okr.Objective{ID: "O1", Quarter: q, Title: "Reliable", Owner: "Priya", Kind: okr.Aspirational, Weight: 1}
	f := func(v float64) *float64 { return &v }
	small := &okr.KeyResult{ID: "KR1", Objective: o, Title: "Cut the error rate", Kind: okr.Metric, Start: f(0.0002), Target: f(0.0001), Weight: 1}
	uptime := &okr.KeyResult{ID: "KR2", Objective: o, Title: "Keep uptime", Kind: okr.Threshold, Unit: "%", Target: f(99.99512), Direction: okr.AtLeast, Weight: 1}
	ms := &okr.KeyResult{ID: "KR3", Objective: o, Title: "Roll out RBAC", Kind: okr.Milestone, Weight: 1}
	o.KeyResults = []*okr.KeyResult{small, uptime, ms}
	q.Objectives = []*okr.Objective{o}
	c := &okr.CheckIn{Source: "content/checkins/a.md", Stem: "a", Title: "Week 2", Date: okr.NewDate(2026, 7, 14)}
	c.Updates = []*okr.Update{{CheckIn: c, Date: c.Date, KR: small, Value: f(0.00015)}, {CheckIn: c, Date: c.Date, KR: uptime, Value: f(99.99612)}}
	late := &okr.CheckIn{Source: "content/checkins/b.md", Stem: "b", Title: "Final", Date: okr.NewDate(2026, 10, 20)}
	late.Updates = []*okr.Update{{CheckIn: late, Date: late.Date, KR: small, Value: f(0.00012)}}
	site := &okr.Site{Config: okr.Config{Title: "T", StaleAfterDays: 14}, Quarters: []*okr.Quarter{q}, CheckIns: []*okr.CheckIn{c, late}}
	n := okr.Compute(site, okr.NewDate(2026, 10, 25))
	res, err := Retrospective(n, n.Quarters[0], Options{Title: "T", Generator: "g"})
	if err != nil {
		t.Fatal(err)
	}
	text := words(run(t, res.PDF, "pdftotext", "-enc", "UTF-8", "FILE", "-"))
	for _, w := range []string{"99.99512%", "99.99612%", "0.00015", "Target done", "0.0002 0.00015 0.0001"} {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF's text lacks %q", w)
		}
	}
	if !regexp.MustCompile(`\bOct\b`).MatchString(text) {
		t.Error("the chart's time axis stops before the final value of October")
	}
	for _, w := range []string{"99.9951%", "done or not done"} {
		if strings.Contains(text, w) {
			t.Errorf("the PDF's text has %q", w)
		}
	}
}
