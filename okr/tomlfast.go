package okr

import (
	"bytes"
	"strconv"
	"time"
)

// Nearly every check-in's front matter has one simple shape: date =
// 2026-07-14, author = "...", title = "...", then [[updates]] tables of kr
// = "O1.KR1", value = 152, confidence = 4, note = "...". Decoding it with
// BurntSushi/toml and then scanning it again for the places of its keys
// was most of the CPU of loading a large site. fastTOML reads that shape
// in one pass and gives up, for the full path to decode the document as
// before, on anything it does not fully understand: its results, and so
// every value and error, are the same either way (TestFastTOML).

// dateLocal is the location BurntSushi/toml gives local dates
// (2026-07-14): its name marks them (table.date), its offset is the
// machine's, as there.
var dateLocal = func() *time.Location {
	_, off := time.Now().Zone()
	return time.FixedZone("date-local", off)
}()

// fastTOML decodes src, a TOML document whose first line is line
// lineOffset+1, into what BurntSushi/toml and scanTOML give, when it is
// made only of blank lines, comments, [table] and [[array]] headers of one
// bare key, and bare keys set to basic or literal one-line strings
// (escapes \" \\ \b \t \n \f \r only), booleans, decimal integers, decimal
// floats with a fraction and no exponent, and local dates. ok is false for
// anything else, valid or not.
func fastTOML(src []byte, lineOffset int) (m map[string]any, lines *tomlLines, ok bool) {
	root := make(map[string]any, 4)
	lines, sec := newTOMLLines(lineOffset)
	// The places of keys and headers, allocated at once: a line holds
	// at most one.
	nodes := make([]tomlNode, 0, bytes.Count(src, []byte("\n"))+1)
	node := func(line, col int) *tomlNode {
		nodes = append(nodes, tomlNode{line: line, col: col})
		return &nodes[len(nodes)-1]
	}
	cur := root
	var arrays map[string]bool // the keys of root made by [[key]]
	for start, n := 0, 0; start < len(src); n++ {
		i := blanks(src, start)
		line := lineOffset + n + 1
		switch {
		case i == len(src) || src[i] == '\n' || src[i] == '#' || src[i] == '\r':
			// A blank line or a comment.
		case src[i] == '[':
			array := i+1 < len(src) && src[i+1] == '['
			j := i + 1
			if array {
				j++
			}
			k := bareKey(src, j)
			if k == j {
				return nil, nil, false
			}
			name := keyString(src[j:k])
			if array {
				if k+1 >= len(src) || src[k] != ']' || src[k+1] != ']' {
					return nil, nil, false
				}
				k += 2
			} else {
				if k >= len(src) || src[k] != ']' {
					return nil, nil, false
				}
				k++
			}
			prev, seen := root[name]
			cur = make(map[string]any, 4)
			switch {
			case !array && !seen:
				root[name] = cur
			case array && !seen:
				root[name] = []map[string]any{cur}
				if arrays == nil {
					arrays = map[string]bool{}
				}
				arrays[name] = true
			case array && arrays[name]:
				root[name] = append(prev.([]map[string]any), cur)
			default:
				return nil, nil, false // defined twice: TOML's error
			}
			sec = &tomlSection{path: []string{name}, array: array, line: line, col: i + 1 - start, node: node(line, 1)}
			lines.add(sec)
			i = blanks(src, k)
		default:
			k := bareKey(src, i)
			if k == i {
				return nil, nil, false
			}
			key := keyString(src[i:k])
			if _, dup := cur[key]; dup {
				return nil, nil, false
			}
			j := blanks(src, k)
			if j >= len(src) || src[j] != '=' {
				return nil, nil, false
			}
			v, j, ok := fastValue(src, blanks(src, j+1))
			if !ok {
				return nil, nil, false
			}
			cur[key] = v
			if sec.node.keys == nil {
				sec.node.keys = make(map[string]*tomlNode, 4)
			}
			sec.node.keys[key] = node(line, i+1-start)
			i = blanks(src, j)
		}
		// The rest of the line: a comment, then its end.
		if i < len(src) && src[i] == '#' {
			for i++; i < len(src) && src[i] != '\n' && src[i] != '\r'; i++ {
				if c := src[i]; c < 0x20 && c != '\t' || c == 0x7f {
					return nil, nil, false
				}
			}
		}
		if i < len(src) && src[i] == '\r' {
			i++
			if i == len(src) || src[i] != '\n' {
				return nil, nil, false
			}
		}
		if i < len(src) && src[i] != '\n' {
			return nil, nil, false
		}
		start = i + 1
	}
	return root, lines, true
}

// keyString returns key as a string, without allocating for the keys of
// check-ins.
func keyString(key []byte) string {
	switch string(key) {
	case "date":
		return "date"
	case "author":
		return "author"
	case "title":
		return "title"
	case "updates":
		return "updates"
	case "kr":
		return "kr"
	case "value":
		return "value"
	case "done":
		return "done"
	case "confidence":
		return "confidence"
	case "note":
		return "note"
	case "blocker":
		return "blocker"
	}
	return string(key)
}

// blanks skips spaces and tabs.
func blanks(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return i
}

// bareKey returns the offset after the bare key at src[i:], or i. It takes
// only keys that start with a letter or an underscore, so that none can be
// mistaken for a number or a date.
func bareKey(src []byte, i int) int {
	j := i
	for j < len(src) {
		c := src[j]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || j > i && (c >= '0' && c <= '9' || c == '-') {
			j++
			continue
		}
		break
	}
	return j
}

// fastValue reads the value at src[i:] (see fastTOML) and returns it with
// the offset after it; ok is false for any other value.
func fastValue(src []byte, i int) (v any, next int, ok bool) {
	if i >= len(src) {
		return nil, i, false
	}
	switch c := src[i]; {
	case c == '"':
		return basicString(src, i)
	case c == '\'':
		j := i + 1
		for ; j < len(src) && src[j] != '\''; j++ {
			if c := src[j]; c < 0x20 && c != '\t' || c == 0x7f {
				return nil, i, false
			}
		}
		if j == len(src) || j == i+1 {
			return nil, i, false // not closed, or '' that may open '''
		}
		return string(src[i+1 : j]), j + 1, true
	case c == 't' || c == 'f':
		j := bareKey(src, i)
		switch string(src[i:j]) {
		case "true":
			return true, j, true
		case "false":
			return false, j, true
		}
		return nil, i, false
	case c >= '0' && c <= '9' || c == '-' || c == '+':
		return fastNumber(src, i)
	}
	return nil, i, false
}

// basicString reads the one-line basic string at src[i:].
func basicString(src []byte, i int) (v any, next int, ok bool) {
	j := i + 1
	plain := true
	for ; j < len(src) && src[j] != '"'; j++ {
		switch c := src[j]; {
		case c == '\\':
			plain = false
			j++
			if j == len(src) {
				return nil, i, false
			}
			switch src[j] {
			case '"', '\\', 'b', 't', 'n', 'f', 'r':
			default:
				return nil, i, false
			}
		case c < 0x20 && c != '\t' || c == 0x7f:
			return nil, i, false
		}
	}
	if j == len(src) || j == i+1 {
		return nil, i, false // not closed, or "" that may open """
	}
	if plain {
		return string(src[i+1 : j]), j + 1, true
	}
	out := make([]byte, 0, j-i-1)
	for k := i + 1; k < j; k++ {
		c := src[k]
		if c == '\\' {
			k++
			c = unescape(src[k])
		}
		out = append(out, c)
	}
	return string(out), j + 1, true
}

// unescape returns the byte that \\c stands for in a basic string, for
// the escapes basicString takes.
func unescape(c byte) byte {
	switch c {
	case 'b':
		return '\b'
	case 't':
		return '\t'
	case 'n':
		return '\n'
	case 'f':
		return '\f'
	case 'r':
		return '\r'
	}
	return c // " or \\
}

// fastNumber reads the decimal integer, decimal float or local date at
// src[i:].
func fastNumber(src []byte, i int) (v any, next int, ok bool) {
	j := i
	for j < len(src) {
		c := src[j]
		if c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' {
			j++
			continue
		}
		break
	}
	if j < len(src) {
		// What the token runs on into (an exponent, a time, an
		// underscore, letters) is not for this path.
		switch src[j] {
		case ' ', '\t', '\r', '\n', '#':
		default:
			return nil, i, false
		}
	}
	tok := src[i:j]
	if len(tok) == 10 && tok[4] == '-' && tok[7] == '-' && digits(tok[:4]) && digits(tok[5:7]) && digits(tok[8:]) {
		if k := blanks(src, j); k > j && k < len(src) && src[k] >= '0' && src[k] <= '9' {
			return nil, i, false // a date-time written with a space
		}
		d, err := time.ParseInLocation("2006-01-02", string(tok), dateLocal)
		if err != nil {
			return nil, i, false
		}
		return d, j, true
	}
	s := tok
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	whole, frac, isFloat := cutByte(s, '.')
	if len(whole) == 0 || !digits(whole) || len(whole) > 1 && whole[0] == '0' {
		return nil, i, false
	}
	if !isFloat {
		if len(whole) > 18 {
			return nil, i, false // perhaps out of range: TOML's error
		}
		n, err := strconv.ParseInt(string(tok), 10, 64)
		if err != nil {
			return nil, i, false
		}
		return n, j, true
	}
	if len(frac) == 0 || !digits(frac) {
		return nil, i, false
	}
	f, err := strconv.ParseFloat(string(tok), 64)
	if err != nil {
		return nil, i, false
	}
	return f, j, true
}

// digits reports whether b is all ASCII digits (and not empty).
func digits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// cutByte cuts b around the first c.
func cutByte(b []byte, c byte) (before, after []byte, found bool) {
	for i, x := range b {
		if x == c {
			return b[:i], b[i+1:], true
		}
	}
	return b, nil, false
}
