package render

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
)

// TestDataBlockersDeadlinesDataFiles checks the keys of SPEC section 10 in
// data.json: blocker, due, overdue, next_checkin, a row's source, and the
// objective's expected.
func TestDataBlockersDeadlinesDataFiles(t *testing.T) {
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
`,
		"data/uptime.csv": "\uFEFFdate,value,note\r\n2026-06-30,99,before\r\n2026-07-02,99.95,\r\n2026-07-03,99.5,dip\r\n2026-08-20,99.99,later\r\n",
		"content/checkins/2026-07-03.md": `+++
date = 2026-07-03
[[updates]]
kr = "O1.KR1"
value = 2
blocker = "vendor"
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
	out := Data(okr.Compute(site, asOf), site.Config.Title, "test", false)
	var doc struct {
		Quarters []struct {
			Expected    float64 `json:"expected"`
			NextCheckIn *string `json:"next_checkin"`
			Objectives  []struct {
				Expected   float64                      `json:"expected"`
				KeyResults []map[string]json.RawMessage `json:"key_results"`
			} `json:"objectives"`
		} `json:"quarters"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	q := doc.Quarters[0]
	if q.NextCheckIn == nil || *q.NextCheckIn != "2026-07-10" {
		t.Errorf("next_checkin = %v, want 2026-07-10 (7 days after the check-in of 2026-07-03; rows do not count)", q.NextCheckIn)
	}
	// KR1 is due on 2026-07-31: expected 1; KR2 runs to the quarter's end:
	// 36/92. The objective and the quarter: their mean.
	want := (1*1.0 + 1*(36.0/92)) / 2
	if o := q.Objectives[0]; o.Expected != want || q.Expected != want {
		t.Errorf("expected: objective %v, quarter %v, want %v", o.Expected, q.Expected, want)
	}
	kr1, kr2 := q.Objectives[0].KeyResults[0], q.Objectives[0].KeyResults[1]
	for _, c := range []struct {
		kr        map[string]json.RawMessage
		key, want string
	}{
		{kr1, "due", `"2026-07-31"`},
		{kr1, "overdue", `true`},
		{kr1, "expected", `1`},
		{kr1, "status", `"off-track"`},
		{kr1, "blocker", `{"text":"vendor","since":"2026-07-03"}`},
		{kr2, "due", `null`},
		{kr2, "overdue", `false`},
		{kr2, "blocker", `null`},
		{kr2, "current", `99.92`},
		{kr2, "last_update", `"2026-07-03"`},
		{kr2, "history", `[{"date":"2026-07-02","value":99.95,"done":null,"confidence":null,"note":null,"checkin":null,"source":"data/uptime.csv"},` +
			`{"date":"2026-07-03","value":99.5,"done":null,"confidence":null,"note":"dip","checkin":null,"source":"data/uptime.csv"},` +
			`{"date":"2026-07-03","value":99.92,"done":null,"confidence":null,"note":null,"checkin":"checkins/2026-07-03/"}]`},
		{kr2, "progress", `0.6666666666666666`},
	} {
		if got := string(c.kr[c.key]); got != c.want {
			t.Errorf("%s: %s = %s, want %s", strings.Trim(string(c.kr["ref"]), `"`), c.key, got, c.want)
		}
	}
}
