package okr

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// ParseConfig parses the text of an okr.toml alone (file names it in
// errors) and returns the quarters it defines, sorted by start, or every
// error of its definitions: what okrgen new quarter checks of the text it
// is about to write. The files okr.toml names (data files, pdf_font) and
// the check-ins are left to Load.
func ParseConfig(file string, src []byte) ([]*Quarter, error) {
	var list ErrorList
	if len(src) > MaxConfigSize {
		return nil, ErrorList{{File: file, Msg: fmt.Sprintf("%s; expected at most %s", size(int64(len(src))), size(MaxConfigSize))}}
	}
	if line, msg := textProblem(src); msg != "" {
		return nil, ErrorList{{File: file, Line: line, Msg: msg + "; expected TOML text"}}
	}
	_, qs, _ := parseConfigTable(file, src, &list)
	if err := list.Err(); err != nil {
		return nil, err
	}
	return qs, nil
}

// QuartersInline reports whether the text of an okr.toml, one that
// parses, defines its root table's quarters as an inline table (quarters
// = {...}), to which TOML lets no [quarters."ID"] table be added. Text in
// strings and comments that looks so does not count.
func QuartersInline(src []byte) bool {
	n := scanTOML(src, 0).sections[0].node.child("quarters")
	if n == nil {
		return false
	}
	lines := bytes.SplitAfter(src, []byte("\n"))
	if n.line < 1 || n.line > len(lines) {
		return false
	}
	line := lines[n.line-1]
	i := 0
	for range n.col - 1 { // col counts characters
		_, size := utf8.DecodeRune(line[i:])
		i += size
	}
	// Past the key (quarters, "quarters" or 'quarters'), then = and {.
	rest := line[i:]
	if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'') {
		rest = rest[1:]
		if j := bytes.IndexByte(rest, line[i]); j >= 0 {
			rest = rest[j+1:]
		}
	} else {
		rest = bytes.TrimLeft(rest, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
	}
	rest = bytes.TrimLeft(rest, " \t")
	if len(rest) == 0 || rest[0] != '=' {
		return false // a dotted key: quarters."2026-Q3".start = ...
	}
	return bytes.HasPrefix(bytes.TrimLeft(rest[1:], " \t"), []byte("{"))
}
