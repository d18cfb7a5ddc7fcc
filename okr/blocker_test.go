package okr

import (
	"fmt"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// upd is one update of a test check-in: the file it is in (by date and a
// suffix that orders files of one day), the KR and the rest of its TOML.
type upd struct {
	date, file, kr, toml string
}

// siteWith returns the files of a site: okr.toml and one check-in per
// date+file of updates.
func siteWith(config string, updates []upd, extra map[string]string) map[string]string {
	files := map[string]string{"okr.toml": config}
	var order []string
	bodies := map[string]string{}
	for _, u := range updates {
		name := "content/checkins/" + u.date + u.file + ".md"
		if _, ok := bodies[name]; !ok {
			order = append(order, name)
			bodies[name] = "+++\ndate = " + u.date + "\nauthor = \"A\"\n"
		}
		bodies[name] += fmt.Sprintf("\n[[updates]]\nkr = %q\n%s\n", u.kr, u.toml)
	}
	for _, name := range order {
		files[name] = bodies[name] + "+++\n"
	}
	for k, v := range extra {
		files[k] = v
	}
	return files
}

func TestBlocker(t *testing.T) {
	const a, b = `blocker = "vendor"`, `blocker = "hsm"`
	tests := []struct {
		name    string
		updates []upd
		asOf    string
		want    string // "text since", or "" for not blocked
	}{
		{"none", []upd{{"2026-07-10", "", "O1.UP", "value = 1"}}, "2026-08-01", ""},
		{"set", []upd{{"2026-07-10", "", "O1.UP", a}}, "2026-08-01", "vendor 2026-07-10"},
		{"restated", []upd{{"2026-07-10", "", "O1.UP", a}, {"2026-07-12", "", "O1.UP", a}}, "2026-08-01", "vendor 2026-07-10"},
		{"unstated keeps it", []upd{{"2026-07-10", "", "O1.UP", a}, {"2026-07-15", "", "O1.UP", "value = 3"}, {"2026-07-20", "", "O1.UP", a}}, "2026-08-01", "vendor 2026-07-10"},
		{"other text breaks the run", []upd{{"2026-07-10", "", "O1.UP", a}, {"2026-07-15", "", "O1.UP", b}, {"2026-07-20", "", "O1.UP", a}}, "2026-08-01", "vendor 2026-07-20"},
		{"changed text", []upd{{"2026-07-10", "", "O1.UP", a}, {"2026-07-15", "", "O1.UP", b}}, "2026-08-01", "hsm 2026-07-15"},
		{"cleared", []upd{{"2026-07-10", "", "O1.UP", a}, {"2026-07-15", "", "O1.UP", `blocker = ""`}}, "2026-08-01", ""},
		{"cleared then set again", []upd{{"2026-07-10", "", "O1.UP", a}, {"2026-07-15", "", "O1.UP", `blocker = ""`}, {"2026-07-20", "", "O1.UP", a}}, "2026-08-01", "vendor 2026-07-20"},
		{"before the clearing day", []upd{{"2026-07-10", "", "O1.UP", a}, {"2026-07-15", "", "O1.UP", `blocker = ""`}}, "2026-07-14", "vendor 2026-07-10"},
		{"not yet", []upd{{"2026-07-10", "", "O1.UP", a}}, "2026-07-09", ""},
		{"done", []upd{{"2026-07-10", "", "O1.UP", a}, {"2026-07-12", "", "O1.UP", "value = 50"}}, "2026-08-01", ""},
		{"past the target", []upd{{"2026-07-10", "", "O1.UP", a + "\nvalue = 70"}}, "2026-08-01", ""},
		{"quarter over", []upd{{"2026-07-10", "", "O1.UP", a}}, "2026-10-01", ""},
		{"quarter's last day", []upd{{"2026-07-10", "", "O1.UP", a}}, "2026-09-30", "vendor 2026-07-10"},
		{"before the quarter", []upd{{"2026-06-20", "", "2026-Q3/O1.UP", a}}, "2026-06-25", "vendor 2026-06-20"},
		{"same day: later file clears", []upd{{"2026-07-10", "a", "O1.UP", a}, {"2026-07-10", "b", "O1.UP", `blocker = ""`}}, "2026-08-01", ""},
		{"same day: later file sets", []upd{{"2026-07-10", "a", "O1.UP", `blocker = ""`}, {"2026-07-10", "b", "O1.UP", a}}, "2026-08-01", "vendor 2026-07-10"},
		{"same day: later entry of a file wins", []upd{{"2026-07-10", "", "O1.UP", a}, {"2026-07-10", "", "O1.UP", b}}, "2026-08-01", "hsm 2026-07-10"},
		{"milestone", []upd{{"2026-07-10", "", "O2.MS", a + "\ndone = false"}}, "2026-08-01", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := mustLoad(t, siteWith(q3, tt.updates, nil))
			n := Compute(site, date(t, tt.asOf))
			ref := "2026-Q3/" + tt.updates[0].kr[strings.Index(tt.updates[0].kr, "O"):]
			kn := kr(t, n, ref)
			got := ""
			if kn.Blocker != nil {
				got = kn.Blocker.Text + " " + kn.Blocker.Since.String()
			}
			if tt.name == "milestone" {
				// A blocked milestone, not done.
				if got != "vendor 2026-07-10" {
					t.Errorf("blocker = %q, want %q", got, "vendor 2026-07-10")
				}
				return
			}
			if got != tt.want {
				t.Errorf("blocker = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBlockerChanges(t *testing.T) {
	updates := []upd{
		{"2026-07-10", "", "O1.UP", `blocker = "vendor"`},
		{"2026-07-12", "", "O1.UP", `blocker = "vendor"`}, // restated: no change
		{"2026-07-12", "", "O1.DOWN", `blocker = "db"`},
		{"2026-07-15", "", "O1.UP", `value = 3`}, // unstated: no change
		{"2026-07-20", "", "O1.UP", `blocker = "hsm"`},
		{"2026-07-25", "", "O1.UP", `blocker = ""`},
		{"2026-07-28", "", "O1.DOWN", `value = 100`}, // done: unblocked
		{"2026-08-02", "", "O2.MS", `blocker = "legal"`},
	}
	site := mustLoad(t, siteWith(q3, updates, nil))
	var got []string
	for _, ch := range BlockerChanges(site, date(t, "2026-08-01")) {
		s := ch.Date.String() + " " + ch.KR.Ref() + " "
		if ch.Was != nil {
			s += ch.Was.Text
		}
		s += "->"
		if ch.Blocker != nil {
			s += ch.Blocker.Text + "@" + ch.Blocker.Since.String()
		}
		got = append(got, s)
	}
	want := []string{
		"2026-07-10 O1.UP ->vendor@2026-07-10",
		"2026-07-12 O1.DOWN ->db@2026-07-12",
		"2026-07-20 O1.UP vendor->hsm@2026-07-20",
		"2026-07-25 O1.UP hsm->",
		"2026-07-28 O1.DOWN db->",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("BlockerChanges:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The quarter's end does not unblock anyone in the feed.
	site = mustLoad(t, siteWith(q3, updates[:1], nil))
	if chs := BlockerChanges(site, date(t, "2026-10-20")); len(chs) != 1 {
		t.Errorf("after the quarter: %d changes, want 1", len(chs))
	}
}

func TestBlockerNotAString(t *testing.T) {
	dir := sitetest.Write(t, siteWith(q3, []upd{{"2026-07-10", "", "O1.UP", "blocker = 3"}}, nil))
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), `2026-07-10.md:7:1: "blocker": expected a string`) {
		t.Errorf("err = %v", err)
	}
}
