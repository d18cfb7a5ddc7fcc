package okr

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// tomlLines locates tables and keys in a TOML document by line and
// column, so that errors found after decoding can point at what they are
// about. BurntSushi/toml keeps key positions to itself; scanTOML reads the
// document again (once it decoded, so it is TOML and nested at most
// MaxTOMLNesting deep) for the places of its [tables], keys, inline tables and
// array items.
type tomlLines struct {
	sections []*tomlSection
	byPath   map[string][]*tomlSection // by path (pathKey), in document order
	prefix   map[string]*tomlSection   // the first section whose path starts so
	children map[childKey][]*tomlSection
}

// tomlSection is the root table or a [table] or [[array]] header and the
// keys below it.
type tomlSection struct {
	path  []string
	array bool
	line  int
	col   int       // of its opening [, for errors about the whole table
	index int       // in tomlLines.sections
	node  *tomlNode // its keys
}

type childKey struct {
	parent *tomlSection
	path   string
}

// tomlNode is a place in a document: a key (with what its value holds),
// or an item of an array.
type tomlNode struct {
	line, col int
	keys      map[string]*tomlNode // of a table: each key's place
	items     []*tomlNode          // of an array: each item's place
}

func (s *tomlSection) is(path ...string) bool {
	return equal(s.path, path)
}

func pathKey(path []string) string { return strings.Join(path, "\x00") }

// child returns the node of key in n, or nil.
func (n *tomlNode) child(key string) *tomlNode {
	if n == nil {
		return nil
	}
	return n.keys[key]
}

func (n *tomlNode) add(key string, line, col int) *tomlNode {
	if n.keys == nil {
		n.keys = map[string]*tomlNode{}
	}
	c := n.keys[key]
	if c == nil {
		c = &tomlNode{line: line, col: col}
		n.keys[key] = c
	}
	return c
}

// tomlScanner reads a document for the places of things.
type tomlScanner struct {
	src        []byte
	lineOffset int
	starts     []int // the offset of each line
}

// pos returns the line and column (in characters) of byte offset off.
func (s *tomlScanner) pos(off int) (int, int) {
	i := sort.Search(len(s.starts), func(i int) bool { return s.starts[i] > off }) - 1
	return s.lineOffset + i + 1, utf8.RuneCount(s.src[s.starts[i]:off]) + 1
}

func scanTOML(src []byte, lineOffset int) *tomlLines {
	s := &tomlScanner{src: src, lineOffset: lineOffset, starts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			s.starts = append(s.starts, i+1)
		}
	}
	t, cur := newTOMLLines(lineOffset)
	add := t.add
	for i := s.space(0, true); i < len(src); i = s.space(i, true) {
		if src[i] == '[' {
			array := i+1 < len(src) && src[i+1] == '['
			j := i + 1
			if array {
				j++
			}
			parts, _, j := s.key(j)
			line, col := s.pos(i)
			cur = &tomlSection{path: parts, array: array, line: line, col: col, node: &tomlNode{line: line, col: 1}}
			add(cur)
			i = skipLine(src, j)
			continue
		}
		i = skipLine(src, s.keyValue(i, cur.node, 0))
	}
	return t
}

// newTOMLLines returns the places of a document with only its root
// table, the section that keys come in before any [header].
func newTOMLLines(lineOffset int) (*tomlLines, *tomlSection) {
	t := &tomlLines{byPath: map[string][]*tomlSection{}, prefix: map[string]*tomlSection{}, children: map[childKey][]*tomlSection{}}
	root := &tomlSection{line: lineOffset + 1, node: &tomlNode{line: lineOffset + 1}}
	t.add(root)
	return t, root
}

// add appends sec, the next section of the document.
func (t *tomlLines) add(sec *tomlSection) {
	sec.index = len(t.sections)
	t.sections = append(t.sections, sec)
	t.byPath[pathKey(sec.path)] = append(t.byPath[pathKey(sec.path)], sec)
	for k := 1; k <= len(sec.path); k++ {
		if p := pathKey(sec.path[:k]); t.prefix[p] == nil {
			t.prefix[p] = sec
		}
	}
}

// space skips blanks, and also newlines and comments when lines is set.
func (s *tomlScanner) space(i int, lines bool) int {
	for i < len(s.src) {
		switch s.src[i] {
		case ' ', '\t':
		case '\r', '\n':
			if !lines {
				return i
			}
		case '#':
			if !lines {
				return i
			}
			i = skipLine(s.src, i)
			continue
		default:
			return i
		}
		i++
	}
	return i
}

// key reads a key, bare, quoted or dotted, at src[i:]: its parts, their
// offsets and the offset after it.
func (s *tomlScanner) key(i int) (parts []string, offs []int, next int) {
	for {
		i = s.space(i, false)
		start := i
		if i < len(s.src) && (s.src[i] == '"' || s.src[i] == '\'') {
			i = skipString(s.src, i)
			parts = append(parts, unquoteKey(string(s.src[start:i])))
		} else {
			for i < len(s.src) && !strings.ContainsRune(" \t\r\n.=[]{},#\"'", rune(s.src[i])) {
				i++
			}
			if i == start {
				return parts, offs, i
			}
			parts = append(parts, string(s.src[start:i]))
		}
		offs = append(offs, start)
		if i = s.space(i, false); i >= len(s.src) || s.src[i] != '.' {
			return parts, offs, i
		}
		i++
	}
}

// unquoteKey returns the text of a quoted key.
func unquoteKey(q string) string {
	if strings.HasPrefix(q, "'") {
		return strings.Trim(q, "'")
	}
	if u, err := strconv.Unquote(q); err == nil {
		return u
	}
	return strings.Trim(q, `"`)
}

// keyValue reads key = value at src[i:] into n, and returns the offset
// after it. depth counts the inline tables and arrays it is in.
func (s *tomlScanner) keyValue(i int, n *tomlNode, depth int) int {
	parts, offs, j := s.key(i)
	if len(parts) == 0 {
		return i + 1
	}
	for k, p := range parts {
		n = n.add(p, 0, 0)
		if n.line == 0 {
			n.line, n.col = s.pos(offs[k])
		}
	}
	j = s.space(j, false)
	if j >= len(s.src) || s.src[j] != '=' {
		return j
	}
	return s.value(s.space(j+1, false), n, depth)
}

// value reads the value at src[i:] into n, and returns the offset after it.
func (s *tomlScanner) value(i int, n *tomlNode, depth int) int {
	src := s.src
	if i >= len(src) {
		return i
	}
	if depth > 2*MaxTOMLNesting { // cannot be, after tomlNesting
		return len(src)
	}
	switch src[i] {
	case '{':
		for i = s.space(i+1, true); i < len(src) && src[i] != '}'; i = s.space(i, true) {
			if src[i] == ',' {
				i++
				continue
			}
			i = s.keyValue(i, n, depth+1)
		}
		return i + 1
	case '[':
		for i = s.space(i+1, true); i < len(src) && src[i] != ']'; i = s.space(i, true) {
			if src[i] == ',' {
				i++
				continue
			}
			item := &tomlNode{}
			item.line, item.col = s.pos(i)
			n.items = append(n.items, item)
			i = s.value(i, item, depth+1)
		}
		return i + 1
	case '"', '\'':
		return skipString(src, i)
	}
	j := skipScalar(src, i)
	if j-i == 10 && src[i+4] == '-' && src[i+7] == '-' && j+1 < len(src) && src[j] == ' ' && src[j+1] >= '0' && src[j+1] <= '9' {
		j = skipScalar(src, j+1) // a date-time written with a space: 2026-07-14 10:00:00
	}
	return j
}

// nth returns the n-th (0-based) section with the given path, or nil.
func (t *tomlLines) nth(n int, path ...string) *tomlSection {
	if s := t.byPath[pathKey(path)]; n < len(s) {
		return s[n]
	}
	return nil
}

// child returns the n-th section with path that follows parent and comes
// before the next section with parent's path.
func (t *tomlLines) child(parent *tomlSection, n int, path ...string) *tomlSection {
	if parent == nil {
		return nil
	}
	k := childKey{parent, pathKey(path)}
	list, ok := t.children[k]
	if !ok {
		for _, s := range t.sections[parent.index+1:] {
			if s.is(parent.path...) {
				break
			}
			if s.is(path...) {
				list = append(list, s)
			}
		}
		t.children[k] = list
	}
	if n < len(list) {
		return list[n]
	}
	return nil
}

// locate finds where the table at path is written when it has no header
// of its own: as an inline table or dotted keys in a table above it.
func (t *tomlLines) locate(path []string) *tomlNode {
	for k := len(path) - 1; k >= 0; k-- {
		for _, sec := range t.byPath[pathKey(path[:k])] {
			if sec.array {
				continue // which element is not known here
			}
			n := sec.node
			for _, p := range path[k:] {
				n = n.child(p)
			}
			if n != nil {
				return n
			}
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
			Msg: fmt.Sprintf("nested %d levels deep; expected at most %d levels of tables, arrays and dotted key parts", deepest, MaxTOMLNesting)}
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
