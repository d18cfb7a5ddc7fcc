package pdf

// table draws rows of wrapped cells. A row is measured before it is drawn
// and moves whole to the next page when it does not fit, where the header
// row is drawn again: rows never split.
type table struct {
	d      *document
	widths []float64
	aligns []string // "L" or "R" per column
	size   float64  // font size, pt
	header []string
	left   float64 // x of the table's left edge; 0 for the left margin
}

func (t *table) x() float64 {
	if t.left == 0 {
		return marginL
	}
	return t.left
}

func (t *table) lineH() float64 { return t.size * 0.45 }

// height returns the height a row of cells takes.
func (t *table) height(cells []string, style string) (float64, [][]string) {
	d := t.d
	d.font(sans, style, t.size)
	lines := make([][]string, len(cells))
	n := 1
	for i, c := range cells {
		lines[i] = d.f.SplitText(d.clean(c), t.widths[i]-2)
		if len(lines[i]) == 0 {
			lines[i] = []string{""}
		}
		n = max(n, len(lines[i]))
	}
	return float64(n)*t.lineH() + 2, lines
}

// row draws one row; fill shades it, style is its font style.
func (t *table) row(cells []string, style string, fill bool, colour rgb) {
	f := t.d.f
	h, lines := t.height(cells, style)
	if f.GetY()+h > pageH-marginB {
		f.AddPage()
		if t.header != nil {
			t.drawHeader()
		}
		h, lines = t.height(cells, style)
	}
	t.draw(lines, h, style, fill, colour)
}

func (t *table) drawHeader() {
	h, lines := t.height(t.header, "B")
	t.draw(lines, h, "B", true, colMuted)
}

func (t *table) draw(lines [][]string, h float64, style string, fill bool, colour rgb) {
	d, f := t.d, t.d.f
	x, y := t.x(), f.GetY()
	if fill {
		d.fillColour(colShade)
		f.Rect(x, y, sum(t.widths), h, "F")
	}
	d.font(sans, style, t.size)
	d.textColour(colour)
	for i, ls := range lines {
		for j, l := range ls {
			f.SetXY(x+1, y+1+float64(j)*t.lineH())
			f.CellFormat(t.widths[i]-2, t.lineH(), l, "", 0, t.aligns[i], false, 0, "")
		}
		x += t.widths[i]
	}
	d.drawColour(colRule)
	f.SetLineWidth(0.15)
	f.Line(t.x(), y+h, t.x()+sum(t.widths), y+h)
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
