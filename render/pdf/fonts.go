package pdf

import (
	"bytes"
	"fmt"
	"strings"
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
	added map[string]bool
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
		fs.files = map[string][]byte{}
		for _, family := range []string{sans, mono} {
			for _, style := range []string{"", "B", "I", "BI"} {
				fs.files[family+style] = custom
			}
		}
		return fs, cov, nil
	}
	fs.files = map[string][]byte{
		sans: goregular.TTF, sans + "B": gobold.TTF, sans + "I": goitalic.TTF, sans + "BI": gobolditalic.TTF,
		mono: gomono.TTF, mono + "B": gomonobold.TTF, mono + "I": gomono.TTF, mono + "BI": gomonobold.TTF,
	}
	cov, err := newCoverage(goregular.TTF)
	return fs, cov, err
}

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
	if key := family + face; !fs.added[key] {
		fs.added[key] = true
		fs.f.AddUTF8FontFromBytes(family, face, fixHyphen(bytes.Clone(fs.files[key])))
	}
	fs.f.SetFont(family, style, size)
}

// coverage knows which characters a font has glyphs for.
type coverage struct {
	font    *sfnt.Font
	buf     sfnt.Buffer
	known   map[rune]bool
	missing map[rune]bool // characters replaced, for a warning
}

func newCoverage(ttf []byte) (*coverage, error) {
	font, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	return &coverage{font: font, known: map[rune]bool{}, missing: map[rune]bool{}}, nil
}

func (c *coverage) has(r rune) bool {
	if ok, seen := c.known[r]; seen {
		return ok
	}
	i, err := c.font.GlyphIndex(&c.buf, r)
	ok := err == nil && i != 0
	c.known[r] = ok
	return ok
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
	ok := true
	for _, r := range s {
		if r > 0xFFFF || r < ' ' || r == utf8.RuneError || symbols[r] != "" || !c.has(r) {
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
