package okr

import (
	"slices"
	"sort"
)

// Kinds of reminders.
const (
	ReminderDeadlineSoon   = "deadline-soon"    // 7 days before a KR's due date
	ReminderQuarterEndSoon = "quarter-end-soon" // 7 days before a quarter's last day
	ReminderDeadlineMissed = "deadline-missed"  // the day after a due date the KR missed
)

// ReminderDays is how many days before a deadline or a quarter's end the
// feed reminds of it.
const ReminderDays = 7

// Reminder is a dated feed entry about a deadline or a quarter's end
// (SPEC section 10).
type Reminder struct {
	Date    Date   // the day of the entry
	Kind    string // ReminderDeadlineSoon, ReminderQuarterEndSoon or ReminderDeadlineMissed
	Quarter *Quarter
	KR      *KeyResult // nil for ReminderQuarterEndSoon
	Due     Date       // the deadline: the KR's due date or the quarter's end
}

// Reminders returns the site's reminders dated on or before asOf, in date
// order, then by kind as listed above, then in okr.toml order. A deadline
// reminder is left out when the KR is done by that day.
func Reminders(site *Site, asOf Date) []Reminder {
	history := histories(site, asOf)
	// doneOn reports whether kr is at clamped progress 1 on day d.
	doneOn := func(kr *KeyResult, d Date) bool {
		h := history[kr]
		h = h[:sort.Search(len(h), func(i int) bool { return h[i].Date.After(d) })]
		q := kr.Objective.Quarter
		qn := &QuarterNumbers{Quarter: q, Phase: PhaseOf(q, d), Elapsed: Expected(q, d)}
		return clamp01(computeKRWith(kr, qn, d, site.Config.StaleAfterDays, h, false).Progress) == 1
	}
	var out []Reminder
	for _, q := range site.Quarters {
		if d := q.End.AddDays(-ReminderDays); !d.After(asOf) {
			out = append(out, Reminder{Date: d, Kind: ReminderQuarterEndSoon, Quarter: q, Due: q.End})
		}
		for _, o := range q.Objectives {
			for _, kr := range o.KeyResults {
				if kr.Due == nil {
					continue
				}
				due := *kr.Due
				if d := due.AddDays(-ReminderDays); !d.After(asOf) && !doneOn(kr, d) {
					out = append(out, Reminder{Date: d, Kind: ReminderDeadlineSoon, Quarter: q, KR: kr, Due: due})
				}
				if d := due.AddDays(1); !d.After(asOf) && !doneOn(kr, due) {
					out = append(out, Reminder{Date: d, Kind: ReminderDeadlineMissed, Quarter: q, KR: kr, Due: due})
				}
			}
		}
	}
	sortByDateThenKind(out, func(r Reminder) (Date, string) { return r.Date, r.Kind },
		ReminderDeadlineSoon, ReminderQuarterEndSoon, ReminderDeadlineMissed)
	return out
}

// sortByDateThenKind sorts s by date, then by kind in the order given,
// keeping the order of s among equals.
func sortByDateThenKind[T any](s []T, key func(T) (Date, string), kinds ...string) {
	sort.SliceStable(s, func(i, j int) bool {
		di, ki := key(s[i])
		dj, kj := key(s[j])
		if di != dj {
			return di.Before(dj)
		}
		return slices.Index(kinds, ki) < slices.Index(kinds, kj)
	})
}
