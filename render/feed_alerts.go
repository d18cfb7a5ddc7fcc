package render

import (
	"fmt"
	"strings"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
)

// feedEvent is a dated feed entry: a check-in, a status change, or one of
// SPEC section 10, a blocker change or a reminder, or a moved target.
type feedEvent struct {
	date  okr.Date
	entry atomEntry
	html  func() string // the entry's content, rendered once the feed keeps it; nil when it has it
}

// alertEvents returns the feed entries of SPEC section 10 dated on or before
// as_of: one the day a key result becomes blocked, unblocked or blocked by
// another text, and the reminders (okr.Reminders), the newest
// maxFeedEntries of each kind. feedID is the feed's id, the root of the
// entries' ids when the site has no absolute URL.
func (r *renderer) alertEvents(feedID string) []feedEvent {
	var out []feedEvent
	changes := okr.BlockerChanges(r.site, r.num.AsOf)
	if len(changes) > maxFeedEntries {
		changes = changes[len(changes)-maxFeedEntries:]
	}
	for _, ch := range changes {
		kr := ch.KR
		var title, text string
		switch {
		case ch.Blocker == nil:
			title = fmt.Sprintf("%s unblocked (was: %s)", krFeedName(kr), ch.Was.Text)
			text = fmt.Sprintf("%s is no longer blocked since %s (was: %s).", krFeedWho(kr), ch.Date, ch.Was.Text)
		case ch.Was == nil:
			title = fmt.Sprintf("%s blocked: %s", krFeedName(kr), ch.Blocker.Text)
			text = fmt.Sprintf("%s became blocked on %s: %s.", krFeedWho(kr), ch.Date, strings.TrimSuffix(ch.Blocker.Text, "."))
		default:
			title = fmt.Sprintf("%s blocked: %s (was: %s)", krFeedName(kr), ch.Blocker.Text, ch.Was.Text)
			text = fmt.Sprintf("%s is blocked by something else since %s: %s (was: %s).", krFeedWho(kr), ch.Date, ch.Blocker.Text, ch.Was.Text)
		}
		out = append(out, r.alertEvent(feedID, ObjectiveURL(kr.Objective), "blocker", kr.Objective.Quarter, kr, ch.Date, title, text))
	}
	// Moved targets (SPEC section 11), on each revision's date.
	moves := okr.TargetMoves(r.site, r.num.AsOf)
	if len(moves) > maxFeedEntries {
		moves = moves[len(moves)-maxFeedEntries:]
	}
	for _, m := range moves {
		moved := charts.MovedText(m.KR, m.Index) + ": " + m.Why
		out = append(out, r.alertEvent(feedID, ObjectiveURL(m.KR.Objective), "target", m.KR.Objective.Quarter, m.KR, m.Date,
			krFeedName(m.KR)+" "+moved, krFeedWho(m.KR)+": "+moved))
	}
	rs := okr.Reminders(r.site, r.num.AsOf)
	if len(rs) > maxFeedEntries {
		rs = rs[len(rs)-maxFeedEntries:]
	}
	for _, rm := range rs {
		var e feedEvent
		switch rm.Kind {
		case okr.ReminderDeadlineSoon:
			e = r.alertEvent(feedID, ObjectiveURL(rm.KR.Objective), "due-soon", rm.Quarter, rm.KR, rm.Date,
				fmt.Sprintf("%s due in %d days, on %s", krFeedName(rm.KR), rm.Due.Sub(rm.Date), rm.Due),
				fmt.Sprintf("%s is due on %s, in %d days.", krFeedWho(rm.KR), rm.Due, rm.Due.Sub(rm.Date)))
		case okr.ReminderDeadlineMissed:
			e = r.alertEvent(feedID, ObjectiveURL(rm.KR.Objective), "due-missed", rm.Quarter, rm.KR, rm.Date,
				fmt.Sprintf("%s missed its deadline of %s", krFeedName(rm.KR), rm.Due),
				fmt.Sprintf("%s was due on %s and is not done.", krFeedWho(rm.KR), rm.Due))
		case okr.ReminderQuarterEndSoon:
			e = r.alertEvent(feedID, QuarterURL(rm.Quarter), "ends-soon", rm.Quarter, nil, rm.Date,
				fmt.Sprintf("%s ends in %d days, on %s", rm.Quarter.ID, rm.Due.Sub(rm.Date), rm.Due),
				fmt.Sprintf("%s ends on %s, in %d days: plan the retrospective and the next quarter's kickoff.", rm.Quarter.ID, rm.Due, rm.Due.Sub(rm.Date)))
		default:
			continue
		}
		out = append(out, e)
	}
	return out
}

// alertEvent builds a feed entry of kind on day d about kr (nil: about the
// quarter q), linking to the page at url. Its id is the page's URL with a
// fragment naming kind, kr and d, or, without an absolute URL, a URN
// under feedID: the same input gives the same ids.
func (r *renderer) alertEvent(feedID, url, kind string, q *okr.Quarter, kr *okr.KeyResult, d okr.Date, title, text string) feedEvent {
	abs := r.absURL(url)
	frag := kind + "-" + d.String()
	urn := feedID + ":" + kind + ":" + q.ID + ":" + d.String()
	if kr != nil {
		frag = kind + "-" + kr.ID + "-" + d.String()
		urn = feedID + ":" + kind + ":" + q.ID + ":" + kr.Ref() + ":" + d.String()
	}
	e := atomEntry{Title: title, ID: abs + "#" + frag, Updated: atomTime(d), Link: atomLink{Href: abs}}
	if !strings.Contains(abs, "://") {
		e.ID = urn
	}
	e.Summary = atomText{Type: "text", Body: text}
	e.Content = atomText{Type: "text", Body: text}
	return feedEvent{date: d, entry: e}
}

// krFeedName names a key result in a feed entry's title: "2026-Q3 O1.KR2".
func krFeedName(kr *okr.KeyResult) string {
	return kr.Objective.Quarter.ID + " " + kr.Ref()
}

// krFeedWho names a key result in a feed entry's text: "Title (O1.KR2,
// Owner)".
func krFeedWho(kr *okr.KeyResult) string {
	if kr.Owner == "" {
		return fmt.Sprintf("%s (%s)", kr.Title, kr.Ref())
	}
	return fmt.Sprintf("%s (%s, %s)", kr.Title, kr.Ref(), kr.Owner)
}
