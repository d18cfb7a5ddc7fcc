package pdf

import (
	"slices"
	"strings"
)

// table draws rows of wrapped cells. A row is measured before it is drawn
// and moves whole to the next page when it does not fit, where the header
// row is drawn again: rows never split, and a header is never left at the
// bottom of a page without a row under it.
type table struct {
	d      *document
	widths []float64
	aligns []string // "L" or "R" per column
	size   float64  // font size, pt
	header []string
	left   float64 // x of the table's left edge; 0 for the left margin
	headed int     // the page the header was last drawn on
	memo   map[measured]measure
}

// cellPad is the room a cell takes besides its text: the gap between
// columns and gofpdf's cell margins on both sides.
const cellPad = 4.2

func (t *table) x() float64 {
	if t.left == 0 {
		return marginL
	}
	return t.left
}

func (t *table) lineH() float64 { return t.size * 0.45 }

// measure widens least and whole to the widest word and the widest cell of
// each column of rows in the font style given, with the cell's padding:
// a column narrower than its widest word breaks a word, one narrower than
// its widest cell wraps it.
func (t *table) measure(rows [][]string, style string, least, whole []float64) {
	d := t.d
	d.font(sans, style, t.size)
	for _, r := range rows {
		for i, c := range r {
			c = d.clean(c)
			for _, l := range strings.Split(c, "\n") {
				whole[i] = max(whole[i], d.f.GetStringWidth(l)+cellPad)
			}
			for _, w := range strings.Fields(c) {
				least[i] = max(least[i], d.f.GetStringWidth(w)+cellPad)
			}
		}
	}
}

// tableRow is a row of cells with its font style; fill shades it.
type tableRow struct {
	cells []string
	style string
	fill  bool
}

// fit sizes the columns to the header and rows within total millimetres;
// stretch spreads what is left over the columns.
func (t *table) fit(rows []tableRow, total float64, stretch bool) {
	least, whole := make([]float64, len(t.aligns)), make([]float64, len(t.aligns))
	if t.header != nil {
		t.measure([][]string{t.header}, "B", least, whole)
	}
	for _, r := range rows {
		t.measure([][]string{r.cells}, r.style, least, whole)
	}
	t.widths = fitColumns(least, whole, total)
	if s := sum(t.widths); stretch && s < total {
		for i := range t.widths {
			t.widths[i] *= total / s
		}
	}
}

// rows draws rows in the text colour.
func (t *table) rows(rows []tableRow) {
	for _, r := range rows {
		t.row(r.cells, r.style, r.fill, colText)
	}
}

// fitColumns returns column widths within total, given each column's
// widest word (least) and widest cell (whole). Every column gets its widest
// word, so text breaks between words only; the room left goes to the
// columns in equal shares, a column taking no more than its whole cells
// need, so short values (a number with its unit) stay on one line and long
// text takes the rest. A word wider than a third of the table (a URL) is
// the only one broken: its column claims no more than that for it, so the
// others keep room for their text. When the widest words alone are wider
// than total, the columns with short words still get them and the others
// share the rest.
func fitColumns(least, whole []float64, total float64) []float64 {
	ws := make([]float64, len(least))
	least = slices.Clone(least)
	for i := range least {
		least[i] = min(least[i], total/3)
	}
	if sum(least) >= total {
		share(ws, least, total)
		return ws
	}
	copy(ws, least)
	share(ws, whole, total-sum(least))
	return ws
}

// share gives rest millimetres to the columns ws below their want, in
// equal shares: a column that needs less than its share takes what it
// needs, and the others share what is left.
func share(ws, want []float64, rest float64) {
	open := map[int]bool{}
	for i := range ws {
		if want[i] > ws[i] {
			open[i] = true
		}
	}
	for len(open) > 0 {
		each := rest / float64(len(open))
		done := false
		for i := range ws {
			if open[i] && want[i]-ws[i] <= each {
				rest -= want[i] - ws[i]
				ws[i] = want[i]
				delete(open, i)
				done = true
			}
		}
		if !done {
			for i := range ws {
				if open[i] {
					ws[i] += each
				}
			}
			return
		}
	}
}

// height returns the height a row of cells takes, and the lines of each
// cell. It sets the row's font, as drawing it does: the font set at each
// step is part of the PDF. A row is measured the same until the widths
// change, so the lines are kept: a large quarter's check-in log measures
// each of its thousands of rows three times.
func (t *table) height(cells []string, style string) (float64, [][]string) {
	d := t.d
	d.font(sans, style, t.size)
	var key measured
	if len(cells) > 0 {
		key = measured{cells: &cells[0], n: len(cells), style: style}
		if m, ok := t.memo[key]; ok && slices.Equal(m.widths, t.widths) && slices.Equal(m.cells, cells) {
			return m.h, m.lines
		}
	}
	lines := make([][]string, len(cells))
	n := 1
	for i, c := range cells {
		lines[i] = d.f.SplitText(d.clean(c), t.widths[i]-2)
		if len(lines[i]) == 0 {
			lines[i] = []string{""}
		}
		n = max(n, len(lines[i]))
	}
	h := float64(n)*t.lineH() + 2
	if len(cells) > 0 {
		if t.memo == nil {
			t.memo = map[measured]measure{}
		}
		t.memo[key] = measure{widths: slices.Clone(t.widths), cells: slices.Clone(cells), h: h, lines: lines}
	}
	return h, lines
}

// measured identifies a row measured by height: its cells, by the address
// of the first, and its font style. The memo checks the cells' text too.
type measured struct {
	cells *string
	n     int
	style string
}

// measure is a row's height and lines, for the column widths and the
// cells given.
type measure struct {
	widths []float64
	cells  []string
	h      float64
	lines  [][]string
}

// row draws one row, after the header when the page has none yet; fill
// shades it, style is its font style.
func (t *table) row(cells []string, style string, fill bool, colour rgb) {
	f := t.d.f
	h, _ := t.height(cells, style)
	need := h
	if t.header != nil && t.headed != f.PageNo() {
		hh, _ := t.height(t.header, "B")
		need += hh
	}
	if f.GetY()+need > pageH-marginB {
		t.d.addPage()
	}
	if t.header != nil && t.headed != f.PageNo() {
		t.drawHeader()
	}
	h, lines := t.height(cells, style)
	t.draw(lines, h, style, fill, colour)
}

func (t *table) drawHeader() {
	h, lines := t.height(t.header, "B")
	t.draw(lines, h, "B", true, colMuted)
	t.headed = t.d.f.PageNo()
}

func (t *table) draw(lines [][]string, h float64, style string, fill bool, colour rgb) {
	d, f := t.d, t.d.f
	x, y := t.x(), f.GetY()
	if fill {
		d.fillColour(colShade)
		d.rect(x, y, sum(t.widths), h, "F")
	}
	d.font(sans, style, t.size)
	d.textColour(colour)
	for i, ls := range lines {
		for j, l := range ls {
			f.SetXY(x+1, y+1+float64(j)*t.lineH())
			d.cell(t.widths[i]-2, t.lineH(), l, "", 0, t.aligns[i], false, 0, "")
		}
		x += t.widths[i]
	}
	d.drawColour(colRule)
	d.lineWidth(0.15)
	d.line(t.x(), y+h, t.x()+sum(t.widths), y+h)
	f.SetXY(t.x(), y+h)
	d.textColour(colText)
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}
