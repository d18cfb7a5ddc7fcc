package pdf

import (
	"encoding/binary"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// fixHyphen returns ttf with its hyphen drawn as a hyphen. The Go fonts,
// made for code, draw U+002D with the outline of their minus sign (U+2212),
// 0.58 em wide and wider than their en dash (0.50 em in Go Regular): so
// "Check-in" and "2026-10-05" printed as "Check–in" and "2026–10–05".
// When a font's hyphen is wider than its en dash and its soft hyphen
// (U+00AD) is narrower, the hyphen takes the soft hyphen's outline and
// metrics. The text keeps its U+002D: copied or extracted, the PDF gives
// back the characters it was given.
//
// ttf is changed in place; on anything unexpected it is returned as is.
func fixHyphen(ttf []byte) []byte {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return ttf
	}
	var b sfnt.Buffer
	ppem := fixed.I(int(f.UnitsPerEm()))
	glyph := func(r rune) (sfnt.GlyphIndex, fixed.Int26_6) {
		i, err := f.GlyphIndex(&b, r)
		if err != nil || i == 0 {
			return 0, 0
		}
		adv, err := f.GlyphAdvance(&b, i, ppem, font.HintingNone)
		if err != nil {
			return 0, 0
		}
		return i, adv
	}
	hyphen, hw := glyph('-')
	soft, sw := glyph('\u00ad')
	_, ew := glyph('–')
	if hyphen == 0 || soft == 0 || ew == 0 || hw <= ew || sw >= hw {
		return ttf
	}
	tables := tableDirectory(ttf)
	head, hhea, hmtx, loca, glyf := tables["head"], tables["hhea"], tables["hmtx"], tables["loca"], tables["glyf"]
	if head == nil || hhea == nil || hmtx == nil || loca == nil || glyf == nil || len(head) < 54 || len(hhea) < 36 {
		return ttf
	}
	// The glyphs' outlines, from loca.
	long := binary.BigEndian.Uint16(head[50:]) == 1
	bounds := func(g sfnt.GlyphIndex) (int, int, bool) {
		var from, to int
		if long {
			if 4*int(g)+8 > len(loca) {
				return 0, 0, false
			}
			from, to = int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:]))
		} else {
			if 2*int(g)+4 > len(loca) {
				return 0, 0, false
			}
			from, to = 2*int(binary.BigEndian.Uint16(loca[2*g:])), 2*int(binary.BigEndian.Uint16(loca[2*g+2:]))
		}
		return from, to, from <= to && to <= len(glyf)
	}
	hf, ht, ok1 := bounds(hyphen)
	sf, st, ok2 := bounds(soft)
	metrics := int(binary.BigEndian.Uint16(hhea[34:]))
	if !ok1 || !ok2 || int(hyphen) >= metrics || int(soft) >= metrics || 4*metrics > len(hmtx) {
		return ttf
	}
	dst, src := glyf[hf:ht], glyf[sf:st]
	if len(src) > len(dst) {
		return ttf // no room for the outline (the Go fonts have it)
	}
	// The soft hyphen's outline, followed by zeros nothing reads.
	n := copy(dst, src)
	clear(dst[n:])
	copy(hmtx[4*int(hyphen):4*int(hyphen)+4], hmtx[4*int(soft):4*int(soft)+4])
	return ttf
}

// tableDirectory returns the tables of a TrueType font by tag, as slices
// of ttf: changing them changes the font.
func tableDirectory(ttf []byte) map[string][]byte {
	tables := map[string][]byte{}
	if len(ttf) < 12 {
		return tables
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			break
		}
		off, size := int(binary.BigEndian.Uint32(ttf[rec+8:])), int(binary.BigEndian.Uint32(ttf[rec+12:]))
		if off < 0 || size < 0 || off+size > len(ttf) {
			continue
		}
		tables[string(ttf[rec:rec+4])] = ttf[off : off+size]
	}
	return tables
}
