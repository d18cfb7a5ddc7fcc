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
// check-in, and no check-in dated after the day the numbers are for.
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
			if k := len(o.KeyResults); k < 3 || k > 5 {
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
	ErrorList(out).Sort()
	return out
}

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
