package charts

import (
	"strings"
	"testing"

	"github.com/okrgen/okrgen/okr"
)

// TestKeyResultDue: a KR with a due date has its expected pace reach the
// target on that day, a vertical "due" mark, the date in its table's
// caption; a KR fed by a data file tells each row's source.
func TestKeyResultDue(t *testing.T) {
	q := &okr.Quarter{ID: "2026-Q3", Start: okr.NewDate(2026, 7, 1), End: okr.NewDate(2026, 9, 30)}
	o := &okr.Objective{ID: "O1", Quarter: q, Title: "Faster", Kind: okr.Aspirational, Weight: 1}
	due := okr.NewDate(2026, 7, 31)
	metric := &okr.KeyResult{ID: "KR1", Objective: o, Kind: okr.Metric, Start: f(0), Target: f(31), Weight: 1, Due: &due, Data: "data/x.csv"}
	o.KeyResults = []*okr.KeyResult{metric}
	q.Objectives = []*okr.Objective{o}
	c := &okr.CheckIn{Date: okr.NewDate(2026, 7, 10)}
	c.Updates = []*okr.Update{{CheckIn: c, Date: c.Date, KR: metric, Value: f(9)}}
	metric.Rows = []*okr.Update{{Date: okr.NewDate(2026, 7, 5), KR: metric, Value: f(4), Source: "data/x.csv", Line: 2}}
	site := &okr.Site{Config: okr.Config{StaleAfterDays: 14}, Quarters: []*okr.Quarter{q}, CheckIns: []*okr.CheckIn{c}}
	kn := okr.Compute(site, okr.NewDate(2026, 7, 20)).Quarters[0].Objectives[0].KeyResults[0]

	s := KRValues(kn)
	var pace []string
	for _, p := range s.Pace {
		pace = append(pace, p.Date.String()+"="+Number(p.Value))
	}
	if got, want := strings.Join(pace, " "), "2026-07-01=0 2026-07-31=31 2026-09-30=31"; got != want {
		t.Errorf("pace %s, want %s", got, want)
	}
	if got := PaceAt(metric, okr.NewDate(2026, 7, 10)); got != 10 {
		t.Errorf("PaceAt(2026-07-10) = %v, want 10 (10 of 31 days to the due date)", got)
	}
	ch := KeyResult("kr", kn)
	for _, w := range []string{`"markLine":{`, `"xAxis":"2026-07-31"`, `"formatter":"due"`} {
		if !strings.Contains(string(ch.Option), w) {
			t.Errorf("option has no %s: %s", w, ch.Option)
		}
	}
	if !strings.Contains(ch.Table.Caption, "due 2026-07-31") {
		t.Errorf("caption %q names no due date", ch.Table.Caption)
	}
	var rows []string
	for _, r := range ch.Table.Rows {
		rows = append(rows, strings.Join(r, "|"))
	}
	want := "2026-07-01|0|1|quarter start; 2026-07-05|4|5|from data/x.csv; 2026-07-10|9|10|check-in"
	if got := strings.Join(rows, "; "); got != want {
		t.Errorf("rows\n got %s\nwant %s", got, want)
	}
}
