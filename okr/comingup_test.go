package okr

import (
	"strings"
	"testing"
)

func TestNextCheckIn(t *testing.T) {
	tests := []struct {
		name, config string
		dates        []string // check-in dates
		asOf, want   string   // want "" for nil
	}{
		{"none yet", "", nil, "2026-07-05", "2026-07-15"},
		{"after the latest", "", []string{"2026-07-03", "2026-07-10"}, "2026-07-12", "2026-07-24"},
		{"later ones do not count", "", []string{"2026-07-03", "2026-07-10"}, "2026-07-09", "2026-07-17"},
		{"the day of one", "", []string{"2026-07-10"}, "2026-07-10", "2026-07-24"},
		{"before the quarter do not count", "", []string{"2026-06-25"}, "2026-07-05", "2026-07-15"},
		{"overdue", "", []string{"2026-07-03"}, "2026-08-01", "2026-07-17"},
		{"every 7", "checkin_every_days = 7\n", []string{"2026-07-03"}, "2026-07-05", "2026-07-10"},
		{"off", "checkin_every_days = 0\n", []string{"2026-07-03"}, "2026-07-05", ""},
		{"quarter not started", "", nil, "2026-06-30", ""},
		{"quarter over", "", nil, "2026-10-01", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var us []upd
			for _, d := range tt.dates {
				us = append(us, upd{d, "", "2026-Q3/O1.UP", "value = 1"})
			}
			site := mustLoad(t, siteWith(tt.config+q3, us, nil))
			got := ""
			if d := Compute(site, date(t, tt.asOf)).Quarters[0].NextCheckIn; d != nil {
				got = d.String()
			}
			if got != tt.want {
				t.Errorf("next check-in %q, want %q", got, tt.want)
			}
		})
	}
}

func TestComingUp(t *testing.T) {
	tests := []struct {
		name    string
		updates []upd
		asOf    string
		want    []string
	}{
		{"quiet", []upd{{"2026-07-01", "", "O1.DOWN", "value = 190"}}, "2026-07-02", []string{"2026-07-15 checkin"}},
		{"deadline within 14 days", []upd{{"2026-07-10", "", "O1.DOWN", "value = 190"}}, "2026-07-17",
			[]string{"2026-07-24 checkin", "2026-07-31 deadline O1.UP"}},
		{"deadline on the 14th day", []upd{{"2026-07-17", "", "O1.DOWN", "value = 190"}}, "2026-07-17",
			[]string{"2026-07-31 deadline O1.UP", "2026-07-31 checkin"}},
		{"deadline met", []upd{{"2026-07-17", "", "O1.UP", "value = 50"}}, "2026-07-17", []string{"2026-07-31 checkin"}},
		{"overdue", []upd{{"2026-07-20", "", "O1.DOWN", "value = 190"}}, "2026-08-20",
			[]string{"2026-07-31 deadline O1.UP overdue", "2026-08-03 checkin overdue", "2026-08-31 deadline O2.MS"}},
		{"quarter end", []upd{{"2026-09-20", "", "O1.UP", "value = 50"}}, "2026-09-20",
			[]string{"2026-08-31 deadline O2.MS overdue", "2026-09-30 quarter-end", "2026-10-04 checkin"}}, // the cadence runs on past the end
		{"quarter end and check-in", []upd{{"2026-09-16", "", "O1.UP", "value = 50"}, {"2026-09-16", "", "O2.MS", "done = true"}}, "2026-09-20",
			[]string{"2026-09-30 checkin", "2026-09-30 quarter-end"}},
		{"over", []upd{{"2026-07-20", "", "O1.DOWN", "value = 190"}}, "2026-10-01", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := mustLoad(t, siteWith(q3due, tt.updates, nil))
			var got []string
			for _, it := range Compute(site, date(t, tt.asOf)).Quarters[0].ComingUp {
				s := it.Date.String() + " " + it.Kind
				if it.KR != nil {
					s += " " + it.KR.KR.Ref()
				}
				if it.Overdue {
					s += " overdue"
				}
				got = append(got, s)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestDigestBlockersAndComingUp(t *testing.T) {
	site := mustLoad(t, siteWith(q3due, []upd{
		{"2026-07-10", "", "O1.UP", `blocker = "vendor"`},
		{"2026-07-20", "", "O1.DOWN", `blocker = "db"`},
		{"2026-07-22", "", "O1.DOWN", `blocker = ""`},
	}, nil))
	d := NewDigest(site, date(t, "2026-07-17"), date(t, "2026-07-24"))
	if len(d.Blocked) != 1 || d.Blocked[0].KR.Ref() != "O1.UP" {
		t.Errorf("Blocked = %v", d.Blocked)
	}
	if len(d.Blockers) != 2 || d.Blockers[0].KR.Ref() != "O1.DOWN" || d.Blockers[1].Blocker != nil {
		t.Errorf("Blockers = %+v", d.Blockers)
	}
	if len(d.Reminders) != 1 || d.Reminders[0].Kind != ReminderDeadlineSoon {
		t.Errorf("Reminders = %+v", d.Reminders)
	}
	if len(d.ComingUp) != 2 || d.ComingUp[0].Kind != ComingDeadline || d.ComingUp[1].Date.String() != "2026-08-05" {
		t.Errorf("ComingUp = %+v", d.ComingUp)
	}
}
