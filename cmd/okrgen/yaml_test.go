package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// yamlNode is a node of the block-style YAML that action.yml and the
// workflows are written in: mappings, sequences, plain and quoted scalars,
// and literal blocks (|). Flow collections ([a, b]) stay scalars.
type yamlNode struct {
	line   int // 1-based line of the node in its file
	scalar string
	keys   []string // a mapping's keys, in order
	fields map[string]*yamlNode
	items  []*yamlNode
}

// get returns the node at a path of mapping keys, or nil.
func (n *yamlNode) get(path ...string) *yamlNode {
	for _, k := range path {
		if n == nil || n.fields == nil {
			return nil
		}
		n = n.fields[k]
	}
	return n
}

// mapKeys returns the keys of a mapping, in order; none if n is nil.
func (n *yamlNode) mapKeys() []string {
	if n == nil {
		return nil
	}
	return n.keys
}

// list returns the items of a sequence; none if n is nil.
func (n *yamlNode) list() []*yamlNode {
	if n == nil {
		return nil
	}
	return n.items
}

// str returns the scalar at a path of mapping keys, "" if none.
func (n *yamlNode) str(path ...string) string {
	if n = n.get(path...); n == nil {
		return ""
	}
	return n.scalar
}

// yamlLine is one line of a YAML file, its indentation measured.
type yamlLine struct {
	num    int
	indent int
	text   string // without the indentation
}

// yamlParser reads the block-style subset of YAML that yamlNode holds.
type yamlParser struct {
	name  string
	lines []yamlLine
	i     int
}

// readYAML parses a file of the subset of YAML that yamlNode holds.
func readYAML(t *testing.T, name string) *yamlNode {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	n, err := parseYAML(name, string(b))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// parseYAML parses the subset of YAML that yamlNode holds.
func parseYAML(name, src string) (*yamlNode, error) {
	p := &yamlParser{name: name}
	for i, l := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		text := strings.TrimLeft(l, " ")
		if strings.HasPrefix(text, "\t") {
			return nil, fmt.Errorf("%s:%d: a tab indents the line; YAML indents with spaces", name, i+1)
		}
		p.lines = append(p.lines, yamlLine{num: i + 1, indent: len(l) - len(text), text: text})
	}
	p.skipBlank()
	if p.i == len(p.lines) {
		return &yamlNode{}, nil
	}
	n, err := p.block(p.lines[p.i].indent)
	if err == nil && p.skipBlank() < len(p.lines) {
		l := p.lines[p.i]
		err = fmt.Errorf("%s:%d: unexpected indentation", name, l.num)
	}
	return n, err
}

// skipBlank moves past blank lines and comments, returning the index of
// the next line of content.
func (p *yamlParser) skipBlank() int {
	for p.i < len(p.lines) && (p.lines[p.i].text == "" || strings.HasPrefix(p.lines[p.i].text, "#")) {
		p.i++
	}
	return p.i
}

// block parses the mapping or sequence whose lines start at indent.
func (p *yamlParser) block(indent int) (*yamlNode, error) {
	first := p.lines[p.i]
	n := &yamlNode{line: first.num}
	seq := isItem(first.text)
	if !seq {
		n.fields = map[string]*yamlNode{}
	}
	for p.skipBlank() < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent || (l.indent == indent && isItem(l.text) != seq) {
			break
		}
		if l.indent > indent {
			return nil, fmt.Errorf("%s:%d: unexpected indentation", p.name, l.num)
		}
		if seq {
			// "- key: value" opens a mapping two columns in: read the
			// line again as that mapping's first line.
			rest := strings.TrimLeft(strings.TrimPrefix(l.text, "-"), " ")
			if rest == "" {
				p.i++
				if p.skipBlank() == len(p.lines) || p.lines[p.i].indent <= indent {
					n.items = append(n.items, &yamlNode{line: l.num})
					continue
				}
				item, err := p.block(p.lines[p.i].indent)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, item)
				continue
			}
			if _, _, ok := splitKey(rest); !ok {
				v, err := scalar(rest)
				if err != nil {
					return nil, fmt.Errorf("%s:%d: %v", p.name, l.num, err)
				}
				n.items = append(n.items, &yamlNode{line: l.num, scalar: v})
				p.i++
				continue
			}
			at := l.indent + len(l.text) - len(rest)
			p.lines[p.i] = yamlLine{num: l.num, indent: at, text: rest}
			item, err := p.block(at)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, item)
			continue
		}
		key, rest, ok := splitKey(l.text)
		if !ok {
			return nil, fmt.Errorf("%s:%d: expected key: value", p.name, l.num)
		}
		if _, dup := n.fields[key]; dup {
			return nil, fmt.Errorf("%s:%d: key %q twice", p.name, l.num, key)
		}
		p.i++
		var v *yamlNode
		switch {
		case rest == "|" || rest == "|-":
			v = &yamlNode{line: l.num, scalar: p.literal(indent, rest == "|")}
		case rest != "":
			s, err := scalar(rest)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", p.name, l.num, err)
			}
			v = &yamlNode{line: l.num, scalar: s}
		case p.skipBlank() < len(p.lines) && (p.lines[p.i].indent > indent || p.lines[p.i].indent == indent && isItem(p.lines[p.i].text)):
			var err error
			if v, err = p.block(p.lines[p.i].indent); err != nil {
				return nil, err
			}
		default:
			v = &yamlNode{line: l.num}
		}
		n.keys = append(n.keys, key)
		n.fields[key] = v
	}
	return n, nil
}

// literal reads the lines of a literal block below a key at indent.
func (p *yamlParser) literal(indent int, keepNewline bool) string {
	var lines []string
	at := -1
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.text != "" && l.indent <= indent {
			break
		}
		if at < 0 && l.text != "" {
			at = l.indent
		}
		if l.text == "" {
			lines = append(lines, "")
		} else {
			lines = append(lines, strings.Repeat(" ", l.indent-at)+l.text)
		}
		p.i++
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	s := strings.Join(lines, "\n")
	if keepNewline && s != "" {
		s += "\n"
	}
	return s
}

// isItem reports whether a line is an item of a sequence.
func isItem(text string) bool {
	return text == "-" || strings.HasPrefix(text, "- ")
}

// splitKey splits "key: value" or "key:" at its colon.
func splitKey(text string) (key, rest string, ok bool) {
	if strings.HasPrefix(text, `"`) || strings.HasPrefix(text, "'") {
		return "", "", false
	}
	if k, ok := strings.CutSuffix(text, ":"); ok && !strings.Contains(k, ": ") {
		return k, "", true
	}
	k, r, ok := strings.Cut(text, ": ")
	return k, strings.TrimSpace(r), ok
}

// scalar reads a plain or quoted scalar, a comment after it dropped.
func scalar(s string) (string, error) {
	switch {
	case strings.HasPrefix(s, "'"):
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			if s[i] != '\'' {
				b.WriteByte(s[i])
			} else if i+1 < len(s) && s[i+1] == '\'' {
				b.WriteByte('\'')
				i++
			} else {
				return b.String(), trailing(s[i+1:])
			}
		}
		return "", fmt.Errorf("unterminated quoted string %s", s)
	case strings.HasPrefix(s, `"`):
		for i := 1; i < len(s); i++ {
			if s[i] == '\\' {
				i++
			} else if s[i] == '"' {
				v, err := strconv.Unquote(s[:i+1])
				if err != nil {
					return "", fmt.Errorf("quoted string %s: %v", s[:i+1], err)
				}
				return v, trailing(s[i+1:])
			}
		}
		return "", fmt.Errorf("unterminated quoted string %s", s)
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s), nil
}

// trailing checks what follows a quoted scalar: nothing, or a comment.
func trailing(s string) error {
	if s = strings.TrimSpace(s); s != "" && !strings.HasPrefix(s, "#") {
		return fmt.Errorf("unexpected %q after a quoted string", s)
	}
	return nil
}

// TestParseYAML: the subset of YAML the action tests read.
func TestParseYAML(t *testing.T) {
	n, err := parseYAML("t.yml", `# a comment
name: "quoted # not a comment" # a comment
on:
  push:
    branches: [main]
steps:
  - uses: a/b@v1
    with:
      path: |
        one
          two

        three
  - run: echo 'hi'
    shell: bash
list:
- 'it''s'
- plain # comment
empty:
`)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"name":              "quoted # not a comment",
		"on.push.branches":  "[main]",
		"steps.0.uses":      "a/b@v1",
		"steps.0.with.path": "one\n  two\n\nthree\n",
		"steps.1.run":       "echo 'hi'",
		"steps.1.shell":     "bash",
		"list.0":            "it's",
		"list.1":            "plain",
		"empty":             "",
	} {
		node := n
		for _, k := range strings.Split(path, ".") {
			if i, err := strconv.Atoi(k); err == nil && node != nil && i < len(node.items) {
				node = node.items[i]
			} else {
				node = node.get(k)
			}
		}
		if node == nil || node.scalar != want {
			t.Errorf("%s: got %+v, want %q", path, node, want)
		}
	}
	for _, bad := range []string{"a: 1\n  b: 2\n", "a: 'x\n", "a: 1\na: 2\n", "a:\n\t- b\n", `a: "x" y` + "\n"} {
		if _, err := parseYAML("bad.yml", bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
