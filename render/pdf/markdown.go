package pdf

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// markdown renders Markdown onto the page by walking goldmark's AST:
// headings, paragraphs, emphasis, code, block quotes, nested lists, GFM
// tables, live links and thematic breaks. Text wraps at the margins and
// flows across pages; raw HTML is shown as text.
//
// source is the file src is from, relative to the site: Options.Links
// rewrites the links of src as written there.
func (d *document) markdown(src []byte, source string) {
	var opts []parser.ParseOption
	if d.o.Links != nil {
		opts = append(opts, parser.WithContext(d.o.Links(source)))
	}
	doc := d.o.Markdown.Parser().Parse(text.NewReader(src), opts...)
	m := &mdWriter{d: d, src: src, left: marginL, size: 10}
	m.blocks(doc)
	d.f.SetLeftMargin(marginL)
	d.f.SetX(marginL)
	d.textColour(colText)
}

type mdWriter struct {
	d     *document
	src   []byte
	left  float64 // left edge of the current block
	size  float64 // body font size, pt
	quote int     // block quote depth
}

// maxIndent keeps deeply nested lists and quotes from squeezing text out.
const maxIndent = marginL + 60

func (m *mdWriter) lh() float64 { return m.size * 0.5 }

func (m *mdWriter) width() float64 { return pageW - marginR - m.left }

func (m *mdWriter) indent(by float64) (restore func()) {
	old := m.left
	m.left = min(m.left+by, maxIndent)
	m.d.f.SetLeftMargin(m.left)
	return func() {
		m.left = old
		m.d.f.SetLeftMargin(old)
	}
}

func (m *mdWriter) blocks(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		m.block(c)
	}
}

func (m *mdWriter) colour() rgb {
	if m.quote > 0 {
		return colMuted
	}
	return colText
}

func (m *mdWriter) block(n ast.Node) {
	d, f := m.d, m.d.f
	switch n := n.(type) {
	case *ast.Heading:
		size := map[int]float64{1: 15, 2: 13, 3: 11.5}[n.Level]
		if size == 0 {
			size = 10.5
		}
		f.Ln(1.5)
		d.ensure(size*0.5*3 + 4)
		old := m.size
		m.size = size
		f.SetX(m.left)
		m.inline(n, style{bold: true})
		m.size = old
		f.Ln(size*0.5 + 1.5)
	case *ast.Paragraph:
		d.ensure(m.lh())
		f.SetX(m.left)
		m.inline(n, style{})
		f.Ln(m.lh() + 2)
	case *ast.TextBlock:
		d.ensure(m.lh())
		if f.GetX() < m.left {
			f.SetX(m.left)
		}
		m.inline(n, style{})
		f.Ln(m.lh())
	case *ast.ThematicBreak:
		d.ensure(6)
		d.drawColour(colRule)
		d.lineWidth(0.3)
		y := f.GetY() + 2.5
		d.line(m.left, y, pageW-marginR, y)
		f.SetY(y + 3.5)
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		m.code(n.Lines())
	case *ast.HTMLBlock:
		var b strings.Builder
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(m.src))
		}
		if n.HasClosure() {
			b.Write(n.ClosureLine.Value(m.src))
		}
		m.code(nil, strings.TrimRight(b.String(), "\n"))
	case *ast.Blockquote:
		restore := m.indent(6)
		m.quote++
		y0, p0 := f.GetY(), f.PageNo()
		m.blocks(n)
		m.quote--
		if f.PageNo() == p0 {
			d.drawColour(colRule)
			d.lineWidth(0.8)
			d.line(m.left-3, y0, m.left-3, f.GetY()-1.5)
		}
		restore()
	case *ast.List:
		m.list(n)
	case *east.Table:
		m.table(n)
	default:
		m.blocks(n)
	}
}

func (m *mdWriter) list(n *ast.List) {
	d, f := m.d, m.d.f
	num := n.Start
	if num == 0 {
		num = 1
	}
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "•"
		if n.IsOrdered() {
			marker = fmt.Sprintf("%d%c", num, n.Marker)
			num++
		}
		d.ensure(m.lh())
		y := f.GetY()
		d.font(sans, "", m.size)
		d.textColour(m.colour())
		f.SetXY(m.left, y)
		d.cell(5, m.lh(), marker, "", 0, "R", false, 0, "")
		restore := m.indent(7)
		f.SetXY(m.left, y)
		m.blocks(item)
		if f.GetY() == y {
			f.Ln(m.lh())
		}
		restore()
	}
	if !n.IsTight {
		return
	}
	f.Ln(1.5)
}

// code writes preformatted lines on a shaded band.
func (m *mdWriter) code(lines *text.Segments, literal ...string) {
	d, f := m.d, m.d.f
	var b strings.Builder
	if lines != nil {
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(m.src))
		}
	}
	s := strings.TrimRight(b.String(), "\n")
	if len(literal) > 0 {
		s = literal[0]
	}
	d.font(mono, "", m.size-1.5)
	d.fillColour(colShade)
	d.textColour(m.colour())
	const h = 4.2
	w := m.width()
	d.ensure(h * 2)
	f.Ln(0.5)
	for _, line := range strings.Split(s, "\n") {
		wrapped := f.SplitText(d.clean(line), w-4)
		if len(wrapped) == 0 {
			wrapped = []string{""}
		}
		for _, wl := range wrapped {
			f.SetX(m.left)
			d.cell(w, h, "  "+wl, "", 1, "L", true, 0, "")
		}
	}
	f.Ln(2.5)
}

func (m *mdWriter) table(n *east.Table) {
	d, f := m.d, m.d.f
	var rows [][]string
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		var cells []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, m.plain(c))
		}
		rows = append(rows, cells)
	}
	if len(rows) == 0 {
		return
	}
	cols := len(n.Alignments)
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	t := &table{d: d, size: m.size - 1, left: m.left, aligns: make([]string, cols), widths: make([]float64, cols)}
	for i := range t.aligns {
		t.aligns[i] = "L"
		if i < len(n.Alignments) {
			switch n.Alignments[i] {
			case east.AlignRight:
				t.aligns[i] = "R"
			case east.AlignCenter:
				t.aligns[i] = "C"
			}
		}
	}
	for i := range rows {
		for len(rows[i]) < cols {
			rows[i] = append(rows[i], "")
		}
	}
	t.header = rows[0]
	var body []tableRow
	for _, r := range rows[1:] {
		body = append(body, tableRow{cells: r})
	}
	t.fit(body, m.width(), false)
	f.Ln(1)
	t.rows(body)
	if len(body) == 0 {
		d.ensure(t.lineH() + 2)
		t.drawHeader()
	}
	f.Ln(3)
}

// plain returns the text of an inline tree, without markup.
func (m *mdWriter) plain(n ast.Node) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			if _, code := c.Parent().(*ast.CodeSpan); code {
				b.Write(c.Segment.Value(m.src))
			} else {
				b.WriteString(m.textOf(c))
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				seg := c.Segments.At(i)
				b.Write(seg.Value(m.src))
			}
		case *ast.AutoLink:
			b.Write(c.Label(m.src))
		case *east.TaskCheckBox:
			if c.IsChecked {
				b.WriteString("[x] ")
			} else {
				b.WriteString("[ ] ")
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// textOf returns the text of a Text node as a reader sees it: backslash
// escapes removed and character references resolved, as goldmark's HTML
// renderer does.
func (m *mdWriter) textOf(t *ast.Text) string {
	v := t.Segment.Value(m.src)
	if t.IsRaw() {
		return string(v)
	}
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	gmhtml.DefaultWriter.Write(w, v)
	w.Flush()
	return html.UnescapeString(b.String())
}

// style is the inline style in force.
type style struct {
	bold, italic, strike, code bool
	link                       string
}

func (m *mdWriter) inline(n ast.Node, st style) {
	f := m.d.f
	// Runs of text nodes are written at once: "[[[[" is a node per "[".
	var run strings.Builder
	flush := func() {
		m.write(run.String(), st)
		run.Reset()
	}
	defer flush()
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.(type) {
		case *ast.Text, *ast.String:
		default:
			flush()
		}
		switch c := c.(type) {
		case *ast.Text:
			run.WriteString(m.textOf(c))
			switch {
			case c.HardLineBreak():
				flush()
				f.Ln(m.lh())
				f.SetX(m.left)
			case c.SoftLineBreak():
				run.WriteByte(' ')
			}
		case *ast.String:
			run.Write(c.Value)
		case *ast.CodeSpan:
			s := st
			s.code = true
			m.write(m.plain(c), s)
		case *ast.Emphasis:
			s := st
			if c.Level >= 2 {
				s.bold = true
			} else {
				s.italic = true
			}
			m.inline(c, s)
		case *east.Strikethrough:
			s := st
			s.strike = true
			m.inline(c, s)
		case *ast.Link:
			s := st
			s.link = string(c.Destination)
			m.inline(c, s)
		case *ast.AutoLink:
			s := st
			s.link = string(c.URL(m.src))
			m.write(string(c.Label(m.src)), s)
		case *ast.Image:
			m.write("[image: "+m.plain(c)+"]", st)
		case *ast.RawHTML:
			var b strings.Builder
			for i := 0; i < c.Segments.Len(); i++ {
				seg := c.Segments.At(i)
				b.Write(seg.Value(m.src))
			}
			m.write(b.String(), st)
		case *east.TaskCheckBox:
			if c.IsChecked {
				m.write("[x] ", st)
			} else {
				m.write("[ ] ", st)
			}
		default:
			m.inline(c, st)
		}
	}
}

// write writes text in the style st, wrapping at the margins.
func (m *mdWriter) write(s string, st style) {
	if s == "" {
		return
	}
	d := m.d
	family, fs := sans, ""
	size := m.size
	if st.code {
		family, size = mono, m.size-1
	}
	if st.bold {
		fs += "B"
	}
	if st.italic {
		fs += "I"
	}
	if st.strike {
		fs += "S"
	}
	s = strings.ReplaceAll(d.clean(s), "\n", " ")
	if st.link != "" && live(st.link) {
		d.font(family, fs+"U", size)
		d.textColour(colAccent)
		d.flow(m.lh(), s, st.link)
	} else {
		d.font(family, fs, size)
		d.textColour(m.colour())
		d.flow(m.lh(), s, "")
	}
	d.textColour(colText)
}

// live reports whether a link leads somewhere from a PDF: relative links
// of the site do not.
func live(url string) bool {
	for _, p := range []string{"http://", "https://", "mailto:"} {
		if strings.HasPrefix(strings.ToLower(url), p) {
			return true
		}
	}
	return false
}

// flow writes s from the current position in the current font, as gofpdf's
// Write does, but in time linear in its length (Write's is quadratic: a
// word of 80,000 characters took 11 s): lines break at spaces and at
// newlines, and a word wider than a line breaks where the line ends. A
// non-empty link makes the text a link to it.
func (d *document) flow(h float64, s, link string) {
	f := d.f
	left, _, right, _ := f.GetMargins()
	pw, _ := f.GetPageSize()
	cm := f.GetCellMargin()
	full := pw - right - left - 2*cm // a whole line's width
	avail := pw - right - f.GetX() - 2*cm
	width := d.fonts.width
	var line strings.Builder
	lw := 0.0 // width of line
	flush := func() {
		if line.Len() > 0 {
			d.cell(lw, h, line.String(), "", 0, "", false, 0, link)
		}
		line.Reset()
		lw = 0
	}
	newline := func() {
		flush()
		f.Ln(h)
		avail = full
	}
	for len(s) > 0 {
		// The next token: a newline, a run of spaces, or a word.
		var tok string
		switch {
		case s[0] == '\n':
			s = s[1:]
			newline()
			continue
		case s[0] == ' ':
			i := 0
			for i < len(s) && s[i] == ' ' {
				i++
			}
			tok, s = s[:i], s[i:]
		default:
			i := strings.IndexAny(s, " \n")
			if i < 0 {
				i = len(s)
			}
			tok, s = s[:i], s[i:]
		}
		tw := 0.0
		for _, r := range tok {
			tw += width(r)
		}
		switch {
		case lw+tw <= avail:
			// It fits.
		case tok[0] == ' ':
			newline() // spaces at a break are dropped
			continue
		case tw <= full && (lw > 0 || avail < full):
			newline() // the word fits on a line of its own
		default:
			// Wider than a line: break it where each line ends.
			for _, r := range tok {
				rw := width(r)
				if lw+rw > avail && (lw > 0 || avail < full) {
					newline()
				}
				line.WriteRune(r)
				lw += rw
			}
			continue
		}
		line.WriteString(tok)
		lw += tw
	}
	flush()
}
