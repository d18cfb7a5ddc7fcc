package render

import (
	"fmt"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
)

// digestBlockers writes the "Blockers" section (SPEC section 10): each
// key result blocked on AsOf with its owner, blocker and since, then the
// period's blocker changes. Absent when there is nothing to say.
func digestBlockers(w *digestWriter, d *okr.Digest) {
	if len(d.Blocked) == 0 && len(d.Blockers) == 0 {
		return
	}
	w.heading("Blockers")
	if len(d.Blocked) == 0 {
		w.para("No key result is blocked.")
	}
	for _, kn := range d.Blocked {
		w.item(fmt.Sprintf("%s %s (%s): blocked since %s: %s", kn.KR.Ref(), kn.KR.Title, digestOwner(kn.KR), kn.Blocker.Since, kn.Blocker.Text))
	}
	if len(d.Blockers) == 0 {
		return
	}
	w.para("Over the period:")
	for _, ch := range d.Blockers {
		w.item(blockerChangeText(ch))
	}
}

// blockerChangeText says what a blocker change was, in one sentence
// without a final stop: "O1.KR2 became blocked on 2026-08-03: text".
func blockerChangeText(ch okr.BlockerChange) string {
	kr := ch.KR
	switch {
	case ch.Blocker == nil:
		return fmt.Sprintf("%s %s unblocked on %s (was: %s)", kr.Ref(), kr.Title, ch.Date, ch.Was.Text)
	case ch.Was == nil:
		return fmt.Sprintf("%s %s became blocked on %s: %s", kr.Ref(), kr.Title, ch.Date, ch.Blocker.Text)
	default:
		return fmt.Sprintf("%s %s blocked by something else on %s: %s (was: %s)", kr.Ref(), kr.Title, ch.Date, ch.Blocker.Text, ch.Was.Text)
	}
}

// digestMoves writes the "Moved targets" section (SPEC section 11): each
// revision of the quarter dated in the period, with its reason. Absent
// without one.
func digestMoves(w *digestWriter, d *okr.Digest) {
	if len(d.Moves) == 0 {
		return
	}
	w.heading("Moved targets")
	for _, m := range d.Moves {
		w.item(fmt.Sprintf("%s %s: %s: %s", m.KR.Ref(), m.KR.Title, charts.MovedText(m.KR, m.Index), m.Why))
	}
}

// digestComingUp writes the "Coming up" section: the quarter's deadlines
// of the next okr.ComingUpDays days, its next check-in and end, and every
// overdue item. Absent when the list is empty.
func digestComingUp(w *digestWriter, d *okr.Digest) {
	if len(d.ComingUp) == 0 {
		return
	}
	w.heading("Coming up")
	for _, it := range d.ComingUp {
		w.item(comingUpText(it, d.Quarter.Quarter))
	}
}

// comingUpText is a line of the "Coming up" list.
func comingUpText(it okr.ComingUpItem, q *okr.Quarter) string {
	switch it.Kind {
	case okr.ComingDeadline:
		kr := it.KR.KR
		if it.Overdue {
			return fmt.Sprintf("%s: %s %s (%s) overdue: due %s, at %s", it.Date, kr.Ref(), kr.Title, digestOwner(kr), it.Date, charts.Percent(clamp01(it.KR.Progress)))
		}
		return fmt.Sprintf("%s: %s %s (%s) due, at %s", it.Date, kr.Ref(), kr.Title, digestOwner(kr), charts.Percent(clamp01(it.KR.Progress)))
	case okr.ComingCheckIn:
		if it.Overdue {
			return fmt.Sprintf("%s: check-in overdue (was due %s)", it.Date, it.Date)
		}
		return fmt.Sprintf("%s: next check-in", it.Date)
	default:
		return fmt.Sprintf("%s: %s ends", it.Date, q.ID)
	}
}

// digestOwner is a key result's owner, or "no owner".
func digestOwner(kr *okr.KeyResult) string {
	if kr.Owner == "" {
		return "no owner"
	}
	return kr.Owner
}

// clamp01 clamps a progress to 0..1.
func clamp01(p float64) float64 { return min(max(p, 0), 1) }
