package pdf

import (
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// TestCoverageHas: what coverage keeps of a character, asked once or
// again, is what the font says.
func TestCoverageHas(t *testing.T) {
	font, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	cov, err := newCoverage(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		r    rune
	}{
		{"ASCII", 'a'},
		{"space", ' '},
		{"Greek", 'Ω'},
		{"Cyrillic", 'Д'},
		{"check mark", '✓'},
		{"private use", '\ue000'},
		{"last of the BMP", '\uffff'},
		{"emoji", '😀'},
		{"replacement", '\ufffd'},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i, err := font.GlyphIndex(&buf, tc.r)
			want := err == nil && i != 0
			for ask := range 2 {
				if got := cov.has(tc.r); got != want {
					t.Errorf("ask %d: has(%q) = %v, want %v", ask+1, tc.r, got, want)
				}
			}
		})
	}
}

// TestFontRecord: the fonts' record of the current font follows gofpdf's
// through page breaks, whose header and footer set other fonts that
// gofpdf then restores: the widths flow measures with are gofpdf's.
func TestFontRecord(t *testing.T) {
	site, n := example(t)
	f := gofpdf.New("P", "mm", "A4", "")
	fs, cov, err := newFonts(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := &document{f: f, fonts: fs, cov: cov, num: n, qn: n.Quarters[0], o: Options{Title: site.Config.Title}, kind: "Retrospective"}
	f.SetMargins(marginL, marginT, marginR)
	f.SetAutoPageBreak(true, marginB)
	f.SetHeaderFuncMode(d.header, false)
	f.SetFooterFunc(d.footer)
	f.AddPage()
	for _, tc := range []struct {
		family, style string
		size          float64
	}{
		{sans, "", 9.5},
		{sans, "B", 12},
		{mono, "", 8},
		{sans, "I", 10},
	} {
		d.font(tc.family, tc.style, tc.size)
		// Enough text for a page break or two in the middle of it.
		d.flow(4.5, strings.Repeat("Check-in notes, ünïcode and Ελένη. ", 200), "")
		if pt, _ := f.GetFontSize(); fs.size != pt || pt != tc.size {
			t.Errorf("%s%s: recorded size %v, gofpdf's %v, set %v", tc.family, tc.style, fs.size, pt, tc.size)
		}
		for _, r := range "Wiλ-" {
			if got, want := fs.width(r), f.GetStringWidth(string(r)); got != want {
				t.Errorf("%s%s: width(%q) = %v, gofpdf measures %v", tc.family, tc.style, r, got, want)
			}
		}
	}
	if f.PageNo() < 3 {
		t.Errorf("only %d pages: the test needs page breaks", f.PageNo())
	}
	if err := f.Error(); err != nil {
		t.Fatal(err)
	}
}

// TestTableHeightMemo: a row is measured again when its text or the
// column widths change, and not otherwise.
func TestTableHeightMemo(t *testing.T) {
	_, n := example(t)
	f := gofpdf.New("P", "mm", "A4", "")
	fs, cov, err := newFonts(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := &document{f: f, fonts: fs, cov: cov, num: n, qn: n.Quarters[0]}
	f.AddPage()
	tb := &table{d: d, size: 8.5, aligns: []string{"L", "L"}, widths: []float64{30, 30}}
	cells := []string{"short", "short"}
	one, _ := tb.height(cells, "")
	if again, _ := tb.height(cells, ""); again != one {
		t.Errorf("the same row measured %v, then %v", one, again)
	}
	for _, tc := range []struct {
		name   string
		change func()
		want   func(h float64) bool
	}{
		{"text longer, same slice", func() { cells[0] = strings.Repeat("word ", 40) }, func(h float64) bool { return h > one }},
		{"column wider", func() { tb.widths[0] = 160 }, func(h float64) bool { return h > one }},
		{"text short again", func() { cells[0] = "short"; tb.widths[0] = 30 }, func(h float64) bool { return h == one }},
	} {
		tc.change()
		want, _ := (&table{d: d, size: tb.size, aligns: tb.aligns, widths: tb.widths}).height(cells, "")
		if got, _ := tb.height(cells, ""); got != want || !tc.want(got) {
			t.Errorf("%s: height %v, measured afresh %v (one line: %v)", tc.name, got, want, one)
		}
	}
}
