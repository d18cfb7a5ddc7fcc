package okr

import (
	"sort"
	"strings"
)

// Revision is one [[objectives.key_results.revisions]] entry of okr.toml:
// a key result's target moved, in the open, on a day of its quarter (SPEC
// section 11). Only metric and threshold key results have revisions.
type Revision struct {
	Date   Date    // within the key result's quarter; a KR's revisions strictly increase by date
	Target float64 // the new target: finite, and not the key result's start
	Why    string  // why the target moved; never blank
	Line   int     // of its [[...revisions]] header (or inline table) in okr.toml
}

// The keys a [[objectives.key_results.revisions]] table accepts.
var revisionKeys = []string{"date", "target", "why"}

// TargetOn returns the key result's target in force on day d (SPEC section
// 11): that of its latest revision dated on or before d, else Target. It
// is nil for milestones. The pointer is the caller's.
func (kr *KeyResult) TargetOn(d Date) *float64 {
	if kr.Target == nil {
		return nil
	}
	t := *kr.Target
	if rs := kr.RevisionsBy(d); len(rs) > 0 {
		t = rs[len(rs)-1].Target
	}
	return &t
}

// RevisionsBy returns the key result's revisions dated on or before d, by
// date: those counted on that day. The slice shares Revisions' array.
func (kr *KeyResult) RevisionsBy(d Date) []Revision {
	n := sort.Search(len(kr.Revisions), func(i int) bool { return kr.Revisions[i].Date.After(d) })
	return kr.Revisions[:n:n]
}

// PreviousTarget returns the target revision i of Revisions moved from:
// Target for the first, else the target of the revision before it. Pages
// and the feed say "target moved from <PreviousTarget> to <Target>".
func (kr *KeyResult) PreviousTarget(i int) float64 {
	if i == 0 {
		return *kr.Target
	}
	return kr.Revisions[i-1].Target
}

// parseRevisions reads the revisions of kr, the key result of table t, in
// quarter q (nil when unknown; datesOK when its dates are sound). Every
// problem is an error at its key, or at the revision's header: a revision
// on a milestone, without date, target or why, dated outside the quarter
// or not after the one before it, with a target equal to the key result's
// start. Only sound revisions are kept.
func parseRevisions(t *table, kr *KeyResult, q *Quarter, datesOK bool) {
	if !t.has("revisions") {
		return
	}
	tabs := t.tables("revisions")
	ref := kr.Ref()
	if kr.Kind == Milestone {
		if len(tabs) > 0 {
			l, c := tabs[0].headerPos()
			t.e.at(l, c, "milestone key result %s cannot have revisions: it has no target to move; expected revisions only on metric and threshold key results", ref)
		}
		return
	}
	var prev *Revision
	for _, rt := range tabs {
		rt.unknown(revisionKeys)
		line, col := rt.headerPos()
		ok := true
		d := rt.date("date")
		if d == nil {
			ok = false
			if !rt.has("date") {
				rt.e.at(line, col, "revision of key result %s has no \"date\"; expected the day the target moved, such as date = 2026-08-03, within its quarter", ref)
			}
		}
		target := rt.number("target")
		if target == nil {
			ok = false
			if !rt.has("target") {
				rt.e.at(line, col, "revision of key result %s has no \"target\"; expected the new target, such as target = 4500", ref)
			}
		}
		why := rt.str("why")
		switch {
		case !rt.has("why"):
			rt.e.at(line, col, "revision of key result %s has no \"why\"; expected the reason the target moved, such as why = \"Holiday traffic forecast cut by the sales team\"", ref)
			ok = false
		case strings.TrimSpace(why) == "":
			if isString(rt.m["why"]) {
				rt.errorf("why", "revision of key result %s has an empty \"why\"; expected the reason the target moved", ref)
			}
			ok = false
		}
		if d != nil {
			switch {
			case q != nil && datesOK && !q.Contains(*d):
				rt.errorf("date", "revision of key result %s is dated %s, outside its quarter %s (%s to %s); expected a date within the quarter", ref, *d, q.ID, q.Start, q.End)
				ok = false
			case prev != nil && !d.After(prev.Date):
				rt.errorf("date", "revision of key result %s is dated %s, not after the revision before it (%s, line %d); expected revisions in strictly increasing date order", ref, *d, prev.Date, prev.Line)
				ok = false
			}
		}
		if target != nil && kr.Kind == Metric && kr.Start != nil && *target == *kr.Start {
			rt.errorf("target", "revision of key result %s moves the target to %v, its start; expected a target that differs from start = %v", ref, *target, *kr.Start)
			ok = false
		}
		if d != nil {
			// Later revisions are checked against this one's date, sound or not.
			r := Revision{Date: *d, Line: line, Why: why}
			if target != nil {
				r.Target = *target
			}
			prev = &r
			if ok {
				kr.Revisions = append(kr.Revisions, r)
			}
		}
	}
}

// TargetMove is one revision of a key result (SPEC section 11): its target
// moved on Revision.Date.
type TargetMove struct {
	KR    *KeyResult
	Index int // of the revision in KR.Revisions
	Revision
}

// TargetMoves returns the revisions of every key result of the site dated
// on or before asOf, by date, okr.toml order within a day.
func TargetMoves(site *Site, asOf Date) []TargetMove {
	var out []TargetMove
	for _, q := range site.Quarters {
		for _, o := range q.Objectives {
			for _, kr := range o.KeyResults {
				for i, r := range kr.Revisions {
					if !r.Date.After(asOf) {
						out = append(out, TargetMove{KR: kr, Index: i, Revision: r})
					}
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}
