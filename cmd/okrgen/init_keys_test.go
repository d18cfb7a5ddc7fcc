package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/okrgen/okrgen/okr"
)

// commentedKey matches a key the scaffold shows commented out, to
// uncomment: "  # due = 2026-08-31   # why".
var commentedKey = regexp.MustCompile(`(?m)^(\s*)# (due|data|blocker) = `)

// TestScaffoldShowsNewKeys: the okr.toml and check-in init writes show
// checkin_every_days, a KR's due and data and an update's blocker (SPEC
// section 10), each with a comment; uncommented, the lines are valid on
// any day of the year: the site still loads, and the KRs get their due
// date, their data file's rows and their blocker.
func TestScaffoldShowsNewKeys(t *testing.T) {
	for _, today := range []okr.Date{
		okr.NewDate(2026, 1, 1), okr.NewDate(2026, 3, 31), okr.NewDate(2028, 2, 29),
		okr.NewDate(2026, 8, 15), okr.NewDate(2026, 12, 31), okr.DateOf(time.Now()),
	} {
		files, err := scaffoldFiles("Payments", "Payments OKRs", today)
		if err != nil {
			t.Fatal(err)
		}
		checkin := okr.CheckInsDir + "/" + today.String() + "-baseline.md"
		for file, want := range map[string][]string{
			"okr.toml": {
				`(?m)^checkin_every_days = 14 +# \S.*$`,
				`(?m)^  # due = \d{4}-\d{2}-\d{2} +# \S.*$`,
				`(?m)^  # data = "data/[a-z-]+\.csv" +# \S.*$`,
			},
			checkin: {`(?m)^# blocker = "[^"]+" +# \S.*$`},
		} {
			for _, re := range want {
				if !regexp.MustCompile(re).Match(files[file]) {
					t.Errorf("%s: %s: no line matching %s", today, file, re)
				}
			}
		}

		dir := t.TempDir()
		for name, b := range files {
			b = commentedKey.ReplaceAll(b, []byte("$1$2 = "))
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		data := regexp.MustCompile(`(?m)^  data = "([^"]+)"`).FindSubmatch(commentedKey.ReplaceAll(files["okr.toml"], []byte("$1$2 = ")))
		if data == nil {
			t.Fatalf("%s: no data key to uncomment", today)
		}
		csv := "date,value,note\n" + today.String() + ",99.95,from the monitoring export\n"
		p := filepath.Join(dir, filepath.FromSlash(string(data[1])))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
		site, err := okr.Load(dir)
		if err != nil {
			t.Errorf("%s: the scaffold with its keys uncommented: %v", today, err)
			continue
		}
		if site.Config.CheckinEvery != 14 {
			t.Errorf("%s: checkin_every_days = %d, want 14", today, site.Config.CheckinEvery)
		}
		var due, rows, blocked []string
		for _, qn := range okr.Compute(site, today).Quarters {
			for _, on := range qn.Objectives {
				for _, kn := range on.KeyResults {
					if kn.Due != nil {
						due = append(due, kn.KR.Ref())
					}
					for _, u := range kn.History {
						if u.FromData() {
							rows = append(rows, kn.KR.Ref())
						}
					}
					if kn.Blocker != nil {
						blocked = append(blocked, kn.KR.Ref())
					}
				}
			}
		}
		if len(due) != 1 || len(rows) != 1 || len(blocked) != 1 {
			t.Errorf("%s: uncommented, due on %v, rows on %v, blocked %v; want one KR each", today, due, rows, blocked)
		}
	}
}
