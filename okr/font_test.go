package okr

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// fontTable returns the offset and length of a table of a TrueType font.
func fontTable(t *testing.T, font []byte, name string) (int, int) {
	t.Helper()
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := 0; i < n; i++ {
		rec := font[12+16*i:]
		if string(rec[:4]) == name {
			return int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		}
	}
	t.Fatalf("no %s table", name)
	return 0, 0
}

func TestCheckFont(t *testing.T) {
	for name, font := range map[string][]byte{"goregular": goregular.TTF, "gobold": gobold.TTF, "gomono": gomono.TTF} {
		if err := checkFont(font); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	edit := func(f func(font []byte)) []byte {
		font := bytes.Clone(goregular.TTF)
		f(font)
		return font
	}
	// A composite glyph made of itself sends gofpdf into endless recursion.
	selfMade := edit(func(font []byte) {
		head, _ := fontTable(t, font, "head")
		loca, _ := fontTable(t, font, "loca")
		glyf, _ := fontTable(t, font, "glyf")
		maxp, _ := fontTable(t, font, "maxp")
		long := binary.BigEndian.Uint16(font[head+50:]) == 1
		n := int(binary.BigEndian.Uint16(font[maxp+4:]))
		for g := 0; g < n; g++ {
			var start, end int
			if long {
				start, end = int(binary.BigEndian.Uint32(font[loca+4*g:])), int(binary.BigEndian.Uint32(font[loca+4*g+4:]))
			} else {
				start, end = 2*int(binary.BigEndian.Uint16(font[loca+2*g:])), 2*int(binary.BigEndian.Uint16(font[loca+2*g+2:]))
			}
			if end-start >= 14 { // make it a composite glyph of one part: itself
				binary.BigEndian.PutUint16(font[glyf+start:], 0xFFFF)
				binary.BigEndian.PutUint16(font[glyf+start+10:], 0)
				binary.BigEndian.PutUint16(font[glyf+start+12:], uint16(g))
				return
			}
		}
		t.Fatal("no glyph to edit")
	})
	pastGlyphs := edit(func(font []byte) {
		cmap, _ := fontTable(t, font, "cmap")
		for i := 0; i < int(binary.BigEndian.Uint16(font[cmap+2:])); i++ {
			sub := cmap + int(binary.BigEndian.Uint32(font[cmap+4+8*i+4:]))
			if binary.BigEndian.Uint16(font[sub:]) == 4 {
				segs := int(binary.BigEndian.Uint16(font[sub+6:])) / 2
				binary.BigEndian.PutUint16(font[sub+16+4*segs:], 0x7000) // idDelta of the first range
				binary.BigEndian.PutUint16(font[sub+16+6*segs:], 0)      // no idRangeOffset
				return
			}
		}
		t.Fatal("no format 4 cmap")
	})
	restricted := edit(func(font []byte) {
		os2, _ := fontTable(t, font, "OS/2")
		binary.BigEndian.PutUint16(font[os2+8:], 2)
	})
	tests := []struct {
		name string
		font []byte
		msg  string
	}{
		{"empty", nil, "is empty; expected a TrueType (.ttf) font"},
		{"three bytes", []byte("OTT"), "is not a font (3 bytes)"},
		{"OTTO", []byte("OTTO\x00\x01\x00\x10\x00\x00\x00\x00"), "is an OpenType/CFF font; gofpdf needs a TrueType (.ttf) font with glyf outlines"},
		{"ttc", []byte("ttcf\x00\x02\x00\x00\x00\x00\x00\x00"), "is a font collection"},
		{"truncated", goregular.TTF[:len(goregular.TTF)-1000], "is a damaged TrueType font"},
		{"directory only", goregular.TTF[:12], "is a damaged TrueType font"},
		{"composite of itself", selfMade, "made of itself"},
		{"glyphs out of range", pastGlyphs, "mapped to glyph"},
		{"no embedding", restricted, "licence forbids embedding"},
		{"PDF", []byte("%PDF-1.4\n"), "is not a font"},
	}
	for _, tt := range tests {
		err := checkFont(tt.font)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.msg)
		}
	}
}

// TestCheckedFontsKeepGofpdfSafe damages the tables of a real font at
// random: every variant checkFont accepts, gofpdf must read, subset and
// write without a panic.
func TestCheckedFontsKeepGofpdfSafe(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 7))
	var spans [][2]int // where the tables are in the undamaged font
	for _, name := range []string{"head", "hhea", "maxp", "hmtx", "loca", "cmap", "name", "post", "OS/2", "glyf"} {
		off, size := fontTable(t, goregular.TTF, name)
		spans = append(spans, [2]int{off, size})
	}
	spans = append(spans, [2]int{0, 12 + 16*int(binary.BigEndian.Uint16(goregular.TTF[4:]))}) // the table directory
	// 300 variants take seconds under the race detector; 60 still find
	// the panics gofpdf has without checkFont.
	variants := 300
	if testing.Short() || raceEnabled {
		variants = 60
	}
	accepted := 0
	for i := 0; i < variants; i++ {
		font := bytes.Clone(goregular.TTF)
		for j := 0; j <= rng.IntN(3); j++ {
			span := spans[rng.IntN(len(spans))]
			off, size := span[0], span[1]
			font[off+rng.IntN(min(size, 512))] = byte(rng.IntN(256))
		}
		if checkFont(font) != nil {
			continue
		}
		accepted++
		if err := writeWithFont(font); err != nil {
			t.Errorf("variant %d: %v", i, err)
		}
	}
	t.Logf("%d variants accepted", accepted)
	if accepted == 0 {
		t.Error("no variant accepted: the test tests nothing")
	}
}

// writeWithFont writes a PDF with font as gofpdf does for okrgen.
func writeWithFont(font []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gofpdf panicked: %v", r)
		}
	}()
	f := gofpdf.New("P", "mm", "A4", "")
	f.AliasNbPages("{nb}")
	f.AddUTF8FontFromBytes("x", "", font)
	f.AddPage()
	f.SetFont("x", "", 12)
	f.Cell(100, 10, "Zoë Ångström, Łukasz, Ελένη, Дмитрий: 0123456789 {nb} äöü ÀÉÎ ﬁ")
	return f.Output(new(bytes.Buffer))
}
