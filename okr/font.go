package okr

import (
	"encoding/binary"
	"fmt"

	"golang.org/x/image/font/sfnt"
)

// checkFont says why data, the file pdf_font names, is not a font the PDF
// writer can use, or returns nil. gofpdf reads TrueType fonts only (glyf
// outlines) and trusts every offset in them: it panics with "index out of
// range", or recurses without end, on fonts that are damaged, and prints to
// standard output on some others. So beyond telling the kinds of font
// files apart, checkFont reads every table gofpdf reads, the way it reads
// them, and refuses what it could not handle.
func checkFont(data []byte) error {
	const want = "expected a TrueType (.ttf) font"
	if len(data) == 0 {
		return fmt.Errorf("is empty; %s", want)
	}
	if len(data) < 4 {
		return fmt.Errorf("is not a font (%d bytes); %s", len(data), want)
	}
	switch string(data[:4]) {
	case "\x00\x01\x00\x00", "true":
	case "OTTO":
		return fmt.Errorf("is an OpenType/CFF font; gofpdf needs a TrueType (.ttf) font with glyf outlines, e.g. NotoSansJP-Regular.ttf from Google Fonts rather than Noto Sans CJK's .otf, or this font converted with fontTools' otf2ttf")
	case "ttcf":
		return fmt.Errorf("is a font collection (.ttc or .otc); %s: extract one font of the collection", want)
	case "wOFF", "wOF2":
		return fmt.Errorf("is a WOFF web font; %s: decompress it first", want)
	default:
		return fmt.Errorf("is not a font; %s", want)
	}
	if _, err := sfnt.Parse(data); err != nil {
		return fmt.Errorf("is a damaged TrueType font (%v); %s", err, want)
	}
	if err := checkTrueType(data); err != nil {
		return fmt.Errorf("is a damaged or unsupported TrueType font (%v); %s", err, want)
	}
	return nil
}

// checkTrueType checks the tables of a TrueType font as gofpdf reads them.
func checkTrueType(data []byte) error {
	r := fontReader{data}
	n := r.u16(4)
	if 12+16*n > len(data) {
		return fmt.Errorf("table directory past the end of the file")
	}
	tables := map[string][]byte{}
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		off, size := r.u32(rec+8), r.u32(rec+12)
		if off > len(data) || size > len(data)-off {
			return fmt.Errorf("table %q past the end of the file", data[rec:rec+4])
		}
		tables[string(data[rec:rec+4])] = data[off : off+size] // the last one wins, as in gofpdf
	}
	// The smallest size of each table gofpdf reads, for the fields it reads.
	need := map[string]int{"head": 54, "hhea": 36, "maxp": 6, "post": 16, "name": 6, "cmap": 4, "hmtx": 0, "loca": 0, "glyf": 0}
	for _, name := range []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"} {
		t, ok := tables[name]
		if !ok {
			return fmt.Errorf("no %q table", name)
		}
		if len(t) < need[name] {
			return fmt.Errorf("%q table of %d bytes", name, len(t))
		}
	}
	head, hhea, maxp := fontReader{tables["head"]}, fontReader{tables["hhea"]}, fontReader{tables["maxp"]}
	if u := head.u16(18); u < 16 || u > 16384 {
		return fmt.Errorf("%d units per em; expected 16 to 16384", u)
	}
	if head.u16(52) != 0 || hhea.u16(32) != 0 {
		return fmt.Errorf("unknown glyph or metric data format")
	}
	numGlyphs, numMetrics := maxp.u16(4), hhea.u16(34)
	if numGlyphs == 0 || numMetrics == 0 || numMetrics > numGlyphs {
		return fmt.Errorf("%d glyphs with %d horizontal metrics", numGlyphs, numMetrics)
	}
	if len(tables["hmtx"]) < 4*numMetrics+2*(numGlyphs-numMetrics) {
		return fmt.Errorf("%q table too short for %d glyphs", "hmtx", numGlyphs)
	}
	if os2, ok := tables["OS/2"]; ok {
		o := fontReader{os2}
		if len(os2) < 72 || o.u16(0) > 1 && len(os2) < 90 {
			return fmt.Errorf("%q table of %d bytes", "OS/2", len(os2))
		}
		if fsType := o.u16(8); fsType == 2 || fsType&0x0300 != 0 {
			return fmt.Errorf("its licence forbids embedding it in a document (OS/2 fsType %#x)", fsType)
		}
	}
	if err := checkFontName(tables["name"]); err != nil {
		return err
	}
	if err := checkFontCmap(tables["cmap"], numGlyphs); err != nil {
		return err
	}
	return checkGlyphs(head.u16(50), tables["loca"], tables["glyf"], numGlyphs)
}

// checkFontName checks the records of the name table that gofpdf reads.
func checkFontName(t []byte) error {
	r := fontReader{t}
	if r.u16(0) != 0 {
		return fmt.Errorf("name table format %d; expected 0", r.u16(0))
	}
	count, strOff := r.u16(2), r.u16(4)
	if 6+12*count > len(t) {
		return fmt.Errorf("name table past its end")
	}
	for i := 0; i < count; i++ {
		rec := 6 + 12*i
		platform, encoding, lang, size, off := r.u16(rec), r.u16(rec+2), r.u16(rec+4), r.u16(rec+8), r.u16(rec+10)
		windows := platform == 3 && encoding == 1 && lang == 0x409
		if !windows && !(platform == 1 && encoding == 0 && lang == 0) {
			continue
		}
		if strOff+off+size > len(t) || windows && size%2 != 0 {
			return fmt.Errorf("name record %d past the name table's end", i)
		}
	}
	return nil
}

// checkFontCmap checks the Unicode character map gofpdf uses: the first
// format 4 subtable for platform 0 or Windows Unicode, every glyph it maps
// to within the font.
func checkFontCmap(t []byte, numGlyphs int) error {
	r := fontReader{t}
	n := r.u16(2)
	if 4+8*n > len(t) {
		return fmt.Errorf("cmap table past its end")
	}
	sub := -1
	for i := 0; i < n; i++ {
		rec := 4 + 8*i
		platform, encoding, off := r.u16(rec), r.u16(rec+2), r.u32(rec+4)
		if platform != 0 && !(platform == 3 && encoding == 1) {
			continue
		}
		if off+2 > len(t) {
			return fmt.Errorf("cmap subtable past the cmap table's end")
		}
		if r.u16(off) == 4 {
			sub = off
			break
		}
	}
	if sub < 0 {
		return fmt.Errorf("no Unicode character map of format 4")
	}
	if sub+14 > len(t) {
		return fmt.Errorf("cmap subtable past the cmap table's end")
	}
	length, segs := r.u16(sub+2), r.u16(sub+6)/2
	end := sub + length
	if end > len(t) || 16+8*segs > length {
		return fmt.Errorf("cmap subtable past the cmap table's end")
	}
	ends, starts, deltas, ranges := sub+14, sub+16+2*segs, sub+16+4*segs, sub+16+6*segs
	chars := 0 // gofpdf's work: it maps every character of every segment
	for s := 0; s < segs; s++ {
		first, last := r.u16(starts+2*s), r.u16(ends+2*s)
		if chars += max(0, last-first+1); chars > 0x20000 {
			return fmt.Errorf("character map with overlapping ranges")
		}
		delta, rangeOff := r.u16(deltas+2*s), r.u16(ranges+2*s)
		for c := first; c <= last; c++ {
			g := (c + delta) & 0xFFFF
			if rangeOff != 0 {
				p := ranges + 2*s + rangeOff + 2*(c-first)
				if p >= end {
					continue // gofpdf maps it to glyph 0
				}
				if p+2 > end {
					return fmt.Errorf("cmap subtable past its end")
				}
				if g = r.u16(p); g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g >= numGlyphs {
				return fmt.Errorf("character %U mapped to glyph %d of %d", c, g, numGlyphs)
			}
		}
	}
	return nil
}

// Flags of a composite glyph's components.
const (
	argWords      = 1 << 0
	haveScale     = 1 << 3
	moreComps     = 1 << 5
	haveXYScale   = 1 << 6
	have2x2       = 1 << 7
	maxGlyphDepth = 8    // as deep as components may nest
	maxGlyphParts = 1024 // glyphs that gofpdf visits for one glyph
)

// checkGlyphs checks the glyph locations and the components of composite
// glyphs, which gofpdf follows recursively: within the glyph data, no
// cycles, and a bounded number of them.
func checkGlyphs(locaFormat int, loca, glyf []byte, numGlyphs int) error {
	r := fontReader{loca}
	pos := make([]int, numGlyphs+1)
	switch locaFormat {
	case 0:
		if len(loca) < 2*(numGlyphs+1) {
			return fmt.Errorf("%q table too short for %d glyphs", "loca", numGlyphs)
		}
		for i := range pos {
			pos[i] = 2 * r.u16(2*i)
		}
	case 1:
		if len(loca) < 4*(numGlyphs+1) {
			return fmt.Errorf("%q table too short for %d glyphs", "loca", numGlyphs)
		}
		for i := range pos {
			pos[i] = r.u32(4 * i)
		}
	default:
		return fmt.Errorf("glyph location format %d; expected 0 or 1", locaFormat)
	}
	comps := make([][]int, numGlyphs)
	for g := 0; g < numGlyphs; g++ {
		start, end := pos[g], pos[g+1]
		if start > end || end > len(glyf) {
			return fmt.Errorf("glyph %d past the glyph data's end", g)
		}
		data := fontReader{glyf[start:end]}
		switch {
		case end == start:
			continue
		case end-start < 10:
			return fmt.Errorf("glyph %d of %d bytes", g, end-start)
		case data.u16(0)&0x8000 == 0:
			continue // a simple glyph: gofpdf copies it whole
		}
		for p, flags := 10, moreComps; flags&moreComps != 0; {
			if p+4 > end-start {
				return fmt.Errorf("composite glyph %d past its end", g)
			}
			flags = data.u16(p)
			c := data.u16(p + 2)
			if c >= numGlyphs {
				return fmt.Errorf("composite glyph %d made of glyph %d of %d", g, c, numGlyphs)
			}
			comps[g] = append(comps[g], c)
			p += 6
			if flags&argWords != 0 {
				p += 2
			}
			switch {
			case flags&haveScale != 0:
				p += 2
			case flags&haveXYScale != 0:
				p += 4
			case flags&have2x2 != 0:
				p += 8
			}
		}
	}
	// parts[g] counts the glyphs gofpdf visits for g: -1 while g is being
	// counted (a cycle), 0 before.
	parts := make([]int, numGlyphs)
	var visit func(g, depth int) error
	visit = func(g, depth int) error {
		switch {
		case parts[g] < 0:
			return fmt.Errorf("composite glyph %d made of itself", g)
		case parts[g] > 0:
			return nil
		case depth > maxGlyphDepth:
			return fmt.Errorf("composite glyph %d nested more than %d deep", g, maxGlyphDepth)
		}
		parts[g] = -1
		n := 1
		for _, c := range comps[g] {
			if err := visit(c, depth+1); err != nil {
				return err
			}
			n += parts[c]
		}
		if n > maxGlyphParts {
			return fmt.Errorf("composite glyph %d made of %d parts", g, n)
		}
		parts[g] = n
		return nil
	}
	for g := range comps {
		if err := visit(g, 0); err != nil {
			return err
		}
	}
	return nil
}

// fontReader reads big-endian numbers, 0 past the end.
type fontReader struct{ b []byte }

func (r fontReader) u16(off int) int {
	if off < 0 || off+2 > len(r.b) {
		return 0
	}
	return int(binary.BigEndian.Uint16(r.b[off:]))
}

func (r fontReader) u32(off int) int {
	if off < 0 || off+4 > len(r.b) {
		return 0
	}
	return int(binary.BigEndian.Uint32(r.b[off:]))
}
