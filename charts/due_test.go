package charts

import (
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
)

// TestKeyResultDue: a KR with a due date has its expected pace reach the
// target on that day, a vertical "due" mark, the date in its table's
// caption; a KR fed by a data file tells each row's source.
func TestKeyResultDue(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"okr.toml": `title = "T"

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Faster"

  [[objectives.key_results]]
  id = "KR1"
  title = "Up"
  start = 0
  target = 31
  due = 2026-07-31
  data = "data/x.csv"
`,
		"data/x.csv":                     "date,value\n2026-07-05,4\n",
		"content/checkins/2026-07-10.md": "+++\ndate = 2026-07-10\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 9\n+++\n",
	})
	site, err := okr.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	kn := okr.Compute(site, okr.NewDate(2026, 7, 20)).Quarters[0].Objectives[0].KeyResults[0]

	s := KRValues(kn)
	var pace []string
	for _, p := range s.Pace {
		pace = append(pace, p.Date.String()+"="+Number(p.Value))
	}
	if got, want := strings.Join(pace, " "), "2026-07-01=0 2026-07-31=31 2026-09-30=31"; got != want {
		t.Errorf("pace %s, want %s", got, want)
	}
	if got := paceAt(kn, okr.NewDate(2026, 7, 10)); got != 10 {
		t.Errorf("paceAt(2026-07-10) = %v, want 10 (10 of 31 days to the due date)", got)
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
