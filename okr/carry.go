package okr

import (
	"strings"
)

// CarriedFromRef returns the objective's carried_from as data.json gives
// it, "2026-Q2/O2" (the objective's quarter and id as okr.toml defines
// them), or "" when it carries nothing over.
func (o *Objective) CarriedFromRef() string {
	if o.CarriedFrom == nil {
		return ""
	}
	return o.CarriedFrom.Quarter.ID + "/" + o.CarriedFrom.ID
}

// CarriedFromPos returns where okr.toml sets the objective's carried_from
// (line, column), or its [[objectives]] header when it has none.
func (o *Objective) CarriedFromPos() (line, col int) {
	if o.carriedLine == 0 {
		return o.Line, 0
	}
	return o.carriedLine, o.carriedCol
}

// parseCarriedFrom reads an objective's carried_from, "2026-Q2/O2", and
// checks its form; resolveCarries finds the objective it names once every
// quarter is known.
func parseCarriedFrom(t *table, o *Objective) {
	if !t.has("carried_from") {
		return
	}
	o.carriedLine, o.carriedCol = t.pos("carried_from")
	ref := t.str("carried_from")
	if !isString(t.m["carried_from"]) {
		return // str reported the type
	}
	q, id, ok := strings.Cut(ref, "/")
	if !ok || !quarterPattern.MatchString(q) || !idPattern.MatchString(id) {
		t.errorf("carried_from", "objective %q: invalid carried_from %q; expected \"QUARTER/ID\" naming an objective of an earlier quarter, such as \"2026-Q2/O2\"", o.ID, ref)
		return
	}
	o.carried = ref
}

// resolveCarries sets CarriedFrom and CarriedInto of the objectives of qs
// (sorted by start), reporting a carried_from that names an objective okr.toml
// does not define, or one of the objective's own quarter or of a later one.
func resolveCarries(e errs, qs []*Quarter, where map[*Quarter]*quarterSource) {
	byID := map[string]*Quarter{}
	var ids []string
	for _, q := range qs {
		byID[q.ID] = q
		ids = append(ids, q.ID)
	}
	for _, q := range qs {
		for _, o := range q.Objectives {
			if o.carried == "" {
				continue
			}
			qid, id, _ := strings.Cut(o.carried, "/")
			at := func(format string, args ...any) { e.at(o.carriedLine, o.carriedCol, format, args...) }
			src := byID[qid]
			if src == nil {
				at("objective %s of %s is carried from %q, but okr.toml has no quarter %s; its quarters: %s", o.ID, q.ID, o.carried, qid, strings.Join(ids, ", "))
				continue
			}
			var from *Objective
			var names []string
			for _, so := range src.Objectives {
				names = append(names, so.ID)
				if so.ID == id {
					from = so
				}
			}
			switch {
			case src == q:
				at("objective %s of %s is carried from %q, in its own quarter; expected an objective of an earlier quarter", o.ID, q.ID, o.carried)
				continue
			case where[src].bad || where[q].bad:
				continue // their dates are wrong already
			case !src.Start.Before(q.Start):
				at("objective %s of %s is carried from %q, of a later quarter (%s starts on %s, %s on %s); expected an objective of an earlier quarter", o.ID, q.ID, o.carried, qid, src.Start, q.ID, q.Start)
				continue
			case from == nil:
				list := strings.Join(names, ", ")
				if list == "" {
					list = "none"
				}
				at("objective %s of %s is carried from %q, which %s does not have%s; its objectives: %s", o.ID, q.ID, o.carried, qid, suggest(id, names), list)
				continue
			}
			o.CarriedFrom = from
			from.CarriedInto = append(from.CarriedInto, o)
		}
	}
}
