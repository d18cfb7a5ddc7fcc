package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Font families of every document.
const (
	sans = "sans"
	mono = "mono"
)

// fonts are the font files of a document: the Go fonts (Latin, Greek,
// Cyrillic), or the site's pdf_font for every style when it names one. A
// font is registered with gofpdf when first used: parsing a font costs a
// few milliseconds, and most documents use three of the eight.
//
// Each document gets its own copy of the font files: gofpdf writes into the
// bytes it is given while subsetting, so documents made at the same time
// from one shared slice corrupt each other's fonts (the data race reported
// against AddUTF8FontFromBytes).
type fonts struct {
	f     *gofpdf.Fpdf
	files map[string][]byte // by family and style
	// custom is true for the site's pdf_font, whose hyphen is fixed
	// (fixHyphen) when registered; the Go fonts' are fixed already.
	custom bool
	added  map[string]bool
	// face is the current font's family and style ("sans", "sansB"...),
	// as gofpdf has it; size its size in points.
	face string
	size float64
	// deco is "U", "S" or "US" when the current style underlines or
	// strikes out.
	deco string
	// ids are the names of the fonts in font operators, by face (see id);
	// raw and rawReader write a font operator.
	ids       map[string]string
	raw       []byte
	rawReader bytes.Reader
	// widths are the widths of characters measured, by face and size;
	// curWidths those of the current face and size, once looked up.
	widths    map[faceSize]*runeWidths
	curWidths *runeWidths
	// used are the characters gofpdf has been seen to register for each
	// face (see cell); curUsed those of the current face.
	used    map[string]*runeSet
	curUsed *runeSet
}

// fontState is the current font as fonts records it.
type fontState struct {
	face string
	size float64
	deco string
}

// faceSize is a font in one size.
type faceSize struct {
	face string
	size float64
}

// runeWidths are the widths of single characters in one font and size,
// as gofpdf measures them.
type runeWidths struct {
	ascii [128]float64 // 0 when not measured yet: no character is 0 wide but controls
	other map[rune]float64
}

// newFonts returns the fonts of f, and the coverage used to replace
// characters the font lacks.
func newFonts(f *gofpdf.Fpdf, custom []byte) (*fonts, *coverage, error) {
	fs := &fonts{f: f, added: map[string]bool{}}
	if len(custom) > 0 {
		cov, err := newCoverage(custom)
		if err != nil {
			return nil, nil, fmt.Errorf("pdf_font: not a TrueType font: %w", err)
		}
		fs.files, fs.custom = map[string][]byte{}, true
		for _, family := range []string{sans, mono} {
			for _, style := range []string{"", "B", "I", "BI"} {
				fs.files[family+style] = custom
			}
		}
		return fs, cov, nil
	}
	fs.files = goFonts()
	cov, err := newCoverage(goregular.TTF)
	return fs, cov, err
}

// goFonts returns the Go fonts by family and style, their hyphens fixed
// (fixHyphen). They are made once: they never change, and fixing a font
// parses it.
var goFonts = sync.OnceValue(func() map[string][]byte {
	files := map[string][]byte{
		sans: goregular.TTF, sans + "B": gobold.TTF, sans + "I": goitalic.TTF, sans + "BI": gobolditalic.TTF,
		mono: gomono.TTF, mono + "B": gomonobold.TTF, mono + "I": gomono.TTF, mono + "BI": gomonobold.TTF,
	}
	for k, ttf := range files {
		files[k] = fixHyphen(bytes.Clone(ttf))
	}
	return files
})

// use makes family in style ("B", "I", "U" and "S" in any order, as
// gofpdf takes it) the current font, registering it first if needed.
func (fs *fonts) use(family, style string, size float64) {
	face := ""
	if strings.Contains(style, "B") {
		face += "B"
	}
	if strings.Contains(style, "I") {
		face += "I"
	}
	key := family + face
	if !fs.added[key] {
		fs.added[key] = true
		ttf := bytes.Clone(fs.files[key]) // gofpdf writes into it
		if fs.custom {
			ttf = fixHyphen(ttf)
		}
		fs.f.AddUTF8FontFromBytes(family, face, ttf)
	}
	deco := ""
	if strings.Contains(style, "U") {
		deco += "U"
	}
	if strings.Contains(style, "S") {
		deco += "S"
	}
	if key == fs.face && size == fs.size && deco == fs.deco && fs.f.PageNo() > 0 && fs.f.Ok() {
		// The font gofpdf has: SetFont would change nothing but write
		// the font operator, written here without its formatting.
		if id := fs.id(key, family, face); id != "" {
			fs.raw = append(append(append(fs.raw[:0], "BT /F"...), id...), ' ')
			fs.raw = append(appendFixed2(fs.raw, size), " Tf ET"...)
			fs.rawReader.Reset(fs.raw)
			fs.f.RawWriteBuf(&fs.rawReader)
			return
		}
	}
	fs.f.SetFont(family, style, size)
	fs.restore(fontState{key, size, deco})
}

// id returns the name gofpdf gives the font of key in the font operator
// (a hash of the font), as a template of the document sets it, or "" if
// the template writes no font operator.
func (fs *fonts) id(key, family, face string) string {
	if id, ok := fs.ids[key]; ok {
		return id
	}
	tpl := fs.f.CreateTemplate(func(t *gofpdf.Tpl) { t.SetFont(family, face, 10) })
	id := ""
	if b := tpl.Bytes(); bytes.HasSuffix(b, []byte(" 10.00 Tf ET\n")) {
		b = b[:len(b)-len(" 10.00 Tf ET\n")]
		if i := bytes.LastIndex(b, []byte("BT /F")); i >= 0 && bytes.IndexByte(b[i:], '\n') < 0 {
			id = string(b[i+len("BT /F"):])
		}
	}
	if fs.ids == nil {
		fs.ids = map[string]string{}
	}
	fs.ids[key] = id
	return id
}

// state returns the current font, for restore.
func (fs *fonts) state() fontState { return fontState{fs.face, fs.size, fs.deco} }

// restore makes st the current font again in fs's record: gofpdf
// restores the font of the page's text after drawing a page's header and
// footer, without telling.
func (fs *fonts) restore(st fontState) {
	if st.face != fs.face || st.size != fs.size {
		fs.curWidths = nil
	}
	if st.face != fs.face || fs.curUsed == nil {
		if fs.used == nil {
			fs.used = map[string]*runeSet{}
		}
		u := fs.used[st.face]
		if u == nil {
			u = &runeSet{}
			fs.used[st.face] = u
		}
		fs.curUsed = u
	}
	fs.face, fs.size, fs.deco = st.face, st.size, st.deco
}

// width returns the width of r in the current font, as gofpdf's
// GetStringWidth gives it, measuring each character once per font.
func (fs *fonts) width(r rune) float64 {
	ws := fs.curWidths
	if ws == nil {
		k := faceSize{fs.face, fs.size}
		ws = fs.widths[k]
		if ws == nil {
			if fs.widths == nil {
				fs.widths = map[faceSize]*runeWidths{}
			}
			ws = &runeWidths{other: map[rune]float64{}}
			fs.widths[k] = ws
		}
		fs.curWidths = ws
	}
	if r >= 0 && r < 128 {
		if w := ws.ascii[r]; w != 0 {
			return w
		}
		w := fs.f.GetStringWidth(string(r))
		ws.ascii[r] = w
		return w
	}
	w, ok := ws.other[r]
	if !ok {
		w = fs.f.GetStringWidth(string(r))
		ws.other[r] = w
	}
	return w
}

// coverage knows which characters a font has glyphs for. What it learnt
// of a character of the Basic Multilingual Plane is kept in two bits
// (asked, has), so that cleaning the thousands of strings of a large
// quarter looks up no map.
type coverage struct {
	font    *sfnt.Font
	buf     sfnt.Buffer
	asked   [1 << 10]uint64 // by rune, for runes up to U+FFFF
	glyph   [1 << 10]uint64
	ascii   [utf8.RuneSelf]uint8 // printable: 0 not asked yet, 1 yes, 2 no
	known   map[rune]bool        // runes above U+FFFF
	missing map[rune]bool        // characters replaced, for a warning
}

func newCoverage(ttf []byte) (*coverage, error) {
	font, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	return &coverage{font: font, known: map[rune]bool{}, missing: map[rune]bool{}}, nil
}

// printable reports whether the ASCII character b is printable and in the
// font, from c.ascii once asked.
func (c *coverage) printable(b byte) bool {
	if c.ascii[b] == 0 {
		c.ascii[b] = 2
		if b >= ' ' && c.has(rune(b)) {
			c.ascii[b] = 1
		}
	}
	return c.ascii[b] == 1
}

func (c *coverage) has(r rune) bool {
	if r >= 0 && r <= 0xFFFF {
		word, bit := r>>6, uint64(1)<<(r&63)
		if c.asked[word]&bit != 0 {
			return c.glyph[word]&bit != 0
		}
		c.asked[word] |= bit
		if c.lookup(r) {
			c.glyph[word] |= bit
			return true
		}
		return false
	}
	if ok, seen := c.known[r]; seen {
		return ok
	}
	ok := c.lookup(r)
	c.known[r] = ok
	return ok
}

// lookup reports whether the font has a glyph for r.
func (c *coverage) lookup(r rune) bool {
	i, err := c.font.GlyphIndex(&c.buf, r)
	return err == nil && i != 0
}

// symbols maps common characters that fonts often lack to ones they have.
var symbols = map[rune]string{
	'✓': "√", '✔': "√", '☑': "[x]", '☐': "[ ]", '✕': "×", '✗': "×", '✘': "×",
	'◆': "•", '★': "*", '☆': "*", '⚠': "!", '\u00a0': " ", '\t': "    ",
}

// clean makes s safe to hand to gofpdf: characters above U+FFFF (emoji)
// make it panic, and glyphs the font lacks would print blank. Emoji are
// dropped, common symbols mapped, and other missing characters become "?".
func (c *coverage) clean(s string) string {
	// Most strings are printable ASCII the font has: checked byte by byte.
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && c.printable(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	ok := true
	for _, r := range s[i:] {
		// symbols has no key below U+00A0 but the tab, below ' '.
		if r > 0xFFFF || r < ' ' || r == utf8.RuneError || (r >= 0xa0 && symbols[r] != "") || !c.has(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == utf8.RuneError || r > 0xFFFF:
			// Emoji and other astral characters: decoration; dropped.
			if r == utf8.RuneError {
				b.WriteByte('?')
			}
		case symbols[r] != "":
			b.WriteString(symbols[r])
		case r < ' ':
			if r == '\n' {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case c.has(r):
			b.WriteRune(r)
		default:
			c.missing[r] = true
			b.WriteByte('?')
		}
	}
	return b.String()
}
