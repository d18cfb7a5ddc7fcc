package okr

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The keys of a check-in's front matter and of its [[updates]].
var (
	checkInKeys = []string{"date", "author", "title", "updates"}
	updateKeys  = []string{"kr", "value", "done", "confidence", "note", "blocker"}
)

// krIndex finds key results by reference.
type krIndex struct {
	quarters []*Quarter
	byID     map[string]*Quarter
}

func newKRIndex(qs []*Quarter) *krIndex {
	x := &krIndex{quarters: qs, byID: map[string]*Quarter{}}
	for _, q := range qs {
		x.byID[q.ID] = q
	}
	return x
}

func (q *Quarter) keyResult(ref string) *KeyResult {
	oid, kid, ok := strings.Cut(ref, ".")
	if !ok {
		return nil
	}
	for _, o := range q.Objectives {
		if o.ID == oid {
			for _, kr := range o.KeyResults {
				if kr.ID == kid {
					return kr
				}
			}
		}
	}
	return nil
}

func (q *Quarter) refs() []string {
	var out []string
	for _, o := range q.Objectives {
		for _, kr := range o.KeyResults {
			out = append(out, kr.Ref())
		}
	}
	return out
}

// Contains reports whether d falls within q.
func (q *Quarter) Contains(d Date) bool { return !d.Before(q.Start) && !d.After(q.End) }

// Logs reports whether c is one of q's check-ins, as its page and its
// retrospective list them: dated within q, or updating one of its key
// results.
func (q *Quarter) Logs(c *CheckIn) bool {
	if q.Contains(c.Date) {
		return true
	}
	for _, u := range c.Updates {
		if u.KR.Objective.Quarter == q {
			return true
		}
	}
	return false
}

// resolve finds the key result ref names for a check-in dated d, or returns
// a message saying why it cannot. A nil index (okr.toml is broken) only
// checks the reference's form, and returns nil and "".
func (x *krIndex) resolve(ref string, d Date) (*KeyResult, string) {
	if x == nil {
		if !strings.Contains(ref, ".") && !strings.Contains(ref, "/") {
			return nil, fmt.Sprintf("invalid KR reference %q; expected OBJECTIVE.KR such as \"O1.KR1\", or \"2026-Q3/O1.KR1\"", ref)
		}
		return nil, ""
	}
	if qid, r, ok := strings.Cut(ref, "/"); ok {
		q := x.byID[strings.ToUpper(qid)]
		if q == nil {
			return nil, fmt.Sprintf("unknown quarter %q in KR %q; known: %s", qid, ref, x.quarterList())
		}
		if kr := q.keyResult(r); kr != nil {
			return kr, ""
		}
		return nil, fmt.Sprintf("unknown KR %q in %s%s; known: %s", r, q.ID, SuggestKRs(r, q.refs()), list(q.refs()))
	}
	if !strings.Contains(ref, ".") {
		return nil, fmt.Sprintf("invalid KR reference %q; expected OBJECTIVE.KR such as \"O1.KR1\", or \"2026-Q3/O1.KR1\"", ref)
	}
	var in []*Quarter
	for _, q := range x.quarters {
		if q.Contains(d) {
			in = append(in, q)
			if kr := q.keyResult(ref); kr != nil {
				return kr, ""
			}
		}
	}
	if len(in) == 0 {
		return nil, fmt.Sprintf("date %s is in no quarter, so KR %q cannot be resolved; qualify it as \"QUARTER/%s\" (quarters: %s)", d, ref, ref, x.quarterList())
	}
	var known []string
	for _, q := range in {
		known = append(known, q.refs()...)
	}
	return nil, fmt.Sprintf("unknown KR %q in %s%s; known: %s", ref, in[0].ID, SuggestKRs(ref, known), list(known))
}

func (x *krIndex) quarterList() string {
	var ids []string
	for _, q := range x.quarters {
		ids = append(ids, q.ID)
	}
	if len(ids) == 0 {
		return "none defined in okr.toml"
	}
	return strings.Join(ids, ", ")
}

// list joins a short list of choices, or the first few of a long one.
func list(s []string) string {
	const max = 12
	if len(s) == 0 {
		return "none"
	}
	if len(s) > max {
		return strings.Join(s[:max], ", ") + fmt.Sprintf(", ... (%d in all)", len(s))
	}
	return strings.Join(s, ", ")
}

// parseCheckIn reads one check-in file. rel is its path relative to the
// site, file its name in errors. x is nil when okr.toml is broken: the key
// results are then left unresolved.
func parseCheckIn(file, rel string, src []byte, x *krIndex, list *ErrorList) *CheckIn {
	e := errs{file: file, list: list}
	fm, body, fmLine, bodyLine, has, msg := splitFrontMatter(src)
	if msg != "" {
		e.at(1, 1, "%s", msg)
		return nil
	}
	if !has {
		e.at(1, 1, "check-in without front matter; expected it to open with +++, a date = YYYY-MM-DD line, and +++")
		return nil
	}
	t := parseTable(file, fm, fmLine-1, list)
	if t == nil {
		return nil
	}
	t.unknown(checkInKeys)
	c := &CheckIn{
		Source:   rel,
		Stem:     stem(rel),
		Author:   strings.TrimSpace(t.str("author")),
		Title:    strings.TrimSpace(t.str("title")),
		BodyLine: bodyLine,
		body:     body, // the Loader copies it (bodyBudget.keep)
	}
	checkMarkdown(e, body, bodyLine)
	d := t.date("date")
	if d == nil {
		if !t.has("date") {
			e.at(fmLine, 0, `check-in without "date"; expected date = YYYY-MM-DD`)
		}
		// Still check the updates, but for their key results: an
		// unqualified one resolves by the date.
		x = nil
	} else {
		c.Date = *d
	}
	if c.Title == "" && d != nil {
		c.Title = "Check-in " + c.Date.String()
	}
	updates := t.tables("updates")
	if len(updates) == 0 && len(strings.TrimSpace(string(body))) == 0 {
		e.at(1, 1, "check-in has neither [[updates]] nor a body; expected at least one")
	}
	for i, ut := range updates {
		ut.unknown(updateKeys)
		u := &Update{CheckIn: c, Date: c.Date, Index: i, Note: strings.TrimSpace(ut.str("note")), Done: ut.boolean("done"), Value: ut.number("value")}
		if ut.has("blocker") {
			if b, ok := ut.m["blocker"].(string); ok {
				u.Blocker = &b
			} else {
				ut.wrongType("blocker", `a string (the blocker's text, or "" to clear it)`, ut.m["blocker"])
			}
		}
		u.Line, _ = ut.pos("kr")
		if ut.has("confidence") {
			v := ut.m["confidence"]
			n, ok := v.(int64)
			switch {
			case !ok:
				ut.errorf("confidence", "%q: expected an integer from 0 to 10, got %s", "confidence", tomlTypeName(v))
			case n < 0 || n > 10:
				ut.errorf("confidence", "confidence is %d; expected an integer from 0 to 10", n)
			default:
				conf := int(n)
				u.Confidence = &conf
			}
		}
		ref := ut.str("kr")
		if !ut.has("kr") {
			e.at(ut.line, 0, `update without "kr"; expected kr = "O1.KR1"`)
			continue
		}
		if ref == "" {
			if isString(ut.m["kr"]) {
				ut.errorf("kr", `empty "kr"; expected kr = "O1.KR1" or "2026-Q3/O1.KR1"`)
			}
			continue
		}
		kr, msg := x.resolve(ref, c.Date)
		if kr == nil {
			if msg != "" {
				ut.errorf("kr", "%s", msg)
			}
			continue
		}
		u.KR = kr
		switch kr.Kind {
		case Milestone:
			if ut.has("value") {
				ut.errorf("value", "KR %s is a milestone: \"value\" is not allowed; expected done = true or false", ref)
				continue
			}
		default:
			if ut.has("done") {
				ut.errorf("done", "KR %s is a %s: \"done\" is only for milestones; expected value = <number>", ref, kr.Kind)
				continue
			}
		}
		c.Updates = append(c.Updates, u)
	}
	if d == nil {
		return nil
	}
	return c
}

// sortCheckIns orders check-ins by date, then by source path.
func sortCheckIns(cs []*CheckIn) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Date != cs[j].Date {
			return cs[i].Date.Before(cs[j].Date)
		}
		return cs[i].Source < cs[j].Source
	})
}

// maxSuggestions is how many key results a suggestion names at most: when
// more are as close, the list of known ones that follows says it better.
const maxSuggestions = 3

// SuggestKRs returns `; did you mean "O3.KR1", "O3.KR2" or "O3.KR3"?`:
// every one of known as close to ref as any, at an edit distance below 3
// (ignoring case), sorted; or "" when none is close or more than
// maxSuggestions are.
func SuggestKRs(ref string, known []string) string {
	var best []string
	bestD := 3
	for _, k := range known {
		d := editDistance(strings.ToLower(ref), strings.ToLower(k))
		switch {
		case d < bestD:
			best, bestD = []string{k}, d
		case d == bestD && !slices.Contains(best, k):
			best = append(best, k)
		}
	}
	if len(best) == 0 || len(best) > maxSuggestions {
		return ""
	}
	slices.Sort(best)
	for i, k := range best {
		best[i] = strconv.Quote(k)
	}
	if len(best) == 1 {
		return "; did you mean " + best[0] + "?"
	}
	return "; did you mean " + strings.Join(best[:len(best)-1], ", ") + " or " + best[len(best)-1] + "?"
}
