package charts

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"
)

// sortedJSON returns the JSON value b, as json.Marshal writes it, with the
// patch merged in (see merge) and every object's keys sorted: the bytes
// that decoding b into a map (numbers kept as text) and marshalling it
// again give, without building the map. Strings and numbers keep their
// text, but for a string with an escape, which is written as json.Marshal
// writes its decoded text; of two equal keys the last is kept, as a
// decoder keeps it.
func sortedJSON(b []byte, patch map[string]any) ([]byte, error) {
	s := sorter{b: b, out: make([]byte, 0, len(b)+256),
		keys: make([]byte, 0, 256), members: make([]member, 0, 64)}
	i, err := s.value(0, patch)
	if err != nil {
		return nil, err
	}
	if i != len(b) {
		return nil, errJSON
	}
	return s.out, nil
}

// sorter writes the JSON b sorted to out in one pass: it writes each
// object's members as they come, then, unless they came in order, moves
// them in order through tmp.
type sorter struct {
	b, out, tmp []byte
	keys        []byte   // the keys of the members, decoded
	members     []member // the stack of the members of the objects being written
}

// member is one key and value of an object, written at out[start:end] as
// `"key":value,`; its key, decoded, is keys[key:keyEnd]. It holds no
// pointer, which makes sorting members cheap.
type member struct {
	key, keyEnd, start, end int
}

var errJSON = errors.New("charts: unexpected JSON")

// value writes the JSON value that starts at b[i] and returns the index
// after it. The patch merges into an object, and into every object of an
// array.
func (s *sorter) value(i int, patch map[string]any) (int, error) {
	b := s.b
	if i >= len(b) {
		return 0, errJSON
	}
	switch b[i] {
	case '{':
		return s.object(i, patch)
	case '[':
		s.out = append(s.out, '[')
		i++
		for i < len(b) && b[i] != ']' {
			var p map[string]any
			if b[i] == '{' {
				p = patch
			}
			var err error
			if i, err = s.value(i, p); err != nil {
				return 0, err
			}
			if i < len(b) && b[i] == ',' {
				s.out = append(s.out, ',')
				i++
			} else if i >= len(b) || b[i] != ']' {
				return 0, errJSON
			}
		}
		if i >= len(b) {
			return 0, errJSON
		}
		s.out = append(s.out, ']')
		return i + 1, nil
	case '"':
		end, err := skipString(b, i)
		if err != nil {
			return 0, err
		}
		s.out, err = appendString(s.out, b[i:end])
		return end, err
	}
	end, err := skip(b, i)
	if err != nil {
		return 0, err
	}
	s.out = append(s.out, b[i:end]...)
	return end, nil
}

// object writes the JSON object that starts at b[i], its keys sorted,
// with the patch merged in, and returns the index after it.
func (s *sorter) object(i int, patch map[string]any) (int, error) {
	b := s.b
	base, keys := len(s.members), len(s.keys)
	defer func() { s.members, s.keys = s.members[:base], s.keys[:keys] }()
	s.out = append(s.out, '{')
	i++
	for i < len(b) && b[i] != '}' {
		if b[i] != '"' {
			return 0, errJSON
		}
		k, err := skipString(b, i)
		if err != nil || k >= len(b) || b[k] != ':' {
			return 0, errJSON
		}
		raw, key := b[i:k], len(s.keys)
		if bytes.IndexByte(raw, '\\') >= 0 {
			var t string
			if err := json.Unmarshal(raw, &t); err != nil {
				return 0, err
			}
			s.keys = append(s.keys, t...)
			if raw, err = json.Marshal(t); err != nil {
				return 0, err
			}
		} else {
			s.keys = append(s.keys, raw[1:len(raw)-1]...)
		}
		start := len(s.out)
		s.out = append(append(s.out, raw...), ':')
		i = k + 1
		v, patched := patch[string(s.keys[key:])]
		p, isMap := v.(map[string]any)
		switch {
		case !patched:
			i, err = s.value(i, nil)
		case isMap && (b[i] == '{' || b[i] == '['):
			i, err = s.value(i, p)
		default:
			// The patch replaces the value.
			if i, err = skip(b, i); err == nil {
				s.out, err = appendJSON(s.out, v)
			}
		}
		if err != nil {
			return 0, err
		}
		s.out = append(s.out, ',')
		s.members = append(s.members, member{key: key, keyEnd: len(s.keys), start: start, end: len(s.out)})
		if i < len(b) && b[i] == ',' {
			i++
		} else if i >= len(b) || b[i] != '}' {
			return 0, errJSON
		}
	}
	if i >= len(b) {
		return 0, errJSON
	}
	for k, v := range patch {
		if s.has(base, k) {
			continue
		}
		start := len(s.out)
		var err error
		if s.out, err = appendJSON(s.out, k); err != nil {
			return 0, err
		}
		s.out = append(s.out, ':')
		if s.out, err = appendJSON(s.out, v); err != nil {
			return 0, err
		}
		s.out = append(s.out, ',')
		key := len(s.keys)
		s.keys = append(s.keys, k...)
		s.members = append(s.members, member{key: key, keyEnd: len(s.keys), start: start, end: len(s.out)})
	}
	s.order(base)
	return i + 1, nil
}

// has reports whether the object whose members start at base has the key.
func (s *sorter) has(base int, key string) bool {
	for _, m := range s.members[base:] {
		if string(s.key(m)) == key {
			return true
		}
	}
	return false
}

// key returns a member's key.
func (s *sorter) key(m member) []byte { return s.keys[m.key:m.keyEnd] }

// order puts the members of the object whose members start at base in
// order, keeping the last of equal keys, and closes it.
func (s *sorter) order(base int) {
	ms := s.members[base:]
	sorted := true
	for j := 1; j < len(ms) && sorted; j++ {
		sorted = bytes.Compare(s.key(ms[j-1]), s.key(ms[j])) < 0
	}
	if !sorted {
		from := ms[0].start
		s.tmp = append(s.tmp[:0], s.out[from:]...)
		s.out = s.out[:from]
		slices.SortStableFunc(ms, func(a, b member) int { return bytes.Compare(s.key(a), s.key(b)) })
		for j, m := range ms {
			if j+1 < len(ms) && bytes.Equal(s.key(m), s.key(ms[j+1])) {
				continue // a later one of equal keys wins
			}
			s.out = append(s.out, s.tmp[m.start-from:m.end-from]...)
		}
	}
	if len(ms) > 0 {
		s.out = s.out[:len(s.out)-1] // the last comma
	}
	s.out = append(s.out, '}')
}

// appendJSON writes v as json.Marshal writes it: a layout's plain
// strings, whole numbers, lists and objects without json.Marshal.
func appendJSON(dst []byte, v any) ([]byte, error) {
	var err error
	switch v := v.(type) {
	case string:
		if plain(v) {
			return append(append(append(dst, '"'), v...), '"'), nil
		}
	case int:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case []any:
		if v == nil {
			break
		}
		dst = append(dst, '[')
		for i, e := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			if dst, err = appendJSON(dst, e); err != nil {
				return nil, err
			}
		}
		return append(dst, ']'), nil
	case map[string]any:
		if v == nil {
			break
		}
		dst = append(dst, '{')
		for i, k := range slices.Sorted(maps.Keys(v)) {
			if i > 0 {
				dst = append(dst, ',')
			}
			if dst, err = appendJSON(dst, k); err != nil {
				return nil, err
			}
			if dst, err = appendJSON(append(dst, ':'), v[k]); err != nil {
				return nil, err
			}
		}
		return append(dst, '}'), nil
	}
	enc, err := json.Marshal(v)
	return append(dst, enc...), err
}

// plain reports whether json.Marshal writes s as it is, in quotes:
// printable ASCII but for what it escapes.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// appendString writes the JSON string b to dst as json.Marshal writes its
// decoded text: as it is unless it has an escape.
func appendString(dst, b []byte) ([]byte, error) {
	if bytes.IndexByte(b, '\\') < 0 {
		return append(dst, b...), nil
	}
	var t string
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, err
	}
	return appendJSON(dst, t)
}

// skip returns the end of the JSON value that starts at b[i]; the value
// is compact, as json.Marshal writes it.
func skip(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errJSON
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				end, err := skipString(b, i)
				if err != nil {
					return 0, err
				}
				i = end
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, nil
				}
			}
			i++
		}
		return 0, errJSON
	}
	for j := i; j < len(b); j++ {
		switch b[j] {
		case ',', '}', ']':
			if j == i {
				return 0, errJSON
			}
			return j, nil
		}
	}
	return len(b), nil
}

// skipString returns the end of the JSON string that starts at b[i].
func skipString(b []byte, i int) (int, error) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, errJSON
}
