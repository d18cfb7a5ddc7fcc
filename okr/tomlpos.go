package okr

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// tomlLines locates tables and keys in a TOML document by line, so that
// errors found after decoding can point at the line they are about.
// BurntSushi/toml keeps key positions to itself; this scanner covers the way
// people write okr.toml by hand (one key a line, [table] and [[array]]
// headers) and falls back to the table's header line otherwise.
type tomlLines struct {
	sections []*tomlSection
}

type tomlSection struct {
	path  []string
	array bool
	line  int
	keys  map[string][2]int // key → line, column
}

func (s *tomlSection) is(path ...string) bool {
	if len(s.path) != len(path) {
		return false
	}
	for i := range path {
		if s.path[i] != path[i] {
			return false
		}
	}
	return true
}

func scanTOML(src []byte, lineOffset int) *tomlLines {
	t := &tomlLines{}
	cur := &tomlSection{line: lineOffset + 1, keys: map[string][2]int{}}
	t.sections = append(t.sections, cur)
	var inMulti string // closing delimiter of a multi-line string we are in
	for i, raw := range bytes.Split(src, []byte("\n")) {
		line := strings.TrimRight(string(raw), "\r")
		n := lineOffset + i + 1
		if inMulti != "" {
			if strings.Contains(line, inMulti) {
				inMulti = ""
			}
			continue
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		if trimmed[0] == '[' {
			array := strings.HasPrefix(trimmed, "[[")
			h := strings.TrimLeft(trimmed, "[")
			if end := strings.Index(h, "]"); end >= 0 {
				h = h[:end]
			}
			cur = &tomlSection{path: splitKey(h), array: array, line: n, keys: map[string][2]int{}}
			t.sections = append(t.sections, cur)
			continue
		}
		eq := strings.Index(line, "=")
		if eq < 0 {
			continue
		}
		k := splitKey(line[:eq])
		if len(k) == 0 {
			continue
		}
		col := len(line) - len(strings.TrimLeft(line, " \t")) + 1
		if _, dup := cur.keys[k[0]]; !dup {
			cur.keys[k[0]] = [2]int{n, col}
		}
		rest := strings.TrimSpace(line[eq+1:])
		for _, q := range []string{`"""`, `'''`} {
			if strings.HasPrefix(rest, q) && !strings.Contains(rest[3:], q) {
				inMulti = q
			}
		}
	}
	return t
}

// splitKey splits a dotted TOML key, honouring quotes.
func splitKey(s string) []string {
	var parts []string
	var b strings.Builder
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\\' && quote == '"' && i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			} else {
				b.WriteByte(c)
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(b.String()))
			b.Reset()
		case c == ' ' || c == '\t':
		default:
			b.WriteByte(c)
		}
	}
	last := strings.TrimSpace(b.String())
	if last == "" && len(parts) == 0 {
		return nil
	}
	return append(parts, last)
}

// nth returns the n-th (0-based) section with the given path, or nil.
func (t *tomlLines) nth(n int, path ...string) *tomlSection {
	for _, s := range t.sections {
		if s.is(path...) {
			if n == 0 {
				return s
			}
			n--
		}
	}
	return nil
}

// child returns the n-th section with path that follows parent and comes
// before the next section with parent's path.
func (t *tomlLines) child(parent *tomlSection, n int, path ...string) *tomlSection {
	if parent == nil {
		return nil
	}
	started := false
	for _, s := range t.sections {
		if s == parent {
			started = true
			continue
		}
		if !started {
			continue
		}
		if s.is(parent.path...) {
			break
		}
		if s.is(path...) {
			if n == 0 {
				return s
			}
			n--
		}
	}
	return nil
}

// decodeTOML decodes src into v (a map). A syntax error comes back as an
// *Error pointing into file; lineOffset is added to line numbers (front
// matter starts below its opening +++).
func decodeTOML(file string, src []byte, lineOffset int, v any) *Error {
	if !utf8.Valid(src) {
		return &Error{File: file, Line: lineOffset + invalidUTF8Line(src), Msg: "invalid UTF-8; expected a UTF-8 text file"}
	}
	if at, deepest := tomlNesting(src); at >= 0 {
		return &Error{File: file, Line: lineOffset + bytes.Count(src[:at], []byte("\n")) + 1, Col: columnAt(src, at),
			Msg: fmt.Sprintf("nested %d levels deep; expected at most %d levels of tables, arrays and dotted key parts", deepest, MaxNesting)}
	}
	_, err := toml.NewDecoder(bytes.NewReader(src)).Decode(v)
	if err == nil {
		return nil
	}
	e := &Error{File: file, Msg: "invalid TOML: " + err.Error()}
	var pe toml.ParseError
	if errors.As(err, &pe) {
		e.Line = pe.Position.Line
		e.Col = columnAt(src, pe.Position.Start)
		e.Msg = "invalid TOML: " + pe.Message
	}
	if e.Line > 0 {
		e.Line += lineOffset
	} else {
		e.Line = lineOffset + 1
	}
	return e
}

// columnAt returns the column of byte offset off, or 0 when off is not
// in src (the TOML parser gives -1 for some errors).
func columnAt(src []byte, off int) int {
	if off < 0 || off > len(src) {
		return 0
	}
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return utf8.RuneCount(src[start:off]) + 1
}

func invalidUTF8Line(src []byte) int {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return bytes.Count(src[:i], []byte("\n")) + 1
		}
		i += size
	}
	return 0
}
