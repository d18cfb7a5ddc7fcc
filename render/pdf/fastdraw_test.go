package pdf

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// TestAppendFixed2: appendFixed2 formats as strconv does, ties, signs,
// page coordinates and values strconv has to take included.
func TestAppendFixed2(t *testing.T) {
	values := []float64{
		0, math.Copysign(0, -1), 0.001, -0.001, 0.004, 0.005, -0.005, 0.125, 0.375, 0.625, 0.875, -0.125,
		1.005, 2.675, 1.115, 0.0625, 0.03125, 1e-9, 4503599627370496, 1e300, -1e300,
		math.Inf(1), math.Inf(-1), math.NaN(), math.SmallestNonzeroFloat64, 841.89, 595.28, 56.69,
		99.995, 99.994999, 999999.995,
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		values = append(values,
			(r.Float64()-0.3)*1000,
			float64(r.IntN(1<<20))/8-1000,       // exact ties
			float64(r.IntN(100000))/100*72/25.4, // millimetres in points
			(297-float64(r.IntN(29700))/100)*72/25.4,
			math.Float64frombits(r.Uint64()))
	}
	for _, v := range values {
		want := strconv.AppendFloat(nil, v, 'f', 2, 64)
		if got := appendFixed2(nil, v); string(got) != string(want) {
			t.Fatalf("appendFixed2(%v) = %s, want %s", v, got, want)
		}
	}
}

// drawer draws with the methods of fastdraw.go or with gofpdf's own.
type drawer interface {
	cell(w, h float64, txt, border string, ln int, align string, fill bool, link int, linkStr string)
	line(x1, y1, x2, y2 float64)
	rect(x, y, w, h float64, style string)
	lineWidth(w float64)
	drawColour(c rgb)
	fillColour(c rgb)
	textColour(c rgb)
	font(family, style string, size float64)
	addPage()
}

// plain draws with gofpdf's calls only, as okrgen did before fastdraw.go.
type plain struct{ d *document }

func (p plain) cell(w, h float64, txt, border string, ln int, align string, fill bool, link int, linkStr string) {
	p.d.f.CellFormat(w, h, txt, border, ln, align, fill, link, linkStr)
}
func (p plain) line(x1, y1, x2, y2 float64)           { p.d.f.Line(x1, y1, x2, y2) }
func (p plain) rect(x, y, w, h float64, style string) { p.d.f.Rect(x, y, w, h, style) }
func (p plain) lineWidth(w float64)                   { p.d.f.SetLineWidth(w) }
func (p plain) drawColour(c rgb)                      { p.d.f.SetDrawColor(c.r, c.g, c.b) }
func (p plain) fillColour(c rgb)                      { p.d.f.SetFillColor(c.r, c.g, c.b) }
func (p plain) textColour(c rgb)                      { p.d.f.SetTextColor(c.r, c.g, c.b) }
func (p plain) font(family, style string, size float64) {
	p.d.fonts.face = "" // so that use calls SetFont
	p.d.font(family, style, size)
}
func (p plain) addPage() { p.d.f.AddPage() }

// drawDoc returns the PDF that draw makes with a document's fast methods
// (fast) or with gofpdf's calls, with a header and footer that draw
// as the retrospective's do.
func drawDoc(t *testing.T, fast bool, draw func(drawer)) []byte {
	t.Helper()
	f := gofpdf.New("P", "mm", "A4", "")
	d := &document{f: f}
	fs, cov, err := newFonts(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.fonts, d.cov = fs, cov
	var dr drawer = plain{d}
	if fast {
		dr = d
	}
	f.SetCreationDate(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
	f.SetModificationDate(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
	f.SetCatalogSort(true)
	f.SetCompression(false)
	f.SetMargins(marginL, marginT, marginR)
	f.SetAutoPageBreak(true, marginB)
	f.AliasNbPages("{nb}")
	f.SetHeaderFuncMode(func() {
		defer d.fonts.restore(d.fonts.state())
		if fast {
			defer d.textColour(d.text)
		}
		dr.font(sans, "", 8)
		dr.textColour(colMuted)
		f.SetXY(marginL, 10)
		dr.cell(contentW/2, 5, "header (x)", "", 0, "L", false, 0, "")
		dr.cell(contentW/2, 5, "right", "", 0, "R", false, 0, "")
		dr.drawColour(colRule)
		dr.lineWidth(0.2)
		dr.line(marginL, 16, pageW-marginR, 16)
		f.SetXY(marginL, marginT)
		dr.textColour(colText)
	}, false)
	f.SetFooterFunc(func() {
		defer d.fonts.restore(d.fonts.state())
		if fast {
			defer d.textColour(d.text)
		}
		f.SetY(-13)
		dr.font(sans, "", 8)
		dr.textColour(colMuted)
		dr.cell(contentW, 5, fmt.Sprintf("%d / {nb}", f.PageNo()), "", 0, "C", false, 0, "")
	})
	dr.addPage()
	draw(dr)
	if fast {
		d.syncText()
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestFastDraw: the methods of fastdraw.go write what gofpdf's calls
// write, byte for byte, in every case they take and in those they leave
// to gofpdf.
func TestFastDraw(t *testing.T) {
	texts := []string{"", "Plain words", "(parens) and \\ back\\slash\r", "Łódź Ελένη Дмитрий Zoë", "√ × • ‘quotes’ — 100 %", "Plain words"}
	for _, tc := range []struct {
		name string
		draw func(drawer)
	}{
		{"cells", func(dr drawer) {
			for i := 0; i < 400; i++ {
				style := []string{"", "B", "I", "BI", "U"}[i%5]
				for range 1 + i%2 { // the same font again, sometimes
					dr.font([]string{sans, mono}[i/7%2], style, []float64{8, 9.5, 10, 12}[i%4])
				}
				dr.textColour([]rgb{colText, colMuted, colShade, {0, 0, 0}, {40, 40, 40}, {40, 40, 41}}[i%6])
				if i%50 == 49 {
					dr.addPage() // with a text colour not given to gofpdf yet
				}
				dr.fillColour([]rgb{colShade, colText, {0, 0, 0}, {40, 40, 40}}[i/3%4])
				w := []float64{0, 30, 55.5, contentW}[i%4]
				dr.cell(w, []float64{4, 5, 6.5}[i%3], texts[i%len(texts)], []string{"", "", "", "1", "B"}[i/2%5], i%3,
					[]string{"", "L", "R", "C", "LT"}[i%5], i%4 == 1, 0, []string{"", "", "", "", "", "", "https://example.com/"}[i%7])
			}
		}},
		{"lines and shapes", func(dr drawer) {
			for i := 0; i < 300; i++ {
				x, y := float64(i%170)+0.123*float64(i), float64(i%250)+0.0049*float64(i)
				dr.drawColour([]rgb{colRule, colText, {0, 0, 0}}[i/2%3])
				dr.lineWidth([]float64{0.15, 0.2, 0.4}[i/4%3])
				dr.line(x, y, x+10.005, y+0.125)
				dr.fillColour([]rgb{colTrack, colFill}[i%2])
				dr.rect(x, y, 20, 2, []string{"F", "D", "", "FD"}[i%4])
				if i%97 == 96 {
					dr.addPage()
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := drawDoc(t, false, tc.draw)
			if got := drawDoc(t, true, tc.draw); !bytes.Equal(got, want) {
				t.Errorf("the fast methods wrote %d bytes, gofpdf's %d, not the same", len(got), len(want))
			}
		})
	}
}

// TestFontID: id finds the name gofpdf writes in the font operator.
func TestFontID(t *testing.T) {
	f := gofpdf.New("P", "mm", "A4", "")
	fs, _, err := newFonts(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.AddPage()
	fs.use(mono, "B", 9)
	fs.use(sans, "I", 10)
	id := fs.id(mono+"B", mono, "B")
	if len(id) < 8 || fs.id(sans+"I", sans, "I") == id {
		t.Fatalf("ids %q, %q", id, fs.id(sans+"I", sans, "I"))
	}
	f.SetCompression(false)
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte("BT /F"+id+" 9.00 Tf ET\n")) {
		t.Errorf("no font operator of id %q", id)
	}
}
