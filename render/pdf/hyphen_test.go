package pdf

import (
	"bytes"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestFixHyphen: in the proportional Go fonts the hyphen takes the soft
// hyphen's outline and width; a monospaced font, whose hyphen is as wide
// as everything else, is left alone.
func TestFixHyphen(t *testing.T) {
	glyph := func(ttf []byte, r rune) (fixed.Int26_6, fixed.Rectangle26_6) {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			t.Fatal(err)
		}
		var b sfnt.Buffer
		i, err := f.GlyphIndex(&b, r)
		if err != nil {
			t.Fatal(err)
		}
		adv, err := f.GlyphAdvance(&b, i, fixed.I(1000), font.HintingNone)
		if err != nil {
			t.Fatal(err)
		}
		bounds, _, err := f.GlyphBounds(&b, i, fixed.I(1000), font.HintingNone)
		if err != nil {
			t.Fatal(err)
		}
		return adv, bounds
	}
	for name, ttf := range map[string][]byte{"regular": goregular.TTF, "bold": gobold.TTF, "italic": goitalic.TTF, "bold italic": gobolditalic.TTF} {
		fixed := fixHyphen(bytes.Clone(ttf))
		ha, hb := glyph(fixed, '-')
		sa, sb := glyph(fixed, '\u00ad')
		ea, _ := glyph(fixed, '–')
		if ha != sa || hb != sb || ha >= ea {
			t.Errorf("%s: hyphen %v %v, soft hyphen %v %v, en dash %v wide", name, ha, hb, sa, sb, ea)
		}
		if m, _ := glyph(fixed, '−'); m <= ha {
			t.Errorf("%s: the minus sign changed too: %v wide", name, m)
		}
	}
	if !bytes.Equal(fixHyphen(bytes.Clone(gomono.TTF)), gomono.TTF) {
		t.Error("Go Mono changed")
	}
	if got := fixHyphen([]byte("not a font")); string(got) != "not a font" {
		t.Errorf("not a font: %q", got)
	}
}
