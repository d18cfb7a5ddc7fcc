package okr

import (
	"fmt"
	"regexp"
	"strings"
)

// Hygiene returns the warnings of okrgen check, drawn from OKR practice:
// 3 to 5 objectives a quarter and 3 to 5 key results an objective, key
// results that measure outcomes rather than list outputs, an owner for
// every objective and key result, no stale key result, an author for every
// check-in, no check-in dated after the day the numbers are for, and no key
// result updated twice on one day.
// Warnings are *Errors in form; they fail a check only with --strict.
func Hygiene(site *Site, n *Numbers) []*Error {
	var out []*Error
	cfg := site.Name(ConfigFile)
	warn := func(file string, line int, format string, args ...any) {
		out = append(out, &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	for _, qn := range n.Quarters {
		q := qn.Quarter
		if k := len(q.Objectives); k > 0 && (k < 3 || k > 5) {
			warn(cfg, q.Objectives[0].Line, "%s has %d objective%s; 3 to 5 keep a team focused", q.ID, k, plural(k))
		}
		for _, on := range qn.Objectives {
			o := on.Objective
			// An organisation's objective without key results takes its
			// numbers from its teams' (SPEC section 9; package org warns
			// when none aligns to it).
			if k := len(o.KeyResults); (k < 3 || k > 5) && !(k == 0 && len(site.Config.Teams) > 0) {
				warn(cfg, o.Line, "objective %s of %s has %d key result%s; 3 to 5 measure an objective well", o.ID, q.ID, k, plural(k))
			}
			if strings.TrimSpace(o.Owner) == "" {
				warn(cfg, o.Line, "objective %s of %s has no owner; add owner = \"Name\"", o.ID, q.ID)
			}
			for _, kn := range on.KeyResults {
				kr := kn.KR
				if strings.TrimSpace(kr.Owner) == "" {
					warn(cfg, kr.Line, "key result %s of %s has no owner; add owner = \"Name\"", kr.Ref(), q.ID)
				}
				if verb := outputVerb(kr.Title); verb != "" {
					warn(cfg, kr.Line, "key result %s of %s reads as an output (%q, and no number): say what outcome it changes, and by how much", kr.Ref(), q.ID, verb)
				}
				if kn.Stale {
					since := "the quarter began"
					if !kn.LastUpdate.IsZero() {
						since = kn.LastUpdate.String()
					}
					warn(cfg, kr.Line, "key result %s of %s is stale: no update since %s (stale after %d days)", kr.Ref(), q.ID, since, site.Config.StaleAfterDays)
				}
				if msg := staleData(kr, site.rows[kr], qn.Phase, n.AsOf, site.Config.StaleAfterDays); msg != "" {
					warn(site.Name(siteRel(site.Dir, kr.Data)), 0, "%s", msg)
				}
			}
		}
	}
	for _, c := range n.CheckIns {
		if c.Author == "" {
			warn(site.Name(c.Source), 1, "check-in without author; add author = \"Name\" to its front matter")
		}
	}
	for _, c := range n.Later {
		warn(site.Name(c.Source), 1, "dated %s, after --as-of %s: left out of the numbers", c.Date, n.AsOf)
	}
	out = append(out, sameDay(site, n)...)
	ErrorList(out).Sort()
	return out
}

// staleData says why a key result's data file looks abandoned, or returns
// "": while its quarter runs, its latest row (on or before asOf) is more
// than staleDays old, or it has none and the quarter began more than
// staleDays ago. A scheduled job that stopped writing is what this finds.
func staleData(kr *KeyResult, rows []*Update, ph Phase, asOf Date, staleDays int) string {
	if kr.Data == "" || ph != Running {
		return ""
	}
	var latest Date
	for _, r := range rows {
		if !r.Date.After(asOf) && (latest.IsZero() || r.Date.After(latest)) {
			latest = r.Date
		}
	}
	q := kr.Objective.Quarter
	switch {
	case latest.IsZero() && asOf.Sub(q.Start) > staleDays:
		return fmt.Sprintf("data file of key result %s of %s has no row since %s began on %s (stale after %d days); is the job that writes it still running?", kr.Ref(), q.ID, q.ID, q.Start, staleDays)
	case !latest.IsZero() && asOf.Sub(latest) > staleDays:
		return fmt.Sprintf("data file of key result %s of %s: its latest row is from %s, %d days before %s (stale after %d days); is the job that writes it still running?", kr.Ref(), q.ID, latest, asOf.Sub(latest), asOf, staleDays)
	}
	return ""
}

// sameDay warns of a key result updated more than once on one day, at the
// update that wins (SPEC section 4: the later file in path order, within a
// file the later entry). okrgen init dates its baseline today and okrgen new
// checkin defaults to today, so a new team meets this on its first day:
// both updates count (in history, and in a threshold's share), but only
// the later gives the current value.
func sameDay(site *Site, n *Numbers) []*Error {
	type key struct {
		kr *KeyResult
		d  Date
	}
	groups := map[key][]*Update{}
	var order []key
	for _, c := range n.CheckIns { // by date, then path
		for _, u := range c.Updates {
			if u.KR == nil {
				continue
			}
			k := key{u.KR, c.Date}
			if groups[k] == nil {
				order = append(order, k)
			}
			groups[k] = append(groups[k], u)
		}
	}
	var out []*Error
	for _, k := range order {
		us := groups[k]
		if len(us) < 2 {
			continue
		}
		ref := k.kr.Ref()
		if !k.kr.Objective.Quarter.Contains(k.d) {
			ref = k.kr.FullRef()
		}
		var files []string // each once, in path order
		for _, u := range us {
			if name := checkInName(u.CheckIn.Source); len(files) == 0 || files[len(files)-1] != name {
				files = append(files, name)
			}
		}
		last := us[len(us)-1]
		var msg string
		switch len(files) {
		case 1:
			times, which := "twice", "later"
			if len(us) > 2 {
				times, which = fmt.Sprintf("%d times", len(us)), "last"
			}
			msg = fmt.Sprintf("%s is updated %s on %s in %s; the %s entry (line %d) counts as the latest", ref, times, k.d, files[0], which, last.Line)
		case 2:
			msg = fmt.Sprintf("%s is updated on %s by both %s and %s; the later (%s) counts as the latest", ref, k.d, files[0], files[1], files[1])
		default:
			msg = fmt.Sprintf("%s is updated on %s by %s and %s; the last (%s) counts as the latest", ref, k.d,
				strings.Join(files[:len(files)-1], ", "), files[len(files)-1], files[len(files)-1])
		}
		out = append(out, &Error{File: site.Name(last.CheckIn.Source), Line: last.Line, Msg: msg})
	}
	return out
}

// checkInName shortens a check-in's path for a message that names several:
// "2026-07-14-week-2.md" for content/checkins/2026-07-14-week-2.md.
func checkInName(source string) string { return strings.TrimPrefix(source, CheckInsDir+"/") }

// outputVerbs start key results that list work to do rather than a result
// to reach ("Implement RBAC" rather than "Cut unauthorised calls to 0").
var outputVerbs = regexp.MustCompile(`(?i)^(complete|deploy|launch|ship|implement|build|create|release|deliver|develop|finish|introduce|roll out|set up|write|design|add|conduct|hold|migrate|automate|document|upgrade|refactor|start|begin|run)\b`)

var digit = regexp.MustCompile(`[0-9]`)

// outputVerb returns the output verb a title starts with, if it has no
// number to measure.
func outputVerb(title string) string {
	t := strings.TrimSpace(title)
	if digit.MatchString(t) {
		return ""
	}
	return outputVerbs.FindString(t)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
