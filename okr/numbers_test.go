package okr

import (
	"math"
	"testing"
)

// q3 is a quarter of 92 days (2026-07-01 .. 2026-09-30) with one objective
// per kind of key result.
const q3 = `
title = "Test"
stale_after_days = 14

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Metrics"
weight = 3

  [[objectives.key_results]]
  id = "UP"
  title = "Grow from 0 to 50"
  start = 0
  target = 50

  [[objectives.key_results]]
  id = "DOWN"
  title = "Cut from 200 ms to 100 ms"
  unit = "ms"
  start = 200
  target = 100
  weight = 3

[[objectives]]
id = "O2"
quarter = "2026-Q3"
title = "Other kinds"
kind = "committed"

  [[objectives.key_results]]
  id = "MS"
  title = "Ship RBAC"
  kind = "milestone"

  [[objectives.key_results]]
  id = "UPTIME"
  title = "Keep uptime"
  kind = "threshold"
  direction = "at_least"
  target = 99.99
  unit = "%"

  [[objectives.key_results]]
  id = "ERR"
  title = "Keep errors low"
  kind = "threshold"
  direction = "at_most"
  target = 0.1
`

func TestExpected(t *testing.T) {
	q := &Quarter{ID: "2026-Q3", Start: NewDate(2026, 7, 1), End: NewDate(2026, 9, 30)}
	tests := []struct {
		asOf string
		want float64
	}{
		{"2026-06-30", 0},
		{"2026-07-01", 1.0 / 92},
		{"2026-08-15", 46.0 / 92},
		{"2026-09-30", 1},
		{"2026-12-01", 1},
	}
	for _, tt := range tests {
		if got := Expected(q, date(t, tt.asOf)); got != tt.want {
			t.Errorf("Expected(%s) = %v, want %v", tt.asOf, got, tt.want)
		}
	}
}

func TestQuarterDates(t *testing.T) {
	tests := []struct {
		year, n, fiscal int
		start, end      string
	}{
		{2026, 1, 1, "2026-01-01", "2026-03-31"},
		{2026, 3, 1, "2026-07-01", "2026-09-30"},
		{2026, 4, 1, "2026-10-01", "2026-12-31"},
		{2026, 1, 4, "2026-04-01", "2026-06-30"},
		{2026, 4, 4, "2027-01-01", "2027-03-31"},
		{2026, 2, 11, "2027-02-01", "2027-04-30"},
		{2024, 1, 12, "2024-12-01", "2025-02-28"},
		{2023, 4, 12, "2024-09-01", "2024-11-30"},
	}
	for _, tt := range tests {
		s, e := QuarterDates(tt.year, tt.n, tt.fiscal)
		if s.String() != tt.start || e.String() != tt.end {
			t.Errorf("QuarterDates(%d, %d, %d) = %s..%s, want %s..%s", tt.year, tt.n, tt.fiscal, s, e, tt.start, tt.end)
		}
	}
}

func TestFiscalQuarterFromConfig(t *testing.T) {
	site := mustLoad(t, map[string]string{"okr.toml": `title = "T"
fiscal_year_start_month = 4
[quarters."2026-Q2"]
end = 2026-10-15
[[objectives]]
id = "O1"
quarter = "2026-Q1"
title = "x"
`})
	got := map[string]string{}
	for _, q := range site.Quarters {
		got[q.ID] = q.Start.String() + ".." + q.End.String()
	}
	want := map[string]string{"2026-Q1": "2026-04-01..2026-06-30", "2026-Q2": "2026-07-01..2026-10-15"}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s = %s, want %s", id, got[id], w)
		}
	}
}

// checkin returns a check-in file dated d with the given update tables.
func checkin(d string, updates ...string) string {
	s := "+++\ndate = " + d + "\nauthor = \"A\"\n"
	for _, u := range updates {
		s += "[[updates]]\n" + u + "\n"
	}
	return s + "+++\nBody.\n"
}

func TestKeyResultNumbers(t *testing.T) {
	files := map[string]string{
		"okr.toml": q3,
		"content/checkins/a.md": checkin("2026-07-10",
			`kr = "O1.UP"`+"\nvalue = 10\nconfidence = 5",
			`kr = "O1.DOWN"`+"\nvalue = 180",
			`kr = "O2.UPTIME"`+"\nvalue = 99.995",
			`kr = "O2.ERR"`+"\nvalue = 0.2",
			`kr = "O2.MS"`+"\ndone = false"),
		"content/checkins/b.md": checkin("2026-08-01",
			`kr = "O1.UP"`+"\nvalue = 20\nconfidence = 7",
			`kr = "O1.DOWN"`+"\nvalue = 150",
			`kr = "O2.UPTIME"`+"\nvalue = 99.98",
			`kr = "O2.ERR"`+"\nvalue = 0.05"),
		// Same day as b.md, later in path order: wins.
		"content/checkins/c.md": checkin("2026-08-01",
			`kr = "O1.UP"`+"\nvalue = 25"),
		// After as_of: ignored.
		"content/checkins/z.md": checkin("2026-09-01",
			`kr = "O1.UP"`+"\nvalue = 50",
			`kr = "O2.MS"`+"\ndone = true"),
	}
	n := Compute(mustLoad(t, files), date(t, "2026-08-15"))
	if len(n.Later) != 1 || n.Later[0].Source != "content/checkins/z.md" {
		t.Errorf("Later = %v, want z.md", n.Later)
	}
	exp := 46.0 / 92

	up := kr(t, n, "2026-Q3/O1.UP")
	if *up.Current != 25 || up.Progress != 0.5 || up.Expected != exp {
		t.Errorf("UP current %v progress %v expected %v; want 25, 0.5, %v", *up.Current, up.Progress, up.Expected, exp)
	}
	if up.Confidence != nil {
		t.Errorf("UP confidence = %v, want nil: the latest update gives none", *up.Confidence)
	}
	if len(up.History) != 3 || *up.History[1].Value != 20 || *up.History[2].Value != 25 {
		t.Errorf("UP history wrong: %d entries", len(up.History))
	}
	if up.LastUpdate.String() != "2026-08-01" || up.Status != StatusOnTrack || up.Stale {
		t.Errorf("UP last %s status %s stale %v", up.LastUpdate, up.Status, up.Stale)
	}

	down := kr(t, n, "2026-Q3/O1.DOWN")
	if down.Progress != 0.5 || down.Done != nil {
		t.Errorf("DOWN progress = %v, want 0.5 (200 → 150 of 200 → 100)", down.Progress)
	}

	ms := kr(t, n, "2026-Q3/O2.MS")
	if ms.Current != nil || ms.Done == nil || *ms.Done || ms.Progress != 0 {
		t.Errorf("MS current %v done %v progress %v; want nil, false, 0", ms.Current, ms.Done, ms.Progress)
	}
	if ms.Status != StatusOffTrack { // gap 0.5
		t.Errorf("MS status = %s, want off-track", ms.Status)
	}
	if !ms.Stale { // last update 2026-07-10, 36 days before as_of
		t.Errorf("MS not stale")
	}

	uptime := kr(t, n, "2026-Q3/O2.UPTIME")
	if uptime.Progress != 0.5 || *uptime.Current != 99.98 || uptime.Status != StatusOffTrack {
		t.Errorf("UPTIME progress %v current %v status %s; want 0.5, 99.98, off-track (latest not met)", uptime.Progress, *uptime.Current, uptime.Status)
	}
	errKR := kr(t, n, "2026-Q3/O2.ERR")
	if errKR.Progress != 0.5 || errKR.Status != StatusOnTrack {
		t.Errorf("ERR progress %v status %s; want 0.5, on-track (latest met)", errKR.Progress, errKR.Status)
	}

	o1 := n.Quarters[0].Objectives[0]
	if want := (1*0.5 + 3*0.5) / 4; o1.Progress != want {
		t.Errorf("O1 progress = %v, want %v", o1.Progress, want)
	}
	o2 := n.Quarters[0].Objectives[1]
	if want := (0 + 0.5 + 0.5) / 3.0; o2.Progress != want {
		t.Errorf("O2 progress = %v, want %v", o2.Progress, want)
	}
	q := n.Quarters[0]
	if want := (3*o1.Progress + 1*o2.Progress) / 4; q.Progress != want {
		t.Errorf("quarter progress = %v, want %v", q.Progress, want)
	}
	if q.Score != nil || q.Grade != "" {
		t.Errorf("running quarter has score %v grade %q", q.Score, q.Grade)
	}
}

func TestNoUpdates(t *testing.T) {
	n := Compute(mustLoad(t, map[string]string{"okr.toml": q3}), date(t, "2026-07-10"))
	up := kr(t, n, "2026-Q3/O1.UP")
	if *up.Current != 0 || up.Progress != 0 || !up.LastUpdate.IsZero() || up.Confidence != nil || len(up.History) != 0 {
		t.Errorf("UP without updates: current %v progress %v", *up.Current, up.Progress)
	}
	th := kr(t, n, "2026-Q3/O2.UPTIME")
	// No reading: progress 0 against 10/92 elapsed, a gap of 0.109.
	if th.Current != nil || th.Progress != 0 || th.Status != StatusAtRisk {
		t.Errorf("UPTIME without updates: current %v progress %v status %s; want nil, 0, at-risk", th.Current, th.Progress, th.Status)
	}
	// 2026-07-10: 9 days since the quarter started, not stale; 2026-07-16: 15 days.
	if up.Stale {
		t.Error("stale after 9 days")
	}
	n = Compute(mustLoad(t, map[string]string{"okr.toml": q3}), date(t, "2026-07-15"))
	if kr(t, n, "2026-Q3/O1.UP").Stale {
		t.Error("stale after exactly 14 days")
	}
	n = Compute(mustLoad(t, map[string]string{"okr.toml": q3}), date(t, "2026-07-16"))
	if !kr(t, n, "2026-Q3/O1.UP").Stale {
		t.Error("not stale after 15 days")
	}
}

func TestStatusThresholds(t *testing.T) {
	tests := []struct {
		progress, expected float64
		want               string
	}{
		{1, 0.5, StatusDone},
		{0.5, 0.5, StatusOnTrack},
		{0.9, 0.5, StatusOnTrack},
		{0.4, 0.5, StatusOnTrack},
		{0.395, 0.5, StatusAtRisk},
		{0.39, 0.5, StatusAtRisk},
		{0.25, 0.5, StatusAtRisk},
		{0.24, 0.5, StatusOffTrack},
		{0, 1, StatusOffTrack},
	}
	for _, tt := range tests {
		if got := status(Running, tt.progress, tt.expected); got != tt.want {
			t.Errorf("status(%v, %v) = %s, want %s", tt.progress, tt.expected, got, tt.want)
		}
	}
	if got := status(Upcoming, 1, 0); got != StatusNotStarted {
		t.Errorf("upcoming = %q", got)
	}
	if got := status(Ended, 1, 1); got != "" {
		t.Errorf("ended = %q, want null", got)
	}
}

func TestGrades(t *testing.T) {
	tests := []struct {
		score     float64
		committed bool
		want      string
	}{
		{1, true, GradeAchieved},
		{0.99, true, GradePartial},
		{0.7, true, GradePartial},
		{0.39, true, GradeMissed},
		{0.7, false, GradeAchieved},
		{0.69, false, GradePartial},
		{0.4, false, GradePartial},
		{0.39, false, GradeMissed},
		{0, false, GradeMissed},
	}
	for _, tt := range tests {
		s, g := grade(Ended, tt.score, tt.committed)
		if g != tt.want || *s != tt.score {
			t.Errorf("grade(%v, committed %v) = %v %s, want %s", tt.score, tt.committed, *s, g, tt.want)
		}
	}
	if s, g := grade(Running, 1, false); s != nil || g != "" {
		t.Errorf("running quarter graded")
	}
}

func TestEndedQuarter(t *testing.T) {
	files := map[string]string{
		"okr.toml": q3,
		"content/checkins/a.md": checkin("2026-09-20",
			`kr = "O1.UP"`+"\nvalue = 60",    // raw 1.2
			`kr = "O1.DOWN"`+"\nvalue = 250", // raw -0.5
			`kr = "O2.MS"`+"\ndone = true",
			`kr = "O2.UPTIME"`+"\nvalue = 99.995"),
	}
	n := Compute(mustLoad(t, files), date(t, "2026-10-05"))
	up, down := kr(t, n, "2026-Q3/O1.UP"), kr(t, n, "2026-Q3/O1.DOWN")
	if up.Progress != 1.2 || *up.Score != 1 || up.Grade != GradeAchieved || up.Status != "" || up.Stale {
		t.Errorf("UP raw %v score %v grade %s status %q", up.Progress, *up.Score, up.Grade, up.Status)
	}
	if down.Progress != -0.5 || *down.Score != 0 || down.Grade != GradeMissed {
		t.Errorf("DOWN raw %v score %v grade %s", down.Progress, *down.Score, down.Grade)
	}
	o1 := n.Quarters[0].Objectives[0]
	if want := (1*1.0 + 3*0.0) / 4; o1.Progress != want || *o1.Score != want || o1.Grade != GradeMissed {
		t.Errorf("O1 progress %v grade %s, want %v missed", o1.Progress, o1.Grade, want)
	}
	// O2 is committed: MS 1, UPTIME 1, ERR 0 → 2/3, partial.
	o2 := n.Quarters[0].Objectives[1]
	if math.Abs(o2.Progress-2.0/3) > 1e-12 || o2.Grade != GradePartial {
		t.Errorf("O2 progress %v grade %s", o2.Progress, o2.Grade)
	}
	ms := kr(t, n, "2026-Q3/O2.MS")
	if ms.Grade != GradeAchieved {
		t.Errorf("committed milestone done: grade %s", ms.Grade)
	}
	q := n.Quarters[0]
	if q.Status != "" || q.Expected != 1 || q.Score == nil || *q.Score != q.Progress {
		t.Errorf("ended quarter status %q expected %v", q.Status, q.Expected)
	}
}

func TestDoneIsNeverStale(t *testing.T) {
	files := map[string]string{
		"okr.toml":              q3,
		"content/checkins/a.md": checkin("2026-07-02", `kr = "O2.MS"`+"\ndone = true", `kr = "O1.UP"`+"\nvalue = 50", `kr = "O2.UPTIME"`+"\nvalue = 100"),
	}
	n := Compute(mustLoad(t, files), date(t, "2026-09-01"))
	for _, ref := range []string{"2026-Q3/O2.MS", "2026-Q3/O1.UP"} {
		k := kr(t, n, ref)
		if k.Status != StatusDone || k.Stale {
			t.Errorf("%s status %s stale %v, want done, not stale", ref, k.Status, k.Stale)
		}
	}
	// A threshold is never done while the quarter runs, and can go stale.
	th := kr(t, n, "2026-Q3/O2.UPTIME")
	if th.Status != StatusOnTrack || !th.Stale || th.Progress != 1 {
		t.Errorf("UPTIME status %s stale %v progress %v", th.Status, th.Stale, th.Progress)
	}
}

func TestNotStarted(t *testing.T) {
	n := Compute(mustLoad(t, map[string]string{"okr.toml": q3}), date(t, "2026-06-01"))
	q := n.Quarters[0]
	if q.Status != StatusNotStarted || q.Expected != 0 || q.Score != nil {
		t.Errorf("quarter before start: status %s expected %v", q.Status, q.Expected)
	}
	k := kr(t, n, "2026-Q3/O1.UP")
	if k.Status != StatusNotStarted || k.Stale {
		t.Errorf("KR before start: status %s stale %v", k.Status, k.Stale)
	}
	if n.Current != q {
		t.Error("the only quarter is not current")
	}
}

func TestSameDayWithinOneFile(t *testing.T) {
	files := map[string]string{
		"okr.toml":              q3,
		"content/checkins/a.md": checkin("2026-07-05", `kr = "O1.UP"`+"\nvalue = 10", `kr = "O1.UP"`+"\nvalue = 5\nconfidence = 3"),
		// Earlier in path order, same day: loses to a.md even though its
		// name sorts first only within its folder.
		"content/checkins/0/z.md": checkin("2026-07-05", `kr = "O1.UP"`+"\nvalue = 40"),
	}
	n := Compute(mustLoad(t, files), date(t, "2026-07-06"))
	k := kr(t, n, "2026-Q3/O1.UP")
	if *k.Current != 5 || *k.Confidence != 3 || len(k.History) != 3 || *k.History[0].Value != 40 {
		t.Errorf("current %v, want 5 (a.md's later entry wins)", *k.Current)
	}
}

func TestCurrentQuarter(t *testing.T) {
	toml := `title = "T"
[[objectives]]
id = "O1"
quarter = "2026-Q1"
title = "a"
[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "b"
`
	site := mustLoad(t, map[string]string{"okr.toml": toml})
	tests := []struct{ asOf, want string }{
		{"2025-12-01", "2026-Q1"}, // none started: the first
		{"2026-02-01", "2026-Q1"}, // contains
		{"2026-05-01", "2026-Q1"}, // between: the latest that started
		{"2026-08-01", "2026-Q3"},
		{"2027-08-01", "2026-Q3"},
	}
	for _, tt := range tests {
		if got := Compute(site, date(t, tt.asOf)).Current.Quarter.ID; got != tt.want {
			t.Errorf("as of %s: current %s, want %s", tt.asOf, got, tt.want)
		}
	}
}

func TestQualifiedRefs(t *testing.T) {
	toml := q3 + `
[[objectives]]
id = "O1"
quarter = "2026-Q4"
title = "Next"
  [[objectives.key_results]]
  id = "UP"
  title = "x"
  start = 0
  target = 10
`
	files := map[string]string{
		"okr.toml": toml,
		// Dated in Q4, updating a Q3 KR by its qualified name, and a Q4 one.
		"content/checkins/a.md": checkin("2026-10-02", `kr = "2026-Q3/O1.UP"`+"\nvalue = 45", `kr = "O1.UP"`+"\nvalue = 2"),
		// Dated in no quarter: qualified refs only.
		"content/checkins/b.md": checkin("2027-02-01", `kr = "2026-Q4/O1.UP"`+"\nvalue = 9"),
	}
	n := Compute(mustLoad(t, files), date(t, "2027-03-01"))
	if v := *kr(t, n, "2026-Q3/O1.UP").Current; v != 45 {
		t.Errorf("Q3 UP = %v, want 45", v)
	}
	if v := *kr(t, n, "2026-Q4/O1.UP").Current; v != 9 {
		t.Errorf("Q4 UP = %v, want 9", v)
	}
}
