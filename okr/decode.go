package okr

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxNumber bounds every number okrgen reads (values, starts, targets,
// weights), so that no sum or ratio of them overflows to infinity.
const MaxNumber = 1e15

// table is a decoded TOML table with the lines of its keys. okrgen reads
// okr.toml and front matter through it rather than by reflection, so that
// every error, of type or of meaning, points at the line of the key it is
// about (in an array of tables too) and all of them are reported.
type table struct {
	m         map[string]any
	path      []string     // the table's key path: ["objectives", "key_results"]
	sec       *tomlSection // its [header], or nil (inline tables, dotted keys)
	node      *tomlNode    // where its keys are written, or nil when not found
	line, col int          // where it starts: its header, inline table or key
	lines     *tomlLines
	e         errs
}

// parseTable decodes a TOML document into its root table. A syntax error
// is returned as the document's only error.
func parseTable(file string, src []byte, lineOffset int, list *ErrorList) *table {
	if utf8.Valid(src) {
		if m, lines, ok := fastTOML(src, lineOffset); ok {
			root := lines.sections[0]
			return &table{m: m, sec: root, node: root.node, line: lineOffset + 1, lines: lines, e: errs{file: file, list: list}}
		}
	}
	var m map[string]any
	if err := decodeTOML(file, src, lineOffset, &m); err != nil {
		*list = append(*list, err)
		return nil
	}
	lines := scanTOML(src, lineOffset)
	root := lines.sections[0]
	return &table{m: m, sec: root, node: root.node, line: lineOffset + 1, lines: lines, e: errs{file: file, list: list}}
}

// pos returns the line and column of key (of its [header] when it is a
// table written so), or of the table when the key is
// not written in it.
func (t *table) pos(key string) (int, int) {
	if k := t.node.child(key); k != nil {
		return k.line, k.col
	}
	// A key written as a [table] of its own: its header.
	if t.lines != nil {
		path := append(append([]string{}, t.path...), key)
		var s *tomlSection
		switch {
		case len(t.path) == 0:
			s = t.lines.nth(0, path...)
		case t.sec != nil:
			s = t.lines.child(t.sec, 0, path...)
		}
		if s != nil {
			return s.line, max(s.col, 1)
		}
	}
	return t.line, t.col
}

// headerPos returns where the table starts, with a column: its [header]
// (at its first [), its inline table, or the key that holds it. Errors
// about a whole table of an array, such as a revision without "why", point
// there.
func (t *table) headerPos() (int, int) {
	if t.sec != nil {
		return t.sec.line, max(t.sec.col, 1)
	}
	return t.line, max(t.col, 1)
}

func (t *table) errorf(key, format string, args ...any) {
	l, c := t.pos(key)
	t.e.at(l, c, format, args...)
}

func (t *table) wrongType(key, want string, v any) {
	t.errorf(key, "%q: expected %s, got %s", key, want, tomlTypeName(v))
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

// has reports whether key is set.
func (t *table) has(key string) bool {
	_, ok := t.m[key]
	return ok
}

// str returns a string value, "" when unset.
func (t *table) str(key string) string {
	v, ok := t.m[key]
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		t.wrongType(key, "a string", v)
	}
	return s
}

// boolean returns a boolean value, or nil when unset or of another type.
func (t *table) boolean(key string) *bool {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	b, ok := v.(bool)
	if !ok {
		t.wrongType(key, "a boolean (true or false)", v)
		return nil
	}
	return &b
}

// integer returns an integer value, or nil.
func (t *table) integer(key string) *int {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	n, ok := v.(int64)
	if !ok {
		t.wrongType(key, "an integer", v)
		return nil
	}
	i := int(max(min(n, math.MaxInt32), math.MinInt32))
	return &i
}

// number returns a finite number (integer or float), or nil.
func (t *table) number(key string) *float64 {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	var f float64
	switch n := v.(type) {
	case int64:
		f = float64(n)
	case float64:
		f = n
	default:
		t.wrongType(key, "a number", v)
		return nil
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > MaxNumber {
		t.errorf(key, "%q: expected a finite number of at most %g in size, got %v", key, MaxNumber, f)
		return nil
	}
	return &f
}

// date returns a TOML local date (2026-07-14, unquoted), or nil when unset
// or of another type: a date-time or a string is an error that says so.
func (t *table) date(key string) *Date {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	switch v := v.(type) {
	case time.Time:
		if v.Location().String() == "date-local" {
			d := DateOf(v)
			return &d
		}
		t.errorf(key, "%q: expected a date such as 2026-07-14, got a date-time", key)
		return nil
	case string:
		if _, err := ParseDate(v); err == nil {
			t.errorf(key, "%q: expected a TOML date, unquoted: %s = %s", key, key, v)
		} else {
			t.errorf(key, "%q: expected a date such as 2026-07-14, got the string %q", key, v)
		}
		return nil
	}
	t.wrongType(key, "a date such as 2026-07-14", v)
	return nil
}

// tables returns an array of tables, each located in the document.
func (t *table) tables(key string) []*table {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	var items []map[string]any
	switch v := v.(type) {
	case []map[string]any:
		items = v
	case []any:
		for _, x := range v {
			m, ok := x.(map[string]any)
			if !ok {
				t.wrongType(key, "an array of tables ([["+strings.Join(append(t.path, key), ".")+"]])", x)
				return nil
			}
			items = append(items, m)
		}
	default:
		t.wrongType(key, "an array of tables ([["+strings.Join(append(t.path, key), ".")+"]])", v)
		return nil
	}
	path := append(append([]string{}, t.path...), key)
	keyLine, keyCol := t.pos(key)
	var inline []*tomlNode // the items of key = [{...}, {...}]
	if k := t.node.child(key); k != nil {
		inline = k.items
	}
	out := make([]*table, len(items))
	for i, m := range items {
		tab := &table{m: m, path: path, line: keyLine, col: keyCol, lines: t.lines, e: t.e}
		switch {
		case i < len(inline):
			tab.node = inline[i]
			tab.line, tab.col = tab.node.line, tab.node.col
		case len(t.path) == 0:
			tab.sec = t.lines.nth(i, path...)
		default:
			tab.sec = t.lines.child(t.sec, i, path...)
		}
		if tab.sec != nil {
			tab.node, tab.line, tab.col = tab.sec.node, tab.sec.line, 0
		}
		out[i] = tab
	}
	return out
}

// subtables returns a table of tables ([quarters."2026-Q3"]), by key, in
// key order.
func (t *table) subtables(key string) (names []string, tabs []*table) {
	v, ok := t.m[key]
	if !ok {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.wrongType(key, "a table", v)
		return nil, nil
	}
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := append(append([]string{}, t.path...), key, name)
		tab := &table{path: path, lines: t.lines, e: t.e}
		tab.line, tab.col = t.pos(key)
		if sec := t.lines.nth(0, path...); sec != nil {
			tab.sec, tab.node, tab.line, tab.col = sec, sec.node, sec.line, 0
		} else if n := t.lines.locate(path); n != nil {
			tab.node, tab.line, tab.col = n, n.line, n.col
		}
		sub, ok := m[name].(map[string]any)
		if !ok {
			t.e.at(tab.line, tab.col, "%s.%s: expected a table such as [%s.%q] with start and end, got %s", key, name, key, name, tomlTypeName(m[name]))
			sub = map[string]any{}
		}
		tab.m = sub
		tabs = append(tabs, tab)
	}
	return names, tabs
}

// unknown reports the keys of t not in known, with a suggestion for near
// misses and the valid choices.
func (t *table) unknown(known []string) {
	all := true // the common case, checked without allocating
	for k := range t.m {
		if !slices.Contains(known, k) {
			all = false
			break
		}
	}
	if all {
		return
	}
	var keys []string
	for k := range t.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	isKnown := map[string]bool{}
	for _, k := range known {
		isKnown[k] = true
	}
	where := ""
	if len(t.path) > 0 {
		where = " in [" + strings.Join(t.path, ".") + "]"
	}
	for _, k := range keys {
		if isKnown[k] {
			continue
		}
		msg := fmt.Sprintf("unknown key %q%s%s; expected one of: %s", k, where, suggest(k, known), strings.Join(known, ", "))
		if l, c := t.keyPos(k); l > 0 {
			t.e.at(l, c, "%s", msg)
		} else {
			t.errorf(k, "%s", msg)
		}
	}
}

// keyPos finds a key written as key = value, or as a [table] of its own.
func (t *table) keyPos(key string) (int, int) {
	if k := t.node.child(key); k != nil {
		return k.line, k.col
	}
	if s := t.lines.prefix[pathKey(append(append([]string{}, t.path...), key))]; s != nil {
		return s.line, 1
	}
	return 0, 0
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
