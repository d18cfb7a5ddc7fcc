package okr

import (
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// q3due is q3 with due dates: O1.UP on 2026-07-31 (31 days from the
// quarter's start) and O2.MS on 2026-08-31 (62 days).
var q3due = strings.Replace(strings.Replace(q3,
	"title = \"Grow from 0 to 50\"", "title = \"Grow from 0 to 50\"\n  due = 2026-07-31", 1),
	"title = \"Ship RBAC\"", "title = \"Ship RBAC\"\n  due = 2026-08-31", 1)

func TestDueExpected(t *testing.T) {
	tests := []struct {
		asOf            string
		up, ms, el      float64 // KR expected of UP and MS, the quarter's share elapsed
		upStatus        string
		upOver, msOver  bool
		wantUpdatesDone bool
	}{
		{"2026-06-30", 0, 0, 0, StatusNotStarted, false, false, false},
		{"2026-07-15", 15.0 / 31, 15.0 / 62, 15.0 / 92, StatusOffTrack, false, false, false},
		{"2026-07-31", 1, 31.0 / 62, 31.0 / 92, StatusOffTrack, false, false, false},
		{"2026-08-01", 1, 32.0 / 62, 32.0 / 92, StatusOffTrack, true, false, false},
		{"2026-09-01", 1, 1, 63.0 / 92, StatusOffTrack, true, true, false},
		{"2026-10-01", 1, 1, 1, "", false, false, false},
	}
	for _, tt := range tests {
		site := mustLoad(t, siteWith(q3due, []upd{{"2026-07-02", "", "O1.DOWN", "value = 190"}}, nil))
		n := Compute(site, date(t, tt.asOf))
		up, ms := kr(t, n, "2026-Q3/O1.UP"), kr(t, n, "2026-Q3/O2.MS")
		down := kr(t, n, "2026-Q3/O1.DOWN")
		if up.Expected != tt.up || ms.Expected != tt.ms || down.Expected != tt.el {
			t.Errorf("%s: expected UP %v MS %v DOWN %v, want %v %v %v", tt.asOf, up.Expected, ms.Expected, down.Expected, tt.up, tt.ms, tt.el)
		}
		if up.Status != tt.upStatus {
			t.Errorf("%s: UP status %q, want %q", tt.asOf, up.Status, tt.upStatus)
		}
		if up.Overdue != tt.upOver || ms.Overdue != tt.msOver {
			t.Errorf("%s: overdue UP %v MS %v, want %v %v", tt.asOf, up.Overdue, ms.Overdue, tt.upOver, tt.msOver)
		}
		if up.Due == nil || up.Due.String() != "2026-07-31" || down.Due != nil {
			t.Errorf("%s: due UP %v DOWN %v", tt.asOf, up.Due, down.Due)
		}
		// Weighted means, in the order of SPEC section 4: O1 holds UP
		// (weight 1) and DOWN (3); O2 MS, UPTIME, ERR (1 each); the
		// quarter O1 (weight 3) and O2 (1).
		qn := n.Quarters[0]
		o1 := (1*tt.up + 3*tt.el) / 4
		o2 := (1*tt.ms + 1*tt.el + 1*tt.el) / 3
		q := (3*o1 + 1*o2) / 4
		if qn.Objectives[0].Expected != o1 || qn.Objectives[1].Expected != o2 || qn.Expected != q || qn.Elapsed != tt.el {
			t.Errorf("%s: expected O1 %v O2 %v Q %v (elapsed %v), want %v %v %v (%v)", tt.asOf,
				qn.Objectives[0].Expected, qn.Objectives[1].Expected, qn.Expected, qn.Elapsed, o1, o2, q, tt.el)
		}
	}
}

func TestDueDoneIsNotOverdue(t *testing.T) {
	tests := []struct {
		updates []upd
		asOf    string
		over    bool
	}{
		{[]upd{{"2026-07-20", "", "O1.UP", "value = 50"}}, "2026-08-05", false},
		{[]upd{{"2026-07-20", "", "O1.UP", "value = 60"}}, "2026-08-05", false},
		{[]upd{{"2026-07-20", "", "O1.UP", "value = 49"}}, "2026-08-05", true},
		{[]upd{{"2026-08-03", "", "O1.UP", "value = 50"}}, "2026-08-05", false}, // late, but done now
		{[]upd{{"2026-08-03", "", "O1.UP", "value = 50"}}, "2026-08-02", true},
		{[]upd{{"2026-07-20", "", "O2.MS", "done = true"}}, "2026-09-05", false},
		{[]upd{{"2026-07-20", "", "O2.MS", "done = false"}}, "2026-09-05", true},
	}
	for _, tt := range tests {
		site := mustLoad(t, siteWith(q3due, tt.updates, nil))
		ref := "2026-Q3/" + tt.updates[0].kr
		if got := kr(t, Compute(site, date(t, tt.asOf)), ref).Overdue; got != tt.over {
			t.Errorf("%s %s as of %s: overdue %v, want %v", ref, tt.updates[0].toml, tt.asOf, got, tt.over)
		}
	}
}

// TestNoDueSameNumbers: without due, every expected is the share elapsed,
// bit for bit, whatever the weights (a weighted mean of equal numbers may
// differ from them in the last bit: weights 0.7, 0.1, 0.1 at 1/92).
func TestNoDueSameNumbers(t *testing.T) {
	uneven := strings.Replace(strings.Replace(q3, "weight = 3\n", "weight = 0.7\n", 2), "title = \"Grow from 0 to 50\"", "title = \"Grow from 0 to 50\"\n  weight = 0.1", 1)
	site := mustLoad(t, map[string]string{"okr.toml": uneven})
	for _, d := range []string{"2026-07-01", "2026-07-09", "2026-08-15", "2026-09-29"} {
		n := Compute(site, date(t, d))
		el := Expected(site.Quarters[0], date(t, d))
		qn := n.Quarters[0]
		if qn.Expected != el || qn.Elapsed != el || qn.Objectives[0].Expected != el || qn.Objectives[1].Expected != el {
			t.Errorf("%s: expected %v / %v / %v, want %v", d, qn.Expected, qn.Objectives[0].Expected, qn.Objectives[1].Expected, el)
		}
	}
}

func TestDueErrors(t *testing.T) {
	tests := []struct {
		name, replace, with, want string
	}{
		{"outside", `title = "Grow from 0 to 50"`, "title = \"Grow from 0 to 50\"\n  due = 2026-10-01",
			`okr.toml:14:3: key result O1.UP is due on 2026-10-01, outside its quarter 2026-Q3 (2026-07-01 to 2026-09-30)`},
		{"before", `title = "Grow from 0 to 50"`, "title = \"Grow from 0 to 50\"\n  due = 2026-06-30",
			`okr.toml:14:3: key result O1.UP is due on 2026-06-30, outside its quarter`},
		{"threshold", `title = "Keep uptime"`, "title = \"Keep uptime\"\n  due = 2026-08-01",
			`okr.toml:39:3: threshold key result O2.UPTIME cannot have "due"`},
		{"string", `title = "Grow from 0 to 50"`, "title = \"Grow from 0 to 50\"\n  due = \"2026-08-01\"",
			`okr.toml:14:3: "due": expected a TOML date, unquoted: due = 2026-08-01`},
		{"number", `title = "Grow from 0 to 50"`, "title = \"Grow from 0 to 50\"\n  due = 3",
			`okr.toml:14:3: "due": expected a date such as 2026-07-14, got an integer`},
		{"date-time", `title = "Grow from 0 to 50"`, "title = \"Grow from 0 to 50\"\n  due = 2026-08-01T10:00:00",
			`okr.toml:14:3: "due": expected a date such as 2026-07-14, got a date-time`},
		{"checkin_every_days negative", `stale_after_days = 14`, "stale_after_days = 14\ncheckin_every_days = -1",
			`okr.toml:4:1: checkin_every_days is -1; expected a number of days from 1 to 366, or 0 for no check-in reminders`},
		{"checkin_every_days huge", `stale_after_days = 14`, "stale_after_days = 14\ncheckin_every_days = 9223372036854775807",
			`; expected a number of days from 1 to 366, or 0 for no check-in reminders`},
		{"checkin_every_days float", `stale_after_days = 14`, "stale_after_days = 14\ncheckin_every_days = 1.5",
			`okr.toml:4:1: "checkin_every_days": expected an integer, got a float`},
		{"checkin_every_days string", `stale_after_days = 14`, "stale_after_days = 14\ncheckin_every_days = \"7\"",
			`okr.toml:4:1: "checkin_every_days": expected an integer, got a string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(sitetest.Write(t, map[string]string{"okr.toml": strings.Replace(q3, tt.replace, tt.with, 1)}))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestReminders(t *testing.T) {
	tests := []struct {
		name    string
		updates []upd
		asOf    string
		want    []string
	}{
		{"early", nil, "2026-07-23", nil},
		{"a week before", nil, "2026-07-24", []string{"2026-07-24 deadline-soon O1.UP 2026-07-31"}},
		{"missed", nil, "2026-08-01", []string{"2026-07-24 deadline-soon O1.UP 2026-07-31", "2026-08-01 deadline-missed O1.UP 2026-07-31"}},
		{"met", []upd{{"2026-07-30", "", "O1.UP", "value = 50"}}, "2026-08-01", []string{"2026-07-24 deadline-soon O1.UP 2026-07-31"}},
		{"met early", []upd{{"2026-07-20", "", "O1.UP", "value = 50"}}, "2026-08-01", nil},
		{"met late", []upd{{"2026-08-01", "", "O1.UP", "value = 50"}}, "2026-08-02", []string{"2026-07-24 deadline-soon O1.UP 2026-07-31", "2026-08-01 deadline-missed O1.UP 2026-07-31"}},
		{"quarter", []upd{{"2026-07-20", "", "O1.UP", "value = 50"}, {"2026-07-20", "", "O2.MS", "done = true"}}, "2026-10-10", []string{"2026-09-23 quarter-end-soon 2026-09-30"}},
		{"all", []upd{{"2026-07-20", "", "O1.UP", "value = 50"}}, "2026-10-10", []string{
			"2026-08-24 deadline-soon O2.MS 2026-08-31", "2026-09-01 deadline-missed O2.MS 2026-08-31", "2026-09-23 quarter-end-soon 2026-09-30"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := mustLoad(t, siteWith(q3due, tt.updates, nil))
			var got []string
			for _, r := range Reminders(site, date(t, tt.asOf)) {
				s := r.Date.String() + " " + r.Kind + " "
				if r.KR != nil {
					s += r.KR.Ref() + " "
				}
				got = append(got, s+r.Due.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
