package charts

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
)

// sortedJSON returns the JSON value b, as json.Marshal writes it, with the
// patch merged in (see merge) and every object's keys sorted: the bytes
// that decoding b into a map (numbers kept as text) and marshalling it
// again give, without building the map. Strings and numbers keep their
// text, but for a string with an escape, which is written as json.Marshal
// writes its decoded text; of two equal keys the last is kept, as a
// decoder keeps it.
func sortedJSON(b []byte, patch map[string]any) ([]byte, error) {
	var s sorter
	out, err := s.value(make([]byte, 0, len(b)+len(b)/8), b, patch)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// sorter writes sorted JSON; members is the stack of the members of the
// objects being written.
type sorter struct {
	members []member
}

// member is one key and value of an object.
type member struct {
	key   []byte         // the key decoded: the order
	raw   []byte         // the key as json.Marshal writes key, quotes included
	val   []byte         // the value as b writes it
	set   []byte         // the patch's value, marshalled, in place of val
	patch map[string]any // the patch to merge into val
}

var errJSON = errors.New("charts: unexpected JSON")

// value writes the JSON value b, which is exactly one value, to dst. The
// patch merges into an object, and into every object of an array.
func (s *sorter) value(dst, b []byte, patch map[string]any) ([]byte, error) {
	if len(b) == 0 {
		return nil, errJSON
	}
	switch b[0] {
	case '{':
		return s.object(dst, b, patch)
	case '[':
		dst = append(dst, '[')
		for i := 1; i < len(b) && b[i] != ']'; {
			end, err := skip(b, i)
			if err != nil {
				return nil, err
			}
			var p map[string]any
			if b[i] == '{' {
				p = patch
			}
			if dst, err = s.value(dst, b[i:end], p); err != nil {
				return nil, err
			}
			if i = end; i < len(b) && b[i] == ',' {
				dst = append(dst, ',')
				i++
			} else if i >= len(b) || b[i] != ']' {
				return nil, errJSON
			}
		}
		return append(dst, ']'), nil
	case '"':
		return appendString(dst, b)
	}
	return append(dst, b...), nil
}

// object writes the JSON object b to dst, its keys sorted, with the patch
// merged in.
func (s *sorter) object(dst, b []byte, patch map[string]any) ([]byte, error) {
	start := len(s.members)
	defer func() { s.members = s.members[:start] }()
	for i := 1; i < len(b) && b[i] != '}'; {
		if b[i] != '"' {
			return nil, errJSON
		}
		k, err := skipString(b, i)
		if err != nil || k >= len(b) || b[k] != ':' {
			return nil, errJSON
		}
		end, err := skip(b, k+1)
		if err != nil {
			return nil, err
		}
		m := member{raw: b[i:k], key: b[i+1 : k-1], val: b[k+1 : end]}
		if bytes.IndexByte(m.raw, '\\') >= 0 {
			var key string
			if err := json.Unmarshal(m.raw, &key); err != nil {
				return nil, err
			}
			m.key = []byte(key)
			if m.raw, err = json.Marshal(key); err != nil {
				return nil, err
			}
		}
		s.members = append(s.members, m)
		if i = end; i < len(b) && b[i] == ',' {
			i++
		} else if i >= len(b) || b[i] != '}' {
			return nil, errJSON
		}
	}
	for k, v := range patch {
		j := len(s.members) - 1
		for j >= start && string(s.members[j].key) != k {
			j--
		}
		if p, ok := v.(map[string]any); ok && j >= start && len(s.members[j].val) > 0 && (s.members[j].val[0] == '{' || s.members[j].val[0] == '[') {
			s.members[j].patch = p
			continue
		}
		enc, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		if j >= start {
			s.members[j].set = enc
			continue
		}
		raw, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		s.members = append(s.members, member{key: []byte(k), raw: raw, set: enc})
	}
	ms := s.members[start:]
	if len(ms) > 1 {
		slices.SortStableFunc(ms, func(a, b member) int { return bytes.Compare(a.key, b.key) })
	}
	dst = append(dst, '{')
	first := true
	for j := start; j < len(s.members); j++ {
		m := s.members[j]
		if j+1 < len(s.members) && bytes.Equal(m.key, s.members[j+1].key) {
			continue // a later one of equal keys wins
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(append(dst, m.raw...), ':')
		var err error
		if m.set != nil {
			dst = append(dst, m.set...)
		} else if dst, err = s.value(dst, m.val, m.patch); err != nil {
			return nil, err
		}
	}
	return append(dst, '}'), nil
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
	enc, err := json.Marshal(t)
	if err != nil {
		return nil, err
	}
	return append(dst, enc...), nil
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
