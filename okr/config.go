package okr

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// ConfigFile is the name of the OKR definitions file in a site directory.
const ConfigFile = "okr.toml"

// Bounds of what okr.toml may define. Ids become folder names (an
// objective's page is quarters/2026-q3/objectives/<id>/), and every day of
// a quarter is a point of its charts.
const (
	MaxIDLength    = 64  // characters of an objective, key result or theme id
	MaxQuarterDays = 371 // 53 weeks: the longest fiscal year; annual OKRs fit
)

// Default settings.
const (
	DefaultStaleAfterDays = 14
	DefaultTheme          = "default"
	DefaultBaseURL        = "/"
)

var (
	idPattern      = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	quarterPattern = regexp.MustCompile(`^([0-9]{4})-Q([1-4])$`)
)

// Keys lists the keys of every table okrgen reads, by table: what the
// reference in docs/ documents, and a test keeps the two the same.
func Keys() map[string][]string {
	return map[string][]string{
		"okr.toml":                             configKeys,
		"[quarters.\"ID\"]":                    quarterKeys,
		"[[objectives]]":                       objectiveKeys,
		"[[objectives.key_results]]":           krKeys,
		"[[objectives.key_results.revisions]]": revisionKeys,
		"[[teams]]":                            teamKeys,
		"check-in":                             checkInKeys,
		"[[updates]]":                          updateKeys,
		"page":                                 pageKeys,
	}
}

// The keys each table of okr.toml accepts; any other key is an error.
var (
	configKeys    = []string{"title", "team", "base_url", "theme", "stale_after_days", "fiscal_year_start_month", "unsafe_html", "pdf_font", "checkin_every_days", "quarters", "objectives", "teams"}
	quarterKeys   = []string{"start", "end"}
	objectiveKeys = []string{"id", "quarter", "title", "owner", "kind", "weight", "description", "key_results", "aligns_to", "carried_from"}
	krKeys        = []string{"id", "title", "kind", "unit", "owner", "weight", "start", "target", "direction", "due", "data", "revisions"}
)

// maxCheckinEvery bounds checkin_every_days: a check-in a year is the
// least a cadence can mean, and the next check-in's date stays a date.
const maxCheckinEvery = 366

// parseConfigTable decodes okr.toml and builds the quarters and objectives
// it defines; file is the name used in errors. It also returns the decoded
// root table, for the checks of the files okr.toml names.
func parseConfigTable(file string, src []byte, list *ErrorList) (Config, []*Quarter, *table) {
	root := parseTable(file, src, 0, list)
	if root == nil {
		return Config{}, nil, nil
	}
	e := root.e
	root.unknown(configKeys)
	cfg := Config{
		Title:                root.str("title"),
		Team:                 root.str("team"),
		BaseURL:              root.str("base_url"),
		Theme:                root.str("theme"),
		StaleAfterDays:       DefaultStaleAfterDays,
		FiscalYearStartMonth: 1,
		PDFFont:              root.str("pdf_font"),
		CheckinEvery:         DefaultCheckinEvery,
	}
	if b := root.boolean("unsafe_html"); b != nil {
		cfg.UnsafeHTML = *b
	}
	if strings.TrimSpace(cfg.Title) == "" && !root.has("title") {
		e.at(1, 0, `missing "title"; expected a site title such as title = "Backend Engineering OKRs"`)
	} else if strings.TrimSpace(cfg.Title) == "" {
		root.errorf("title", `"title" is empty; expected a site title such as title = "Backend Engineering OKRs"`)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	} else if err := CheckBaseURL(cfg.BaseURL); err != nil {
		root.errorf("base_url", "base_url %v", err)
	}
	if cfg.Theme == "" {
		cfg.Theme = DefaultTheme
	} else if !idPattern.MatchString(cfg.Theme) {
		root.errorf("theme", "invalid theme %q; expected the name of a folder in themes/", cfg.Theme)
	} else if len(cfg.Theme) > MaxIDLength {
		root.errorf("theme", "theme name %s is %d characters long; expected at most %d", shortID(cfg.Theme), len(cfg.Theme), MaxIDLength)
	}
	if n := root.integer("stale_after_days"); n != nil {
		cfg.StaleAfterDays = *n
		if *n < 1 {
			root.errorf("stale_after_days", "stale_after_days is %d; expected a positive number of days", *n)
		}
	}
	if n := root.integer("checkin_every_days"); n != nil {
		cfg.CheckinEvery = *n
		if *n < 0 || *n > maxCheckinEvery {
			root.errorf("checkin_every_days", "checkin_every_days is %d; expected a number of days from 1 to %d, or 0 for no check-in reminders", *n, maxCheckinEvery)
			cfg.CheckinEvery = 0
		}
	}
	if n := root.integer("fiscal_year_start_month"); n != nil {
		if *n < 1 || *n > 12 {
			root.errorf("fiscal_year_start_month", "fiscal_year_start_month is %d; expected a month from 1 to 12", *n)
		} else {
			cfg.FiscalYearStartMonth = *n
		}
	}

	quarters := map[string]*Quarter{}
	where := map[*Quarter]*quarterSource{}
	quarter := func(id string, t *table, key string) *Quarter {
		if q := quarters[id]; q != nil {
			return q
		}
		m := quarterPattern.FindStringSubmatch(id)
		if m == nil {
			t.errorf(key, "invalid quarter %q; expected YYYY-QN such as 2026-Q3", id)
			return nil
		}
		var year, n int
		fmt.Sscan(m[1], &year)
		fmt.Sscan(m[2], &n)
		start, end := QuarterDates(year, n, cfg.FiscalYearStartMonth)
		q := &Quarter{ID: id, Start: start, End: end}
		quarters[id] = q
		line, col := t.pos(key)
		where[q] = &quarterSource{line: line, col: col}
		return q
	}
	ids, tabs := root.subtables("quarters")
	for i, id := range ids {
		t := tabs[i]
		t.unknown(quarterKeys)
		if !quarterPattern.MatchString(id) {
			e.at(t.line, t.col, "invalid quarter %q; expected [quarters.\"YYYY-QN\"] such as [quarters.\"2026-Q3\"]", id)
			continue
		}
		q := quarter(id, t, "")
		where[q].t = t
		if d := t.date("start"); d != nil {
			q.Start = *d
		}
		if d := t.date("end"); d != nil {
			q.End = *d
		}
		if q.End.Before(q.Start) {
			t.errorf("end", "quarter %s ends on %s, before it starts on %s; expected end >= start", id, q.End, q.Start)
			where[q].bad = true
		} else if days := q.End.Sub(q.Start) + 1; days > MaxQuarterDays {
			key := "end"
			if !t.has("end") {
				key = "start"
			}
			t.errorf(key, "quarter %s runs %d days, from %s to %s; expected at most %d days (53 weeks): is a date mistyped?", id, days, q.Start, q.End, MaxQuarterDays)
			where[q].bad = true
		}
	}

	for _, ot := range root.tables("objectives") {
		o := parseObjective(ot)
		qid := ot.str("quarter")
		switch {
		case !ot.has("quarter"):
			e.at(ot.line, ot.col, "objective %q has no \"quarter\"; expected quarter = \"YYYY-QN\" such as \"2026-Q3\"", o.ID)
		case qid == "" && isString(ot.m["quarter"]):
			ot.errorf("quarter", "objective %q has an empty \"quarter\"; expected quarter = \"YYYY-QN\" such as \"2026-Q3\"", o.ID)
		case qid != "":
			if q := quarter(qid, ot, "quarter"); q != nil {
				o.Quarter = q
				q.Objectives = append(q.Objectives, o)
			}
		}
		parseAlignsTo(ot, o, qid)
		parseCarriedFrom(ot, o)
		for _, kt := range ot.tables("key_results") {
			kr := parseKeyResult(kt, o.ID)
			kr.Objective = o
			if q := o.Quarter; kr.Due != nil && q != nil && !where[q].bad && !q.Contains(*kr.Due) {
				kt.errorf("due", "key result %s.%s is due on %s, outside its quarter %s (%s to %s); expected a date within the quarter", o.ID, kr.ID, *kr.Due, q.ID, q.Start, q.End)
			}
			parseRevisions(kt, kr, o.Quarter, o.Quarter != nil && !where[o.Quarter].bad)
			o.KeyResults = append(o.KeyResults, kr)
		}
		dupIDs(e, "key result", o.KeyResults, func(kr *KeyResult) (string, int) { return kr.ID, kr.Line })
	}
	var qs []*Quarter
	for _, q := range quarters {
		qs = append(qs, q)
		dupIDs(e, "objective in "+q.ID, q.Objectives, func(o *Objective) (string, int) { return o.ID, o.Line })
	}
	sort.Slice(qs, func(i, j int) bool {
		if qs[i].Start != qs[j].Start {
			return qs[i].Start.Before(qs[j].Start)
		}
		return qs[i].ID < qs[j].ID
	})
	checkOverlaps(e, qs, where)
	resolveCarries(e, qs, where)
	cfg.Teams = parseTeams(root)
	return cfg, qs, root
}

// quarterSource is where okr.toml defines a quarter: its [quarters] table,
// if any, and the first place that names it.
type quarterSource struct {
	t         *table // [quarters."ID"], or nil
	line, col int
	bad       bool // its dates are wrong already
}

// checkOverlaps reports quarters (sorted by start) whose dates overlap: a
// check-in's date must name one quarter. The error points at the date
// that makes them overlap: the later quarter's start, or else the earlier
// one's end, where okr.toml sets them.
func checkOverlaps(e errs, qs []*Quarter, where map[*Quarter]*quarterSource) {
	var last *Quarter // of the quarters so far, the one that ends last
	for _, q := range qs {
		if where[q].bad {
			continue
		}
		if last != nil && !q.Start.After(last.End) {
			a, b := q, last
			line, col := where[q].line, where[q].col
			switch src, prev := where[q], where[last]; {
			case src.t != nil && src.t.has("start"):
				line, col = src.t.pos("start")
			case prev.t != nil && prev.t.has("end"):
				line, col = prev.t.pos("end")
				a, b = last, q
			case src.t != nil:
				line, col = src.t.line, src.t.col
			}
			e.at(line, col, "quarter %s (%s to %s) overlaps quarter %s (%s to %s); expected quarters that do not overlap, so that a date is in one quarter",
				a.ID, a.Start, a.End, b.ID, b.Start, b.End)
		}
		if last == nil || q.End.After(last.End) {
			last = q
		}
	}
}

// shortID shortens a long id for messages, quoted.
func shortID(id string) string {
	if len(id) > 30 {
		return fmt.Sprintf("%q", id[:30]+"…")
	}
	return fmt.Sprintf("%q", id)
}

// QuarterDates returns the first and last day of quarter n (1-4) of the
// fiscal year named year, whose first month is fiscalStart (1-12).
func QuarterDates(year, n, fiscalStart int) (Date, Date) {
	m := time.Month(3*(n-1) + fiscalStart)
	return NewDate(year, m, 1), NewDate(year, m+3, 1).AddDays(-1)
}

func parseObjective(t *table) *Objective {
	t.unknown(objectiveKeys)
	o := &Objective{
		ID: t.str("id"), Title: t.str("title"), Owner: strings.TrimSpace(t.str("owner")), Kind: t.str("kind"),
		Weight: 1, Description: t.str("description"), Line: t.line,
	}
	checkDescription(t, o.Description)
	switch {
	case !t.has("id"):
		t.e.at(t.line, t.col, `objective without "id"; expected id = "O1"`)
	case !idPattern.MatchString(o.ID):
		t.errorf("id", "invalid objective id %q; expected letters, digits, _ and - only", o.ID)
	case len(o.ID) > MaxIDLength:
		t.errorf("id", "objective id %s is %d characters long; expected at most %d", shortID(o.ID), len(o.ID), MaxIDLength)
	}
	if strings.TrimSpace(o.Title) == "" {
		t.errorf("title", "objective %q has no \"title\"", o.ID)
	}
	switch o.Kind {
	case "":
		o.Kind = Aspirational
	case Aspirational, Committed:
	default:
		t.errorf("kind", "invalid objective kind %q; expected %q or %q%s", o.Kind, Aspirational, Committed, suggest(o.Kind, []string{Aspirational, Committed}))
	}
	if w := t.number("weight"); w != nil {
		o.Weight = *w
		if *w <= 0 {
			t.errorf("weight", "objective %q has weight %v; expected a positive number", o.ID, *w)
		}
	}
	return o
}

func parseKeyResult(t *table, objID string) *KeyResult {
	t.unknown(krKeys)
	kr := &KeyResult{
		ID: t.str("id"), Title: t.str("title"), Kind: t.str("kind"), Unit: t.str("unit"), Owner: strings.TrimSpace(t.str("owner")),
		Weight: 1, Start: t.number("start"), Target: t.number("target"), Direction: t.str("direction"), Line: t.line,
	}
	ref := objID + "." + kr.ID
	switch {
	case !t.has("id"):
		t.e.at(t.line, t.col, `key result of objective %q without "id"; expected id = "KR1"`, objID)
	case !idPattern.MatchString(kr.ID):
		t.errorf("id", "invalid key result id %q; expected letters, digits, _ and - only", kr.ID)
	case len(kr.ID) > MaxIDLength:
		t.errorf("id", "key result id %s is %d characters long; expected at most %d", shortID(kr.ID), len(kr.ID), MaxIDLength)
	}
	if strings.TrimSpace(kr.Title) == "" {
		t.errorf("title", "key result %s has no \"title\"", ref)
	}
	if w := t.number("weight"); w != nil {
		kr.Weight = *w
		if *w <= 0 {
			t.errorf("weight", "key result %s has weight %v; expected a positive number", ref, *w)
		}
	}
	kr.Due = t.date("due")
	if t.has("data") {
		kr.Data = t.str("data")
		kr.dataLine, kr.dataCol = t.pos("data")
		if kr.Data == "" && isString(t.m["data"]) {
			t.errorf("data", `key result %s has an empty "data"; expected the path of a CSV file in the site, such as data = "data/uptime.csv"`, ref)
		}
	}
	not := func(key string) {
		if t.has(key) {
			t.errorf(key, "%s key result %s cannot have %q", kr.Kind, ref, key)
		}
	}
	switch kr.Kind {
	case "", Metric:
		kr.Kind = Metric
		switch {
		case (kr.Start == nil && !t.has("start")) || (kr.Target == nil && !t.has("target")):
			t.e.at(t.line, t.col, "metric key result %s needs numeric \"start\" and \"target\"", ref)
		case kr.Start != nil && kr.Target != nil && *kr.Start == *kr.Target:
			t.errorf("target", "metric key result %s has start = target = %v; expected them to differ", ref, *kr.Start)
		}
		not("direction")
	case Milestone:
		not("start")
		not("target")
		not("direction")
	case Threshold:
		not("start")
		if t.has("due") {
			t.errorf("due", "threshold key result %s cannot have \"due\": it holds its line all quarter; expected due only on metric and milestone key results", ref)
			kr.Due = nil
		}
		if kr.Target == nil && !t.has("target") {
			t.e.at(t.line, t.col, "threshold key result %s needs a numeric \"target\"", ref)
		}
		switch kr.Direction {
		case AtLeast, AtMost:
		case "":
			if !t.has("direction") {
				t.e.at(t.line, t.col, "threshold key result %s needs \"direction\": %q or %q", ref, AtLeast, AtMost)
			}
		default:
			t.errorf("direction", "invalid direction %q; expected %q or %q%s", kr.Direction, AtLeast, AtMost, suggest(kr.Direction, []string{AtLeast, AtMost}))
		}
	default:
		t.errorf("kind", "invalid key result kind %q; expected %q, %q or %q%s", kr.Kind, Metric, Milestone, Threshold, suggest(kr.Kind, []string{Metric, Milestone, Threshold}))
	}
	return kr
}

// dupIDs reports ids that repeat (ignoring case: they share a URL).
func dupIDs[T any](e errs, what string, items []T, id func(T) (string, int)) {
	seen := map[string]int{}
	for _, it := range items {
		s, line := id(it)
		if s == "" {
			continue
		}
		k := strings.ToLower(s)
		if first, ok := seen[k]; ok {
			e.at(line, 0, "duplicate %s id %q (first at line %d); expected ids to be unique", what, s, first)
			continue
		}
		seen[k] = line
	}
}
