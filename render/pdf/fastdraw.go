package pdf

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// gofpdf formats every drawing operator with fmt and, for text, converts
// and escapes the string in several passes and records each character
// in a map for the font subset: for the hundreds of pages of a large
// quarter that was a third of a PDF's cost. The methods here write, with
// gofpdf's RawWriteBuf, the very bytes gofpdf's call would write, when
// the call would change nothing else in gofpdf's state than what public
// setters can set (the position); otherwise they make gofpdf's call.

// runeSet is a set of characters of the Basic Multilingual Plane.
type runeSet [1 << 10]uint64

func (s *runeSet) has(r rune) bool { return s[r>>6]&(1<<(r&63)) != 0 }
func (s *runeSet) add(r rune)      { s[r>>6] |= 1 << (r & 63) }

// cell is gofpdf's CellFormat(w, h, txt, border, ln, align, fill, link,
// linkStr). It writes the cell itself when that gives the same bytes and
// state: no border, link or page break, a horizontal alignment only, the
// current font neither underlined nor struck out and every character of
// txt already in the font's subset (recorded when CellFormat was called
// with it before).
func (d *document) cell(w, h float64, txt, border string, ln int, align string, fill bool, link int, linkStr string) {
	f, fs := d.f, d.fonts
	if border != "" || link != 0 || linkStr != "" || fs.deco != "" || fs.face == "" || fs.curUsed == nil ||
		(align != "" && align != "L" && align != "R" && align != "C") || !f.Ok() || f.PageNo() == 0 {
		d.cellFormat(w, h, txt, border, ln, align, fill, link, linkStr)
		return
	}
	x, y := f.GetXY()
	pw, ph := f.GetPageSize()
	auto, bottom := f.GetAutoPageBreak()
	if auto && y+h > ph-bottom {
		d.cellFormat(w, h, txt, border, ln, align, fill, link, linkStr)
		return
	}
	for _, r := range txt {
		if r == utf8.RuneError || r > 0xFFFF || !fs.curUsed.has(r) {
			d.cellFormat(w, h, txt, border, ln, align, fill, link, linkStr)
			return
		}
	}
	k := f.GetConversionRatio()
	if w == 0 {
		_, _, right, _ := f.GetMargins()
		w = pw - right - x
	}
	b := d.raw[:0]
	if fill {
		b = appendF2(b, x*k, (ph-y)*k, w*k, -h*k)
		b = append(b, "re f "...)
	}
	if len(txt) > 0 {
		var dx, dy float64
		cMargin := f.GetCellMargin()
		switch align {
		case "R":
			dx = w - cMargin - f.GetStringWidth(txt)
		case "C":
			dx = (w - f.GetStringWidth(txt)) / 2
		default:
			dx = cMargin
		}
		_, fontSize := f.GetFontSize()
		tr, tg, tb := d.text.r, d.text.g, d.text.b
		fr, fg, fb := f.GetFillColor()
		colorFlag := tr != fr || tg != fg || tb != fb
		if colorFlag {
			b = append(b, "q "...)
			b = append(b, d.colour(d.text, "g", "rg")...)
			b = append(b, ' ')
		}
		bt := (x + dx) * k
		td := (ph - (y + dy + .5*h + .3*fontSize)) * k
		b = append(b, "BT "...)
		b = appendF2(b, bt, td)
		b = append(b, "Td ("...)
		for _, r := range txt {
			b = appendEscaped(b, byte(r>>8))
			b = appendEscaped(b, byte(r))
		}
		b = append(b, ")Tj ET"...)
		if colorFlag {
			b = append(b, " Q"...)
		}
	}
	d.raw = b
	if len(b) > 0 {
		d.write()
	}
	switch {
	case ln == 1:
		f.SetY(y + h) // and x to the left margin
	case ln > 1:
		f.SetXY(x, y+h)
	default:
		f.SetX(x + w)
	}
}

// write writes d.raw as an operator line of the current page, as
// gofpdf's RawWriteStr would write it as a string; through a reader, it
// allocates nothing.
func (d *document) write() {
	d.rawReader.Reset(d.raw)
	d.f.RawWriteBuf(&d.rawReader)
}

// cellFormat calls gofpdf's CellFormat, recording the characters it adds
// to the current font's subset.
func (d *document) cellFormat(w, h float64, txt, border string, ln int, align string, fill bool, link int, linkStr string) {
	d.syncText()
	d.f.CellFormat(w, h, txt, border, ln, align, fill, link, linkStr)
	if u := d.fonts.curUsed; u != nil && d.fonts.face != "" && d.f.Ok() {
		for _, r := range txt {
			if r <= 0xFFFF {
				u.add(r)
			}
		}
	}
}

// appendEscaped appends c as gofpdf's escape writes it in a string.
func appendEscaped(b []byte, c byte) []byte {
	switch c {
	case '\\', '(', ')':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	}
	return append(b, c)
}

// appendF2 appends each of vs as "%.2f " does.
func appendF2(b []byte, vs ...float64) []byte {
	for _, v := range vs {
		b = appendFixed2(b, v)
		b = append(b, ' ')
	}
	return b
}

// appendFixed2 appends v as strconv.AppendFloat(b, v, 'f', 2, 64) does,
// faster for the coordinates of a page: v is m·2^-s exactly, so v·100 is
// (100m)·2^-s, an integer shifted right, rounded to nearest with ties to
// even as strconv rounds. Other values go to strconv.
func appendFixed2(b []byte, v float64) []byte {
	bits := math.Float64bits(v)
	exp := int(bits>>52) & 0x7ff
	if exp == 0 || exp == 0x7ff {
		return strconv.AppendFloat(b, v, 'f', 2, 64) // zero, subnormal, Inf, NaN
	}
	mant := bits&(1<<52-1) | 1<<52
	shift := 1075 - exp // v = ±mant·2^-shift
	if shift <= 0 || shift >= 64 {
		return strconv.AppendFloat(b, v, 'f', 2, 64) // |v| ≥ 2^52, or tiny
	}
	m := mant * 100 // < 2^60
	q := m >> shift
	r := m & (1<<shift - 1)
	half := uint64(1) << (shift - 1)
	if r > half || (r == half && q&1 == 1) {
		q++
	}
	if bits>>63 != 0 {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, q/100, 10)
	f := q % 100
	return append(b, '.', byte('0'+f/10), byte('0'+f%10))
}

// appendColour appends a colour as gofpdf writes it: "%.3f gray" for a
// grey, "%.3f %.3f %.3f full" for any other.
func appendColour(b []byte, r, g, bl int, gray, full string) []byte {
	_, fr := colourComp(r)
	_, fg := colourComp(g)
	_, fb := colourComp(bl)
	if fr == fg && fr == fb {
		b = strconv.AppendFloat(b, fr, 'f', 3, 64)
		b = append(b, ' ')
		return append(b, gray...)
	}
	for _, v := range []float64{fr, fg, fb} {
		b = strconv.AppendFloat(b, v, 'f', 3, 64)
		b = append(b, ' ')
	}
	return append(b, full...)
}

// colourKey is a colour and the operators that set it.
type colourKey struct {
	c          rgb
	gray, full string
}

// colour returns c as appendColour writes it, formatting each colour of
// the document once.
func (d *document) colour(c rgb, gray, full string) []byte {
	k := colourKey{c, gray, full}
	s, ok := d.colours[k]
	if !ok {
		if d.colours == nil {
			d.colours = map[colourKey][]byte{}
		}
		s = appendColour(nil, c.r, c.g, c.b, gray, full)
		d.colours[k] = s
	}
	return s
}

// colourComp is gofpdf's colorComp.
func colourComp(v int) (int, float64) {
	v = min(max(v, 0), 255)
	return v, float64(v) / 255.0
}

// line is gofpdf's Line.
func (d *document) line(x1, y1, x2, y2 float64) {
	f := d.f
	k := f.GetConversionRatio()
	_, ph := f.GetPageSize()
	b := appendF2(d.raw[:0], x1*k, (ph-y1)*k)
	b = append(b, "m "...)
	b = appendF2(b, x2*k, (ph-y2)*k)
	b = append(b, "l S"...)
	d.raw = b
	d.write()
}

// rect is gofpdf's Rect for style "F" (fill) or "D" (draw); others go to
// gofpdf.
func (d *document) rect(x, y, w, h float64, style string) {
	f := d.f
	op := ""
	switch style {
	case "F":
		op = "f"
	case "D", "":
		op = "S"
	default:
		f.Rect(x, y, w, h, style)
		return
	}
	k := f.GetConversionRatio()
	_, ph := f.GetPageSize()
	b := appendF2(d.raw[:0], x*k, (ph-y)*k, w*k, -h*k)
	b = append(b, "re "...)
	b = append(b, op...)
	d.raw = b
	d.write()
}

// lineWidth is gofpdf's SetLineWidth.
func (d *document) lineWidth(w float64) {
	f := d.f
	if f.GetLineWidth() != w || f.PageNo() == 0 {
		f.SetLineWidth(w)
		return
	}
	b := appendFixed2(d.raw[:0], w*f.GetConversionRatio())
	b = append(b, " w"...)
	d.raw = b
	d.write()
}
