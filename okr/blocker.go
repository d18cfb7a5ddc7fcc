package okr

import "sort"

// Blocker is what blocks a key result (SPEC section 10).
type Blocker struct {
	Text  string // non-empty
	Since Date   // the first day of the last unbroken run of updates with Text
}

// BlockerChange is a key result becoming blocked or unblocked on a day:
// a feed entry and a line of the digest (SPEC section 10).
type BlockerChange struct {
	Date Date
	KR   *KeyResult
	// Blocker is the new blocker, nil when the KR became unblocked. A KR
	// blocked by a new text without being cleared in between changes too.
	Blocker *Blocker
	// Was is the blocker before the change, nil when it was not blocked.
	Was *Blocker
}

// BlockerChanges returns, in date order (then in okr.toml order), the days
// on or before asOf on which a key result of the site became blocked,
// unblocked, or blocked by another text. A KR that stops being blocked
// only because its quarter ended is not listed.
func BlockerChanges(site *Site, asOf Date) []BlockerChange {
	history := histories(site, asOf)
	var out []BlockerChange
	for _, q := range site.Quarters {
		for _, o := range q.Objectives {
			for _, kr := range o.KeyResults {
				out = append(out, krBlockerChanges(kr, history[kr], site.Config.StaleAfterDays)...)
			}
		}
	}
	// Stable: okr.toml order within a day.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// krBlockerChanges walks a key result's history day by day, up to its
// quarter's end, and returns the days its blocker changed.
func krBlockerChanges(kr *KeyResult, hist []*Update, staleDays int) []BlockerChange {
	q := kr.Objective.Quarter
	var out []BlockerChange
	var prev *Blocker
	for i := 0; i < len(hist); {
		d := hist[i].Date
		j := i
		for j < len(hist) && hist[j].Date == d {
			j++
		}
		i = j
		if d.After(q.End) {
			break
		}
		qn := &QuarterNumbers{Quarter: q, Phase: PhaseOf(q, d), Elapsed: Expected(q, d)}
		cur := computeKRWith(kr, qn, d, staleDays, hist[:j], false).Blocker
		if (prev == nil) != (cur == nil) || prev != nil && prev.Text != cur.Text {
			out = append(out, BlockerChange{Date: d, KR: kr, Blocker: cur, Was: prev})
		}
		prev = cur
	}
	return out
}

// blockerOf returns the blocker of a history (oldest first), ignoring the
// quarter and the progress: the blocker key of the latest update that has
// one, when non-empty, since the first update of its last unbroken run.
func blockerOf(hist []*Update) *Blocker {
	var b *Blocker
	for _, u := range hist {
		switch {
		case u.Blocker == nil:
		case *u.Blocker == "":
			b = nil
		case b == nil || b.Text != *u.Blocker:
			b = &Blocker{Text: *u.Blocker, Since: u.Date}
		}
	}
	return b
}
