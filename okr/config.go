package okr

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// ConfigFile is the name of the OKR definitions file in a site directory.
const ConfigFile = "okr.toml"

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

// number is a TOML integer or float that must be finite.
type number struct {
	v   float64
	set bool
}

func (n *number) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case int64:
		n.v = float64(v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return valueErrorf("expected a finite number, got %v", v)
		}
		n.v = v
	default:
		return valueErrorf("expected a number, got %s", tomlTypeName(v))
	}
	n.set = true
	return nil
}

func (n number) ptr() *float64 {
	if !n.set {
		return nil
	}
	v := n.v
	return &v
}

// The shapes of okr.toml, as decoded. Keys not listed here are errors.
type (
	configFile struct {
		Title                string                 `toml:"title"`
		Team                 string                 `toml:"team"`
		BaseURL              *string                `toml:"base_url"`
		Theme                string                 `toml:"theme"`
		StaleAfterDays       *int                   `toml:"stale_after_days"`
		FiscalYearStartMonth *int                   `toml:"fiscal_year_start_month"`
		UnsafeHTML           bool                   `toml:"unsafe_html"`
		PDFFont              string                 `toml:"pdf_font"`
		Quarters             map[string]quarterFile `toml:"quarters"`
		Objectives           []objectiveFile        `toml:"objectives"`
	}
	quarterFile struct {
		Start *Date `toml:"start"`
		End   *Date `toml:"end"`
	}
	objectiveFile struct {
		ID          string   `toml:"id"`
		Quarter     string   `toml:"quarter"`
		Title       string   `toml:"title"`
		Owner       string   `toml:"owner"`
		Kind        string   `toml:"kind"`
		Weight      number   `toml:"weight"`
		Description string   `toml:"description"`
		KeyResults  []krFile `toml:"key_results"`
	}
	krFile struct {
		ID        string `toml:"id"`
		Title     string `toml:"title"`
		Kind      string `toml:"kind"`
		Unit      string `toml:"unit"`
		Owner     string `toml:"owner"`
		Weight    number `toml:"weight"`
		Start     number `toml:"start"`
		Target    number `toml:"target"`
		Direction string `toml:"direction"`
	}
)

// Keys lists every key okr.toml accepts, by table, for messages and docs.
var configKeys = map[string][]string{
	"":                       {"title", "team", "base_url", "theme", "stale_after_days", "fiscal_year_start_month", "unsafe_html", "pdf_font", "quarters", "objectives"},
	"quarters.*":             {"start", "end"},
	"objectives":             {"id", "quarter", "title", "owner", "kind", "weight", "description", "key_results"},
	"objectives.key_results": {"id", "title", "kind", "unit", "owner", "weight", "start", "target", "direction"},
}

// parseConfig decodes okr.toml and builds the quarters and objectives it
// defines. file is the name used in errors.
func parseConfig(file string, src []byte, list *ErrorList) (Config, []*Quarter) {
	e := errs{file: file, list: list}
	var f configFile
	md, derr := decodeTOML(file, src, 0, &f)
	if derr != nil {
		*list = append(*list, derr)
		return Config{}, nil
	}
	lines := scanTOML(src, 0)
	unknownKeys(e, md, lines, configKeys)

	cfg := Config{
		Title:                f.Title,
		Team:                 f.Team,
		BaseURL:              DefaultBaseURL,
		Theme:                f.Theme,
		StaleAfterDays:       DefaultStaleAfterDays,
		FiscalYearStartMonth: 1,
		UnsafeHTML:           f.UnsafeHTML,
		PDFFont:              f.PDFFont,
	}
	root := lines.sections[0]
	if strings.TrimSpace(f.Title) == "" {
		e.at(1, 0, `missing "title"; expected a site title such as title = "Backend Engineering OKRs"`)
	}
	if f.BaseURL != nil {
		cfg.BaseURL = *f.BaseURL
		if cfg.BaseURL == "" {
			cfg.BaseURL = DefaultBaseURL
		}
	}
	if cfg.Theme == "" {
		cfg.Theme = DefaultTheme
	} else if !idPattern.MatchString(cfg.Theme) {
		l, c := root.key("theme")
		e.at(l, c, "invalid theme %q; expected the name of a folder in themes/", cfg.Theme)
	}
	if f.StaleAfterDays != nil {
		cfg.StaleAfterDays = *f.StaleAfterDays
		if cfg.StaleAfterDays < 1 {
			l, c := root.key("stale_after_days")
			e.at(l, c, "stale_after_days is %d; expected a positive number of days", cfg.StaleAfterDays)
		}
	}
	if f.FiscalYearStartMonth != nil {
		cfg.FiscalYearStartMonth = *f.FiscalYearStartMonth
		if cfg.FiscalYearStartMonth < 1 || cfg.FiscalYearStartMonth > 12 {
			l, c := root.key("fiscal_year_start_month")
			e.at(l, c, "fiscal_year_start_month is %d; expected a month from 1 to 12", cfg.FiscalYearStartMonth)
			cfg.FiscalYearStartMonth = 1
		}
	}

	quarters := map[string]*Quarter{}
	quarter := func(id string, line, col int) *Quarter {
		if q := quarters[id]; q != nil {
			return q
		}
		m := quarterPattern.FindStringSubmatch(id)
		if m == nil {
			e.at(line, col, "invalid quarter %q; expected YYYY-QN such as 2026-Q3", id)
			return nil
		}
		var year, n int
		fmt.Sscan(m[1], &year)
		fmt.Sscan(m[2], &n)
		start, end := QuarterDates(year, n, cfg.FiscalYearStartMonth)
		q := &Quarter{ID: id, Start: start, End: end}
		quarters[id] = q
		return q
	}
	ids := make([]string, 0, len(f.Quarters))
	for id := range f.Quarters {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		sec := lines.nth(0, "quarters", id)
		l, c := sec.key("")
		q := quarter(id, l, c)
		if q == nil {
			continue
		}
		o := f.Quarters[id]
		if o.Start != nil {
			q.Start = *o.Start
		}
		if o.End != nil {
			q.End = *o.End
		}
		if q.End.Before(q.Start) {
			l, c := sec.key("end")
			e.at(l, c, "quarter %s ends on %s, before it starts on %s; expected end >= start", id, q.End, q.Start)
		}
	}

	for i, of := range f.Objectives {
		sec := lines.nth(i, "objectives")
		o := parseObjective(e, sec, of)
		if of.Quarter == "" {
			e.at(sec.line, 0, "objective %q has no \"quarter\"; expected quarter = \"YYYY-QN\" such as \"2026-Q3\"", of.ID)
		} else if l, c := sec.key("quarter"); quarter(of.Quarter, l, c) != nil {
			q := quarters[of.Quarter]
			o.Quarter = q
			q.Objectives = append(q.Objectives, o)
		}
		for j, kf := range of.KeyResults {
			ksec := lines.child(sec, j, "objectives", "key_results")
			if ksec == nil {
				ksec = sec
			}
			kr := parseKeyResult(e, ksec, of.ID, kf)
			kr.Objective = o
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
	return cfg, qs
}

// QuarterDates returns the first and last day of quarter n (1-4) of the
// fiscal year named year, whose first month is fiscalStart (1-12).
func QuarterDates(year, n, fiscalStart int) (Date, Date) {
	m := time.Month(3*(n-1) + fiscalStart)
	return NewDate(year, m, 1), NewDate(year, m+3, 1).AddDays(-1)
}

func parseObjective(e errs, sec *tomlSection, f objectiveFile) *Objective {
	o := &Objective{
		ID: f.ID, Title: f.Title, Owner: f.Owner, Kind: f.Kind,
		Weight: 1, Description: f.Description, Line: sec.line,
	}
	switch {
	case f.ID == "":
		e.at(sec.line, 0, `objective without "id"; expected id = "O1"`)
	case !idPattern.MatchString(f.ID):
		l, c := sec.key("id")
		e.at(l, c, "invalid objective id %q; expected letters, digits, _ and - only", f.ID)
	}
	if strings.TrimSpace(f.Title) == "" {
		e.at(sec.line, 0, "objective %q has no \"title\"", f.ID)
	}
	switch f.Kind {
	case "":
		o.Kind = Aspirational
	case Aspirational, Committed:
	default:
		l, c := sec.key("kind")
		e.at(l, c, "invalid objective kind %q; expected %q or %q%s", f.Kind, Aspirational, Committed, suggest(f.Kind, []string{Aspirational, Committed}))
	}
	if f.Weight.set {
		o.Weight = f.Weight.v
		if o.Weight <= 0 {
			l, c := sec.key("weight")
			e.at(l, c, "objective %q has weight %v; expected a positive number", f.ID, o.Weight)
		}
	}
	return o
}

func parseKeyResult(e errs, sec *tomlSection, objID string, f krFile) *KeyResult {
	kr := &KeyResult{
		ID: f.ID, Title: f.Title, Kind: f.Kind, Unit: f.Unit, Owner: f.Owner,
		Weight: 1, Start: f.Start.ptr(), Target: f.Target.ptr(), Direction: f.Direction, Line: sec.line,
	}
	ref := objID + "." + f.ID
	switch {
	case f.ID == "":
		e.at(sec.line, 0, `key result of objective %q without "id"; expected id = "KR1"`, objID)
	case !idPattern.MatchString(f.ID):
		l, c := sec.key("id")
		e.at(l, c, "invalid key result id %q; expected letters, digits, _ and - only", f.ID)
	}
	if strings.TrimSpace(f.Title) == "" {
		e.at(sec.line, 0, "key result %s has no \"title\"", ref)
	}
	if f.Weight.set {
		kr.Weight = f.Weight.v
		if kr.Weight <= 0 {
			l, c := sec.key("weight")
			e.at(l, c, "key result %s has weight %v; expected a positive number", ref, kr.Weight)
		}
	}
	not := func(key string, set bool) {
		if set {
			l, c := sec.key(key)
			e.at(l, c, "%s key result %s cannot have %q", kr.Kind, ref, key)
		}
	}
	switch f.Kind {
	case "", Metric:
		kr.Kind = Metric
		if !f.Start.set || !f.Target.set {
			e.at(sec.line, 0, "metric key result %s needs numeric \"start\" and \"target\"", ref)
		} else if f.Start.v == f.Target.v {
			l, c := sec.key("target")
			e.at(l, c, "metric key result %s has start = target = %v; expected them to differ", ref, f.Start.v)
		}
		not("direction", f.Direction != "")
	case Milestone:
		not("start", f.Start.set)
		not("target", f.Target.set)
		not("direction", f.Direction != "")
	case Threshold:
		not("start", f.Start.set)
		if !f.Target.set {
			e.at(sec.line, 0, "threshold key result %s needs a numeric \"target\"", ref)
		}
		switch f.Direction {
		case AtLeast, AtMost:
		case "":
			e.at(sec.line, 0, "threshold key result %s needs \"direction\": %q or %q", ref, AtLeast, AtMost)
		default:
			l, c := sec.key("direction")
			e.at(l, c, "invalid direction %q; expected %q or %q%s", f.Direction, AtLeast, AtMost, suggest(f.Direction, []string{AtLeast, AtMost}))
		}
	default:
		l, c := sec.key("kind")
		e.at(l, c, "invalid key result kind %q; expected %q, %q or %q%s", f.Kind, Metric, Milestone, Threshold, suggest(f.Kind, []string{Metric, Milestone, Threshold}))
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

// unknownKeys reports the keys md did not decode, at their lines.
func unknownKeys(e errs, md toml.MetaData, lines *tomlLines, known map[string][]string) {
	seen := map[string]bool{}
	for _, k := range md.Undecoded() {
		parent := strings.Join(k[:len(k)-1], ".")
		choices, ok := known[parent]
		if !ok && len(k) >= 2 {
			choices = known[strings.Join(k[:len(k)-2], ".")+".*"]
		}
		if seen[parent] {
			// Inside a table that is unknown itself: reported already.
			seen[k.String()] = true
			continue
		}
		if seen[k.String()] {
			continue
		}
		seen[k.String()] = true
		name := k[len(k)-1]
		where := ""
		if parent != "" {
			where = fmt.Sprintf(" in [%s]", parent)
		}
		msg := fmt.Sprintf("unknown key %q%s%s", name, where, suggest(name, choices))
		if len(choices) > 0 {
			msg += "; expected one of: " + strings.Join(choices, ", ")
		}
		pos := lines.keyLines(k)
		if len(pos) == 0 {
			e.at(0, 0, "%s", msg)
		}
		for _, p := range pos {
			e.at(p[0], p[1], "%s", msg)
		}
	}
}
