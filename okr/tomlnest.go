package okr

// MaxTOMLNesting bounds how deeply okr.toml and front matter may nest tables,
// arrays and the parts of dotted keys. The deepest okr.toml needs about 6
// levels; the TOML decoder's work grows with the square of the depth
// (10,000 levels in 40 KB take it 10 s and 4 GB), so documents are measured
// before they are decoded.
const MaxTOMLNesting = 32

// tomlNesting measures how deeply src nests, in one pass and without
// decoding it: every table header, dotted key part, inline table and array
// is a level. It returns the byte offset of the first place deeper than
// MaxTOMLNesting, or -1, and the deepest level. It follows TOML's strings and
// comments, so brackets and dots inside them do not count; on input that
// is not TOML it still ends, for the decoder to report the error.
func tomlNesting(src []byte) (at, deepest int) {
	at = -1
	note := func(level, i int) {
		deepest = max(deepest, level)
		if level > MaxTOMLNesting && at < 0 {
			at = i
		}
	}
	// The open inline tables (level stored as -level-1) and arrays.
	var stack []int32
	pop := func() {
		if len(stack) > 0 {
			stack = stack[:len(stack)-1]
		}
	}
	const (
		lineStart = iota // at the top level, before a key or [header]
		key              // in an inline table, before a key
		value            // before a value at level vl
		after            // after a value
	)
	mode, base, vl := lineStart, 0, 0
	for i := 0; i < len(src); {
		c := src[i]
		if c == '#' {
			i = skipLine(src, i)
			continue
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			if c == '\n' && len(stack) == 0 {
				mode = lineStart
			}
			i++
			continue
		}
		switch mode {
		case lineStart:
			if c == '[' {
				j := i + 1
				if j < len(src) && src[j] == '[' {
					j++
				}
				base, j = keyParts(src, j)
				note(base, i)
				i = skipLine(src, j)
				continue
			}
			parts, j := keyParts(src, i)
			note(base+parts, i)
			if j < len(src) && src[j] == '=' {
				mode, vl, i = value, base+parts, j+1
			} else {
				i = skipLine(src, j)
			}
		case key:
			switch c {
			case '}':
				pop()
				mode, i = after, i+1
			case ',':
				i++
			default:
				level := 0
				if len(stack) > 0 {
					level = int(-stack[len(stack)-1] - 1)
				}
				parts, j := keyParts(src, i)
				note(level+parts, i)
				if j < len(src) && src[j] == '=' {
					mode, vl, i = value, level+parts, j+1
				} else {
					mode, i = after, max(j, i+1)
				}
			}
		case value:
			switch c {
			case '{':
				note(vl, i)
				stack = append(stack, int32(-vl-1))
				mode, i = key, i+1
			case '[':
				note(vl, i)
				stack = append(stack, int32(vl))
				vl, i = vl+1, i+1
			case ']', '}':
				pop()
				mode, i = after, i+1
			case ',':
				i++
			case '"', '\'':
				note(vl, i)
				mode, i = after, skipString(src, i)
			default:
				note(vl, i)
				mode, i = after, skipScalar(src, i)
			}
		case after:
			switch {
			case c == ']' || c == '}':
				pop()
				i++
			case c == ',' && len(stack) > 0 && stack[len(stack)-1] < 0:
				mode, i = key, i+1
			case c == ',' && len(stack) > 0:
				mode, vl, i = value, int(stack[len(stack)-1])+1, i+1
			case len(stack) == 0:
				i = skipLine(src, i) // not TOML: the decoder says so
			default:
				mode = value // not TOML either, but count what follows
			}
		}
	}
	return at, deepest
}

// keyParts reads a key, bare, quoted or dotted, from src[i:], and returns
// its number of parts and the offset of the character after it.
func keyParts(src []byte, i int) (parts, next int) {
	parts = 1
	for i < len(src) {
		switch src[i] {
		case '"', '\'':
			i = skipString(src, i)
		case '.':
			parts++
			i++
		case '=', ']', '[', '{', '}', ',', '#', '\n':
			return parts, i
		default:
			i++
		}
	}
	return parts, i
}

// skipString returns the offset after the string that opens at src[i]:
// basic or literal, on one line or multi-line.
func skipString(src []byte, i int) int {
	q := src[i]
	triple := i+2 < len(src) && src[i+1] == q && src[i+2] == q
	j := i + 1
	if triple {
		j = i + 3
	}
	for j < len(src) {
		c := src[j]
		switch {
		case c == '\\' && q == '"':
			j += 2
		case c == '\n' && !triple:
			return j // not closed: TOML's error
		case c == q && !triple:
			return j + 1
		case c == q && j+2 < len(src) && src[j+1] == q && src[j+2] == q:
			j += 3
			for k := 0; k < 2 && j < len(src) && src[j] == q; k++ {
				j++ // up to two quotes end the string's text
			}
			return j
		default:
			j++
		}
	}
	return len(src)
}

// skipScalar returns the offset after a number, date, boolean or other
// bare value starting at src[i] (at least one character).
func skipScalar(src []byte, i int) int {
	for i++; i < len(src); i++ {
		switch src[i] {
		case ' ', '\t', '\r', '\n', ',', '[', ']', '{', '}', '#', '"', '\'':
			return i
		}
	}
	return i
}

// skipLine returns the offset of the end of the line src[i] is on.
func skipLine(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' {
		i++
	}
	return i
}
