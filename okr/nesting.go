package okr

import (
	"bytes"
	"sort"
)

// Markdown that would keep goldmark busy for minutes is refused at load,
// so that okrgen check reports it as build would. goldmark's time grows
// with the square of how deep blockquotes and lists nest; of a line's
// length when it is full of link destinations that never close
// ("[a](b[a](b…"); of a paragraph's lines when they hold many "]" that
// close no link ("[a]\n[a]\n…"); and of the emphasis marks of a paragraph
// that match nothing ("_a*_a*…"). All are bounded far above anything a
// person writes (code blocks aside: they are not parsed inline); a 1 MB
// file within the bounds parses in well under a second.

// MaxMarkdownNesting is how deep blockquotes and lists may nest in Markdown.
const MaxMarkdownNesting = 100

// maxLinkScan bounds the bytes goldmark's link parser may read looking for
// the ends of link destinations, over a whole document: tens of
// milliseconds of scanning.
const maxLinkScan = 16 << 20

// maxBracketScan bounds the lines goldmark's link parser steps over: for
// every "]" that does not close a link it reads back from the end of the
// paragraph to the "]"'s line. A hundred million steps take about 0.1 s.
const maxBracketScan = 100_000_000

// checkMarkdown reports, through e, Markdown in src that nests deeper than
// MaxMarkdownNesting or would take too long to parse. line is the file
// line of src's first line. It reports at most one error of each kind.
func checkMarkdown(e errs, src []byte, line int) {
	checkMarkdownAt(e, src, func(n int) int { return line + n })
}

// checkDescription checks the Markdown of an objective's description, as
// checkMarkdown does; its errors are at the key's line, since a TOML
// string's lines need not be the file's.
func checkDescription(t *table, description string) {
	line, _ := t.pos("description")
	checkMarkdownAt(t.e, []byte(description), func(int) int { return line })
}

// checkMarkdownAt is checkMarkdown with the file line of src's line n
// (from 0) given by line.
func checkMarkdownAt(e errs, src []byte, line func(n int) int) {
	deep, scan := false, 0
	var para paragraph
	var fence fence
	brackets, delims := 0, 0
	endParagraph := func(n int) {
		if brackets <= maxBracketScan {
			brackets += para.bracketSteps()
			if brackets > maxBracketScan {
				e.at(line(para.first), 0, "the paragraph of %d line%s from line %d holds %d \"]\" that would take minutes to parse; expected blank lines between its parts", para.lines, plural(para.lines), line(para.first), para.brackets)
			}
		}
		if delims <= maxDelimiterSteps {
			delims += para.delimiterSteps()
			if delims > maxDelimiterSteps {
				e.at(line(para.first), 0, "the paragraph of %d line%s from line %d holds %d runs of emphasis marks (*, _, ~) that would take minutes to parse; expected blank lines between its parts", para.lines, plural(para.lines), line(para.first), para.delims)
			}
		}
		para = paragraph{first: n}
	}
	n := 0
	for ; len(src) > 0; n++ {
		l := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		if d := nesting(l); d > MaxMarkdownNesting && !deep {
			deep = true
			e.at(line(n), 0, "blockquotes and lists nested %d deep at line %d; expected at most %d", d, line(n), MaxMarkdownNesting)
		}
		if fence.in(l) {
			// Code: not parsed inline.
			endParagraph(n + 1)
			continue
		}
		if scan <= maxLinkScan {
			scan += linkScan(l)
			if scan > maxLinkScan {
				e.at(line(n), 0, "links that never close (\"](\" without its \")\") on line %d and before would take minutes to parse; expected a \")\" or a space after each link's destination", line(n))
			}
		}
		switch blockStart(l) {
		case blank:
			endParagraph(n + 1)
			continue
		case newBlock:
			endParagraph(n)
		}
		para.add(bytes.Count(l, []byte("]")), delimiterRuns(l))
	}
	endParagraph(n)
}

// maxDelimiterSteps bounds the steps of goldmark's emphasis matching, in
// which every mark that closes looks back at every one before it in its
// paragraph ("_a*_a*…" takes minutes): a few tenths of a second.
const maxDelimiterSteps = 200_000_000

// paragraph counts the "]" and the runs of emphasis marks of a
// paragraph's lines.
type paragraph struct {
	first    int // index of its first line
	lines    int
	brackets int // all of them
	weighted int // each "]" times the index of its line
	delims   int
}

func (p *paragraph) add(brackets, delims int) {
	p.brackets += brackets
	p.weighted += brackets * p.lines
	p.delims += delims
	p.lines++
}

// bracketSteps returns how many lines goldmark reads for the paragraph's
// "]": for each, the lines from the paragraph's last to its own.
func (p *paragraph) bracketSteps() int { return p.lines*p.brackets - p.weighted }

// delimiterSteps returns how many marks goldmark's emphasis matching may
// look at: each closing one at each opening one before it.
func (p *paragraph) delimiterSteps() int { return p.delims / 2 * (p.delims - p.delims/2) }

// delimiterRuns counts the runs of "*", "_" and "~" in line that may open
// or close emphasis: not those between blanks ("a * b") nor "_" inside a
// word ("snake_case").
func delimiterRuns(line []byte) int {
	n := 0
	for i := 0; i < len(line); {
		c := line[i]
		if c != '*' && c != '_' && c != '~' {
			i++
			continue
		}
		j := i
		for j < len(line) && line[j] == c {
			j++
		}
		before, after := byte(' '), byte(' ')
		if i > 0 {
			before = line[i-1]
		}
		if j < len(line) {
			after = line[j]
		}
		switch {
		case isBlank(before) && isBlank(after):
		case c == '_' && isAlnum(before) && isAlnum(after):
		default:
			n++
		}
		i = j
	}
	return n
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// fence follows fenced code blocks ("```" to "```") from line to line.
type fence struct {
	mark   byte // '`' or '~' inside one, else 0
	length int  // of the opening run
	quotes int  // blockquote marks before the opening run
	indent int  // columns before it, blockquote marks included
}

// in reports whether line is part of a fenced code block: its opening or
// closing line, or code. A line with fewer blockquote marks or less
// indentation than the opening one ends the block, as it would end the
// blockquote or list item the block is in.
func (f *fence) in(line []byte) bool {
	quotes, indent, i := 0, 0, 0
	for ; i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '>'); i++ {
		if line[i] == '>' {
			quotes++
		}
		indent++
	}
	rest := line[i:]
	run := 0
	for run < len(rest) && (rest[run] == '`' || rest[run] == '~') && rest[run] == rest[0] {
		run++
	}
	if f.mark != 0 {
		if len(bytes.TrimSpace(rest)) > 0 && (quotes < f.quotes || indent < f.indent) {
			f.mark = 0 // the container ended, and the block with it
		} else {
			if run >= f.length && rest[0] == f.mark && len(bytes.TrimSpace(rest[run:])) == 0 {
				f.mark = 0
			}
			return true
		}
	}
	if run >= 3 && !(rest[0] == '`' && bytes.IndexByte(rest[run:], '`') >= 0) {
		*f = fence{mark: rest[0], length: run, quotes: quotes, indent: indent}
		return true
	}
	return false
}

// What a line is to a paragraph.
const (
	continues = iota // the paragraph before it goes on, or one starts
	blank            // no paragraph goes on across it
	newBlock         // it starts a block of its own: a list item, heading
)

// blockStart says whether line, once the blockquote markers at its start
// are set aside, is blank, starts a block of its own, or may continue a
// paragraph.
func blockStart(line []byte) int {
	s := bytes.TrimLeft(line, " \t>")
	switch {
	case len(bytes.TrimSpace(s)) == 0:
		return blank
	case markerLen(s) > 0, thematicBreak(s), s[0] == '#':
		return newBlock
	}
	return continues
}

// nesting returns how deep the blockquotes and lists of a Markdown line
// may nest: one level for each container marker at its start ("> ",
// "- ", "1. ") and, when one follows, one for every two columns of
// indentation before it, as a list nested by indentation takes. It errs
// high, never low.
func nesting(line []byte) int {
	depth, col, indent := 0, 0, -1
	for i := 0; i < len(line); {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
			if line[i] == '\t' {
				col += 4 - col%4
			} else {
				col++
			}
			i++
		}
		if indent < 0 {
			indent = col
		}
		if thematicBreak(line[i:]) {
			break
		}
		n := markerLen(line[i:])
		if n == 0 {
			break
		}
		depth++
		i += n
		col += n
	}
	if depth == 0 {
		return 0
	}
	return depth + indent/2
}

// markerLen returns the length of the blockquote or list marker s starts
// with, or 0.
func markerLen(s []byte) int {
	if len(s) == 0 {
		return 0
	}
	end := func(i int) int { // a list marker ends the line or is followed by a blank
		if i == len(s) || s[i] == ' ' || s[i] == '\t' {
			return i
		}
		return 0
	}
	switch c := s[0]; {
	case c == '>':
		return 1
	case c == '-' || c == '+' || c == '*':
		return end(1)
	case '0' <= c && c <= '9':
		i := 0
		for i < len(s) && i < 9 && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i < len(s) && (s[i] == '.' || s[i] == ')') {
			return end(i + 1)
		}
	}
	return 0
}

// thematicBreak reports whether s is a thematic break ("- - -", "***"),
// which a line of list markers may also be.
func thematicBreak(s []byte) bool {
	var mark byte
	n := 0
	for _, c := range s {
		switch {
		case c == ' ' || c == '\t' || c == '\r':
		case mark == 0 && (c == '-' || c == '*' || c == '_'):
			mark = c
			n++
		case c == mark:
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// linkScan returns how many bytes goldmark's link parser reads in line
// looking for the ends of the destinations of the links that start there,
// as its parseLinkDestination reads them: from each "](" to the next
// blank or the ")" that closes more parentheses than were opened, or, for a
// destination in <>, to the next ">". It takes time linear in the line's
// length, and a logarithm.
func linkScan(line []byte) int {
	if !bytes.Contains(line, []byte("](")) {
		return 0
	}
	// depth[i] is the number of "(" less ")" in line[:i]; plain[i] says
	// that line[i] is not escaped by a backslash.
	depth := make([]int32, len(line)+1)
	plain := make([]bool, len(line))
	for i := 0; i < len(line); i++ {
		d := depth[i]
		plain[i] = true
		if line[i] == '\\' && i+1 < len(line) && isPunct(line[i+1]) {
			depth[i+1], depth[i+2] = d, d
			i++
			continue
		}
		switch line[i] {
		case '(':
			d++
		case ')':
			d--
		}
		depth[i+1] = d
	}
	// Where destinations start: after "](" and spaces.
	var starts []int
	for i := bytes.Index(line, []byte("](")); i >= 0; {
		j := i + 2
		for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
			j++
		}
		starts = append(starts, j)
		k := bytes.Index(line[i+2:], []byte("]("))
		if k < 0 {
			break
		}
		i += 2 + k
	}
	// From the end back: the next blank, the next ">", and the ")" that
	// may end a destination, nearest first, their depths rising from the
	// bottom of the stack to its top.
	scan := 0
	blank, gt := len(line), len(line)
	var closes []int
	q := len(starts) - 1
	for k := len(line); k >= 0 && q >= 0; k-- {
		if k < len(line) {
			switch c := line[k]; {
			case c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
				blank = k
			case c == '>' && plain[k]:
				gt = k
			case c == ')' && plain[k]:
				for len(closes) > 0 && depth[closes[len(closes)-1]] >= depth[k] {
					closes = closes[:len(closes)-1]
				}
				closes = append(closes, k)
			}
		}
		for ; q >= 0 && starts[q] == k; q-- {
			if k < len(line) && line[k] == '<' {
				scan += gt - k
				continue
			}
			end := blank
			// The nearest ")" at which more are closed than opened since k.
			n := sort.Search(len(closes), func(i int) bool { return depth[closes[i]] > depth[k] })
			if n > 0 && closes[n-1] < end {
				end = closes[n-1]
			}
			scan += end - k
		}
	}
	return scan
}

// isPunct reports whether c is ASCII punctuation, which a backslash
// escapes.
func isPunct(c byte) bool {
	return '!' <= c && c <= '/' || ':' <= c && c <= '@' || '[' <= c && c <= '`' || '{' <= c && c <= '~'
}
