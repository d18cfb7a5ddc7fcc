package okr

import (
	"sort"
	"strings"
)

// StatusChange is a key result's status moving between two days.
type StatusChange struct {
	Date     Date // the day it was first seen in the new status
	KR       *KRNumbers
	From, To string
}

// StatusChanges returns the status changes of running quarters' key
// results from one day of dates to the next (dates sorted, at least two):
// what a team's chat channel wants to hear about. The site's check-ins are
// in date order, as Load gives them.
func StatusChanges(site *Site, dates []Date) []StatusChange {
	// The numbers of running quarters only, from each key result's history
	// cut at the day: a feed asks for dozens of days of a large site.
	var last Date
	if len(dates) > 0 {
		last = dates[len(dates)-1]
	}
	all := histories(site, last)
	var out []StatusChange
	var prev map[*KeyResult]string
	for _, d := range dates {
		cur := map[*KeyResult]string{}
		for _, q := range site.Quarters {
			if PhaseOf(q, d) != Running {
				continue
			}
			history := map[*KeyResult][]*Update{}
			for _, o := range q.Objectives {
				for _, kr := range o.KeyResults {
					h := all[kr]
					history[kr] = h[:sort.Search(len(h), func(i int) bool { return h[i].Date.After(d) })]
				}
			}
			qn := computeQuarter(q, d, site.Config.StaleAfterDays, history)
			for _, on := range qn.Objectives {
				for _, kn := range on.KeyResults {
					cur[kn.KR] = kn.Status
					if from, ok := prev[kn.KR]; ok && from != kn.Status && from != StatusNotStarted {
						out = append(out, StatusChange{Date: d, KR: kn, From: from, To: kn.Status})
					}
				}
			}
		}
		prev = cur
	}
	return out
}

// Digest is the weekly update the seeds ask for: where the current quarter
// stands, what moved over the period, and what needs attention.
type Digest struct {
	Since, AsOf Date
	Quarter     *QuarterNumbers // the current quarter, nil without quarters
	Before      *QuarterNumbers // the same quarter at Since
	DaysLeft    int
	Changes     []StatusChange
	Stale       []*KRNumbers
	Blocked     []*KRNumbers    // the quarter's blocked KRs on AsOf, in okr.toml order
	Blockers    []BlockerChange // the quarter's KRs blocked or unblocked in the period
	ComingUp    []ComingUpItem  // the quarter's "Coming up" list on AsOf
	Reminders   []Reminder      // the quarter's reminders dated in the period
	Moves       []TargetMove    // the quarter's revisions dated in the period (SPEC section 11)
	Challenges  []Challenge
	CheckIns    []*CheckIn // those of the period
}

// Challenge is the Challenges section of a check-in of the period,
// without its prompt (WithoutPrompts).
type Challenge struct {
	CheckIn *CheckIn
	Text    string // Markdown
}

// Progress returns an objective's progress at Since and now.
func (d *Digest) Progress(on *ObjectiveNumbers) (before, now float64) {
	now = on.Progress
	if d.Before != nil {
		for _, b := range d.Before.Objectives {
			if b.Objective == on.Objective {
				return b.Progress, now
			}
		}
	}
	return 0, now
}

// NewDigest computes the digest of the period (since, asOf].
func NewDigest(site *Site, since, asOf Date) *Digest {
	return DigestOf(site, Compute(site, asOf), Compute(site, since))
}

// DigestOf computes the digest of the period (before.AsOf, n.AsOf] from
// the site's numbers at its end (n) and at its start (before), both of
// the site: an organisation's objectives without key results take their
// numbers from their teams' (SPEC section 9), which Compute alone does
// not give, so an organisation passes the numbers of org.Compute.
func DigestOf(site *Site, n, before *Numbers) *Digest {
	since, asOf := before.AsOf, n.AsOf
	d := &Digest{Since: since, AsOf: asOf, Quarter: n.Current}
	if d.Quarter == nil {
		return d
	}
	q := d.Quarter.Quarter
	d.DaysLeft = max(0, q.End.Sub(asOf))
	for _, qn := range before.Quarters {
		if qn.Quarter == q {
			d.Before = qn
		}
	}
	// Status changes: between the days of the period's check-ins.
	dates := []Date{since}
	for _, c := range n.CheckIns {
		if c.Date.After(since) && (dates[len(dates)-1] != c.Date) {
			dates = append(dates, c.Date)
		}
	}
	if dates[len(dates)-1] != asOf {
		dates = append(dates, asOf)
	}
	for _, ch := range StatusChanges(site, dates) {
		if ch.KR.KR.Objective.Quarter == q {
			ch.KR = findKR(d.Quarter, ch.KR.KR)
			d.Changes = append(d.Changes, ch)
		}
	}
	for _, on := range d.Quarter.Objectives {
		for _, kn := range on.KeyResults {
			if kn.Stale {
				d.Stale = append(d.Stale, kn)
			}
			if kn.Blocker != nil {
				d.Blocked = append(d.Blocked, kn)
			}
		}
	}
	d.ComingUp = d.Quarter.ComingUp
	for _, ch := range BlockerChanges(site, asOf) {
		if ch.Date.After(since) && ch.KR.Objective.Quarter == q {
			d.Blockers = append(d.Blockers, ch)
		}
	}
	for _, r := range Reminders(site, asOf) {
		if r.Date.After(since) && r.Quarter == q {
			d.Reminders = append(d.Reminders, r)
		}
	}
	for _, m := range TargetMoves(site, asOf) {
		if m.Date.After(since) && m.KR.Objective.Quarter == q {
			d.Moves = append(d.Moves, m)
		}
	}
	for _, c := range n.CheckIns {
		if !c.Date.After(since) {
			continue
		}
		d.CheckIns = append(d.CheckIns, c)
		if text := WithoutPrompts(Section(c.Markdown(), "Challenges")); text != "" {
			d.Challenges = append(d.Challenges, Challenge{CheckIn: c, Text: text})
		}
	}
	sort.SliceStable(d.Changes, func(i, j int) bool { return d.Changes[i].Date.Before(d.Changes[j].Date) })
	return d
}

func findKR(qn *QuarterNumbers, kr *KeyResult) *KRNumbers {
	for _, on := range qn.Objectives {
		for _, kn := range on.KeyResults {
			if kn.KR == kr {
				return kn
			}
		}
	}
	return nil
}

// Section returns the Markdown under a heading named name (any level) in a
// body, up to the next heading of the same or a higher level, trimmed.
func Section(body []byte, name string) string {
	lines := strings.Split(string(body), "\n")
	level := 0
	var out []string
	inFence := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			inFence = !inFence
		}
		if !inFence && strings.HasPrefix(t, "#") {
			h := strings.TrimLeft(t, "#")
			lv := len(t) - len(h)
			if lv <= 6 && (h == "" || h[0] == ' ') {
				if level > 0 && lv <= level {
					break
				}
				if level == 0 && strings.EqualFold(strings.TrimSpace(h), name) {
					level = lv
					continue
				}
			}
		}
		if level > 0 {
			out = append(out, l)
		}
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
