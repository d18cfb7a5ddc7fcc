package okr

import (
	"strings"
	"testing"
)

// TestHygieneSameDay: okrgen init dates its baseline today and okrgen new
// checkin defaults to today, so a new team updates its key results twice
// on one day. check says so at the update that wins (SPEC section 4: the
// later file in path order, within a file the later entry), naming the
// other files; other days, other key results and check-ins after --as-of
// give no such warning.
func TestHygieneSameDay(t *testing.T) {
	files := map[string]string{
		"okr.toml": q3,
		"content/checkins/2026-07-14-baseline.md": checkin("2026-07-14",
			`kr = "O1.UP"`+"\nvalue = 0", `kr = "O1.DOWN"`+"\nvalue = 100", `kr = "O2.MS"`+"\ndone = false"),
		"content/checkins/2026-07-14-check-in.md": checkin("2026-07-14",
			`kr = "O1.UP"`+"\nvalue = 5", `kr = "O2.MS"`+"\ndone = true"),
		"content/checkins/2026-07-14-z.md":      checkin("2026-07-14", `kr = "O2.MS"`+"\ndone = true"),
		"content/checkins/2026-07-20.md":        checkin("2026-07-20", `kr = "O1.UP"`+"\nvalue = 7", `kr = "O1.UP"`+"\nvalue = 8"),
		"content/checkins/2026-07-21.md":        checkin("2026-07-21", `kr = "O1.DOWN"`+"\nvalue = 90"),
		"content/checkins/later/2026-09-01a.md": checkin("2026-09-01", `kr = "O1.DOWN"`+"\nvalue = 80"),
		"content/checkins/later/2026-09-01b.md": checkin("2026-09-01", `kr = "O1.DOWN"`+"\nvalue = 70"),
	}
	site := mustLoad(t, files)
	var got []string
	for _, w := range Hygiene(site, Compute(site, date(t, "2026-08-01"))) {
		if strings.Contains(w.Msg, "updated") {
			got = append(got, w.Error())
		}
	}
	dir := site.Dir + "/"
	want := []string{
		dir + "content/checkins/2026-07-14-check-in.md:5: O1.UP is updated on 2026-07-14 by both 2026-07-14-baseline.md and 2026-07-14-check-in.md; the later (2026-07-14-check-in.md) counts as the latest",
		dir + "content/checkins/2026-07-14-z.md:5: O2.MS is updated on 2026-07-14 by 2026-07-14-baseline.md, 2026-07-14-check-in.md and 2026-07-14-z.md; the last (2026-07-14-z.md) counts as the latest",
		dir + "content/checkins/2026-07-20.md:8: O1.UP is updated twice on 2026-07-20 in 2026-07-20.md; the later entry (line 8) counts as the latest",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
