package okr

import (
	"strings"
	"testing"
)

// revBase is a metric key result whose okr.toml ends at line 12: a test
// appends its revisions from line 13 on.
const revBase = `title = "R"

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Moved targets"

  [[objectives.key_results]]
  id = "UP"
  title = "Grow from 0 to 50"
  start = 0
  target = 50
`

// rev is a revision table as okr.toml writes it: four lines.
func rev(date, target, why string) string {
	s := "\n  [[objectives.key_results.revisions]]\n"
	if date != "" {
		s += "  date = " + date + "\n"
	}
	if target != "" {
		s += "  target = " + target + "\n"
	}
	if why != "" {
		s += "  why = " + why + "\n"
	}
	return s
}

func TestRevisionErrors(t *testing.T) {
	milestone := strings.Replace(revBase, "  start = 0\n  target = 50\n", "  kind = \"milestone\"\n", 1) // ends at line 11
	threshold := strings.Replace(revBase, "  start = 0\n  target = 50\n", "  kind = \"threshold\"\n  direction = \"at_least\"\n  target = 99.9\n", 1)
	tests := []struct {
		name, toml, where, msg string
	}{
		// Line 13 is blank, 14 the header, 15 date, 16 target, 17 why.
		{"no why", revBase + rev("2026-08-03", "40", ""), "okr.toml:14:3",
			`revision of key result O1.UP has no "why"; expected the reason the target moved`},
		{"empty why", revBase + rev("2026-08-03", "40", `" "`), "okr.toml:17:3",
			`revision of key result O1.UP has an empty "why"`},
		{"why not a string", revBase + rev("2026-08-03", "40", "1"), "okr.toml:17:3",
			`"why": expected a string, got an integer`},
		{"no date", revBase + rev("", "40", `"x"`), "okr.toml:14:3",
			`revision of key result O1.UP has no "date"`},
		{"date a string", revBase + rev(`"2026-08-03"`, "40", `"x"`), "okr.toml:15:3",
			`"date": expected a TOML date, unquoted: date = 2026-08-03`},
		{"after the quarter", revBase + rev("2026-10-01", "40", `"x"`), "okr.toml:15:3",
			`revision of key result O1.UP is dated 2026-10-01, outside its quarter 2026-Q3 (2026-07-01 to 2026-09-30); expected a date within the quarter`},
		{"before the quarter", revBase + rev("2026-06-30", "40", `"x"`), "okr.toml:15:3",
			`is dated 2026-06-30, outside its quarter 2026-Q3`},
		// The second revision's header is line 19, its date line 20.
		{"same date twice", revBase + rev("2026-08-03", "40", `"x"`) + rev("2026-08-03", "30", `"y"`), "okr.toml:20:3",
			`revision of key result O1.UP is dated 2026-08-03, not after the revision before it (2026-08-03, line 14); expected revisions in strictly increasing date order`},
		{"dates decrease", revBase + rev("2026-08-03", "40", `"x"`) + rev("2026-07-20", "30", `"y"`), "okr.toml:20:3",
			`is dated 2026-07-20, not after the revision before it (2026-08-03, line 14)`},
		{"no target", revBase + rev("2026-08-03", "", `"x"`), "okr.toml:14:3",
			`revision of key result O1.UP has no "target"`},
		{"infinite target", revBase + rev("2026-08-03", "inf", `"x"`), "okr.toml:16:3",
			`"target": expected a finite number of at most 1e+15 in size, got +Inf`},
		{"NaN target", revBase + rev("2026-08-03", "nan", `"x"`), "okr.toml:16:3",
			`"target": expected a finite number`},
		{"target a string", revBase + rev("2026-08-03", `"40"`, `"x"`), "okr.toml:16:3",
			`"target": expected a number, got a string`},
		{"target is the start", revBase + rev("2026-08-03", "0", `"x"`), "okr.toml:16:3",
			`revision of key result O1.UP moves the target to 0, its start; expected a target that differs from start = 0`},
		{"on a milestone", milestone + rev("2026-08-03", "40", `"x"`), "okr.toml:13:3",
			`milestone key result O1.UP cannot have revisions: it has no target to move; expected revisions only on metric and threshold key results`},
		{"unknown key", revBase + rev("2026-08-03", "40", `"x"`) + "  reason = \"y\"\n", "okr.toml:18:3",
			`unknown key "reason" in [objectives.key_results.revisions]; expected one of: date, target, why`},
		{"inline, no why", revBase + "  revisions = [{date = 2026-08-03, target = 40}]\n", "okr.toml:13:16",
			`revision of key result O1.UP has no "why"`},
		{"not a table", revBase + "  revisions = 3\n", "okr.toml:13:3",
			`"revisions": expected an array of tables ([[objectives.key_results.revisions]]), got an integer`},
		// [revisions] written as a single table, not [[revisions]]: at
		// its header, line 14.
		{"a single table", revBase + "\n  [objectives.key_results.revisions]\n  date = 2026-08-03\n  target = 40\n  why = \"x\"\n", "okr.toml:14:3",
			`"revisions": expected an array of tables ([[objectives.key_results.revisions]]), got a table`},
		{"threshold outside", threshold + rev("2026-10-01", "99", `"x"`), "okr.toml:16:3",
			`revision of key result O1.UP is dated 2026-10-01, outside its quarter`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, map[string]string{"okr.toml": tt.toml}, tt.where, tt.msg)
		})
	}
}

// TestRevisionErrorsAllReported: every bad revision of a file is an error
// of its own.
func TestRevisionErrorsAllReported(t *testing.T) {
	toml := revBase + rev("2026-08-03", "40", "") + rev("2026-08-01", "0", `"y"`) + rev("2026-12-01", "inf", `"z"`)
	for _, w := range []struct{ where, msg string }{
		{"okr.toml:14:3", `has no "why"`},
		// The first revision has three lines: the second's header is line
		// 18, the third's 23.
		{"okr.toml:19:3", `not after the revision before it (2026-08-03, line 14)`},
		{"okr.toml:20:3", `moves the target to 0, its start`},
		{"okr.toml:24:3", `outside its quarter`},
		{"okr.toml:25:3", `expected a finite number`},
	} {
		wantError(t, map[string]string{"okr.toml": toml}, w.where, w.msg)
	}
}

func TestTargetOn(t *testing.T) {
	site := mustLoad(t, map[string]string{"okr.toml": revBase +
		rev("2026-07-01", "45", `"start day"`) + rev("2026-08-03", "40", `"cut"`) + rev("2026-09-30", "30", `"last day"`)})
	up := site.Quarters[0].Objectives[0].KeyResults[0]
	if len(up.Revisions) != 3 || up.Revisions[1].Why != "cut" || up.Revisions[1].Line != 19 || up.Revisions[2].Target != 30 {
		t.Fatalf("revisions %+v", up.Revisions)
	}
	tests := []struct {
		day    string
		target float64
		n      int // revisions counted
	}{
		{"2026-06-30", 50, 0},
		{"2026-07-01", 45, 1},
		{"2026-08-02", 45, 1},
		{"2026-08-03", 40, 2},
		{"2026-09-29", 40, 2},
		{"2026-09-30", 30, 3},
		{"2027-01-01", 30, 3},
	}
	for _, tt := range tests {
		d := date(t, tt.day)
		if got := up.TargetOn(d); got == nil || *got != tt.target || len(up.RevisionsBy(d)) != tt.n {
			t.Errorf("%s: target %v with %d revisions, want %v with %d", tt.day, got, len(up.RevisionsBy(d)), tt.target, tt.n)
		}
	}
	if *up.Target != 50 {
		t.Errorf("KeyResult.Target = %v; want the original 50", *up.Target)
	}
	if a, b, c := up.PreviousTarget(0), up.PreviousTarget(1), up.PreviousTarget(2); a != 50 || b != 45 || c != 40 {
		t.Errorf("previous targets %v %v %v; want 50 45 40", a, b, c)
	}
}

// revNumbers has a metric whose target moves twice (50, then 40 from 1
// August, then 30 from 1 September) and a threshold whose line moves once
// (99.99, then 99.9 from 1 August).
const revNumbers = revBase + `
    [[objectives.key_results.revisions]]
    date = 2026-08-01
    target = 40
    why = "Budget cut"

    [[objectives.key_results.revisions]]
    date = 2026-09-01
    target = 30
    why = "Half the team moved"

  [[objectives.key_results]]
  id = "UPTIME"
  title = "Keep uptime"
  kind = "threshold"
  direction = "at_least"
  target = 99.99

    [[objectives.key_results.revisions]]
    date = 2026-08-01
    target = 99.9
    why = "The vendor's SLA"

  [[objectives.key_results]]
  id = "MS"
  title = "Ship"
  kind = "milestone"
`

func TestRevisedNumbers(t *testing.T) {
	site := mustLoad(t, siteWith(revNumbers, []upd{
		{"2026-07-10", "", "O1.UPTIME", "value = 99.95"},
		{"2026-07-20", "", "O1.UP", "value = 20"},
		{"2026-07-20", "", "O1.UPTIME", "value = 99.92"},
		{"2026-08-10", "", "O1.UPTIME", "value = 99.85"},
	}, nil))
	f := func(v float64) float64 { return v } // arithmetic at run time, in float64
	tests := []struct {
		asOf           string
		upTarget       float64
		upProgress     float64
		upRevs         int
		upScore        *float64
		upScoreOrig    *float64
		upGrade        string
		thTarget       float64
		thProgress     float64
		thStatus       string
		thScore        *float64
		thScoreOrig    *float64
		thRevs         int
		objProgress    float64 // (UP clamped + UPTIME + MS 0) / 3
		wantForecastUp bool
	}{
		// Before any revision: the original targets. 99.95 and 99.92 are
		// both below 99.99: 0 of 2 met, and the latest is not met.
		{"2026-07-31", 50, f(20) / 50, 0, nil, nil, "", 99.99, f(0) / 2, StatusOffTrack, nil, nil, 0,
			(f(20)/50 + f(0)/2 + 0) / 3, true},
		// From 1 August the target is 40, and the threshold's line 99.9:
		// both earlier readings meet it, 2 of 2, the latest too.
		{"2026-08-01", 40, f(20) / 40, 1, nil, nil, "", 99.9, f(2) / 2, StatusOnTrack, nil, nil, 1,
			(f(20)/40 + f(2)/2 + 0) / 3, true},
		// 99.85 misses 99.9: 2 of 3, and the latest is not met.
		{"2026-08-15", 40, f(20) / 40, 1, nil, nil, "", 99.9, f(2) / 3, StatusOffTrack, nil, nil, 1,
			(f(20)/40 + f(2)/3 + 0) / 3, true},
		{"2026-09-15", 30, f(20) / 30, 2, nil, nil, "", 99.9, f(2) / 3, StatusOffTrack, nil, nil, 1,
			(f(20)/30 + f(2)/3 + 0) / 3, true},
		// Ended: scores against the targets in force (20/30 is partial)
		// and against the original ones (20/50 = 0.4; the threshold met
		// 99.99 0 times in 3).
		{"2026-10-05", 30, f(20) / 30, 2, ptr(f(20) / 30), ptr(f(20) / 50), GradePartial, 99.9, f(2) / 3, "", ptr(f(2) / 3), ptr(f(0) / 3), 1,
			(f(20)/30 + f(2)/3 + 0) / 3, false},
	}
	for _, tt := range tests {
		n := Compute(site, date(t, tt.asOf))
		up, th, ms := kr(t, n, "2026-Q3/O1.UP"), kr(t, n, "2026-Q3/O1.UPTIME"), kr(t, n, "2026-Q3/O1.MS")
		if *up.Target != tt.upTarget || *up.OriginalTarget != 50 || up.Progress != tt.upProgress || len(up.Revisions) != tt.upRevs ||
			!eqPtr(up.Score, tt.upScore) || !eqPtr(up.ScoreOriginal, tt.upScoreOrig) || up.Grade != tt.upGrade {
			t.Errorf("%s: UP target %v (original %v) progress %v revisions %d score %v original %v grade %q; want %v (50) %v %d %v %v %q",
				tt.asOf, *up.Target, *up.OriginalTarget, up.Progress, len(up.Revisions), fmtPtr(up.Score), fmtPtr(up.ScoreOriginal), up.Grade,
				tt.upTarget, tt.upProgress, tt.upRevs, fmtPtr(tt.upScore), fmtPtr(tt.upScoreOrig), tt.upGrade)
		}
		if *th.Target != tt.thTarget || *th.OriginalTarget != 99.99 || th.Progress != tt.thProgress || th.Status != tt.thStatus ||
			!eqPtr(th.Score, tt.thScore) || !eqPtr(th.ScoreOriginal, tt.thScoreOrig) || len(th.Revisions) != tt.thRevs {
			t.Errorf("%s: UPTIME target %v progress %v status %q score %v original %v revisions %d; want %v %v %q %v %v %d",
				tt.asOf, *th.Target, th.Progress, th.Status, fmtPtr(th.Score), fmtPtr(th.ScoreOriginal), len(th.Revisions),
				tt.thTarget, tt.thProgress, tt.thStatus, fmtPtr(tt.thScore), fmtPtr(tt.thScoreOrig), tt.thRevs)
		}
		if ms.Target != nil || ms.OriginalTarget != nil || ms.ScoreOriginal != nil || ms.Revisions != nil {
			t.Errorf("%s: milestone target %v original %v score_original %v revisions %v; want none", tt.asOf, ms.Target, ms.OriginalTarget, ms.ScoreOriginal, ms.Revisions)
		}
		if got := n.Quarters[0].Objectives[0].Progress; got != tt.objProgress {
			t.Errorf("%s: objective progress %v; want %v", tt.asOf, got, tt.objProgress)
		}
		if (up.Forecast != nil) != tt.wantForecastUp {
			t.Errorf("%s: UP forecast %v", tt.asOf, fmtPtr(up.Forecast))
		}
		if tt.upRevs > 0 && up.Revisions[tt.upRevs-1].Target != tt.upTarget {
			t.Errorf("%s: latest counted revision %+v; want target %v", tt.asOf, up.Revisions[tt.upRevs-1], tt.upTarget)
		}
	}
}

// TestRevisionsUnchangedWithout: a key result without revisions has the
// same numbers, its target in force being its target.
func TestRevisionsUnchangedWithout(t *testing.T) {
	site := mustLoad(t, siteWith(q3, []upd{{"2026-07-20", "", "O1.UP", "value = 20"}, {"2026-07-20", "", "O2.UPTIME", "value = 99.995"}}, nil))
	for _, d := range []string{"2026-08-01", "2026-10-05"} {
		n := Compute(site, date(t, d))
		for _, ref := range []string{"2026-Q3/O1.UP", "2026-Q3/O2.UPTIME"} {
			k := kr(t, n, ref)
			if *k.Target != *k.KR.Target || k.OriginalTarget != k.KR.Target || k.Revisions != nil || !eqPtr(k.ScoreOriginal, k.Score) {
				t.Errorf("%s %s: target %v original %v revisions %v score %v original %v", d, ref, *k.Target, *k.OriginalTarget, k.Revisions, fmtPtr(k.Score), fmtPtr(k.ScoreOriginal))
			}
		}
	}
}

func ptr(v float64) *float64 { return &v }

func eqPtr(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func fmtPtr(p *float64) any {
	if p == nil {
		return "nil"
	}
	return *p
}
