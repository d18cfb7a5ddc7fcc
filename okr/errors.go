package okr

import (
	"fmt"
	"sort"
	"strings"
)

// Error is a problem in a site's input, with the file it is in and, where
// known, its line and column (1-based; 0 when unknown).
type Error struct {
	File string // path relative to the site directory, with slashes
	Line int
	Col  int
	Msg  string
}

// Error formats e as file:line:col: message, leaving out what is unknown.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// MaxReported is how many errors ErrorList.Error prints before "and N more".
const MaxReported = 50

// ErrorList is every error of a run, sorted by file and position.
type ErrorList []*Error

// Error prints one error a line, at most MaxReported of them.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i == MaxReported {
			fmt.Fprintf(&b, "\nand %d more", len(l)-MaxReported)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Sort orders l by file, line and column.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Err returns l sorted as an error, or nil if l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// errs collects errors for one file.
type errs struct {
	file string
	list *ErrorList
}

func (e errs) at(line, col int, format string, args ...any) {
	*e.list = append(*e.list, &Error{File: e.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// tomlTypeName names the TOML type of a decoded value for messages.
func tomlTypeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// suggest returns `; did you mean "x"?` for the closest of choices to s,
// or "" when none is close.
func suggest(s string, choices []string) string {
	best, bestD := "", 3
	for _, c := range choices {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
