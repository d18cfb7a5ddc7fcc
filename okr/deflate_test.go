package okr

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkPack checks that a body packed comes back as it was (Markdown),
// and reports how it was held and its packed size.
func checkPack(t *testing.T, body []byte) (held, int) {
	t.Helper()
	packed, h := pack(body)
	c := &CheckIn{body: packed, bodyHeld: h}
	if got := c.Markdown(); !bytes.Equal(got, body) {
		t.Fatalf("body of %d bytes packed (%d) and inflated to %d bytes that differ", len(body), h, len(got))
	}
	return h, len(packed)
}

// TestShortDeflate: a body packed comes back as it was, for prose, for
// text unlike the codes' sample, for every byte and for long repeats; the
// codes keep about a third of prose, and a body they save less than a
// quarter of is held no larger than compress/flate would hold it. That the
// codes write deflate streams compress/flate reads is internal/deflate's
// TestAppend.
func TestShortDeflate(t *testing.T) {
	var prose []byte
	files, _ := filepath.Glob("../content/checkins/*.md")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, body, _, _, _, _ := splitFrontMatter(src)
		prose = append(prose, body...)
		if h, n := checkPack(t, body); h != heldShort || 4*n > 3*len(body) {
			t.Errorf("%s: body of %d bytes held %d in %d bytes, want shortDeflateTables', at most three quarters", f, len(body), h, n)
		}
	}
	every := make([]byte, 0, 3*256)
	for i := 0; i < 3*256; i++ {
		every = append(every, byte(i*7))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 5000)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"prose", prose},
		{"zeros", make([]byte, 100000)},
		{"a repeat of 3", bytes.Repeat([]byte("ab\n"), 20000)},
		{"every byte", every},
		{"random bytes", random},
		{"Cyrillic", []byte(strings.Repeat("Прогресс: мы выпустили новую версию, и задержка упала до 240 мс. ", 40))},
		{"short", []byte("x")},
		{"empty", nil},
	} {
		h, n := checkPack(t, tc.body)
		t.Logf("%s: %d bytes held %d in %d (compress/flate: %d)", tc.name, len(tc.body), h, n, len(deflate(tc.body)))
		if full := len(deflate(tc.body)); 4*n > 3*len(tc.body) && n > full {
			t.Errorf("%s: %d bytes packed in %d, compress/flate's %d", tc.name, len(tc.body), n, full)
		}
		if len(tc.body) > 1000 && n > len(tc.body)+len(tc.body)/100+16 {
			t.Errorf("%s: %d bytes packed in %d", tc.name, len(tc.body), n)
		}
	}
}

// TestShortDeflateRandom packs random mutations of prose and random runs.
func TestShortDeflateRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	src, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		a := rng.IntN(len(src))
		b := a + rng.IntN(min(len(src)-a, 40000)+1)
		body := mutate(rng, src[a:b])
		for k := rng.IntN(4); k > 0; k-- {
			body = append(body, bytes.Repeat([]byte{byte(rng.IntN(256))}, rng.IntN(1000))...)
		}
		checkPack(t, body)
	}
}

// FuzzShortDeflate packs any body and inflates it.
func FuzzShortDeflate(f *testing.F) {
	f.Add([]byte("## Progress\n\nWe shipped it. We shipped it again.\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		checkPack(t, body)
	})
}

// TestLoadPackedBodies: a load that keeps every body deflated gives the
// same Markdown as one that keeps them all plain.
func TestLoadPackedBodies(t *testing.T) {
	plain, err := (&Loader{PlainBodies: -1}).Load("..")
	if err != nil {
		t.Fatal(err)
	}
	packed, err := (&Loader{PlainBodies: 1}).Load("..")
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.CheckIns) == 0 || len(packed.CheckIns) != len(plain.CheckIns) {
		t.Fatalf("%d and %d check-ins", len(plain.CheckIns), len(packed.CheckIns))
	}
	short := 0
	for i, c := range packed.CheckIns {
		if c.bodyHeld == heldShort {
			short++
		}
		if !bytes.Equal(c.Markdown(), plain.CheckIns[i].Markdown()) {
			t.Errorf("%s: body differs when deflated", c.Source)
		}
	}
	if short == 0 {
		t.Error("no body deflated with shortDeflateTables")
	}
}

// BenchmarkBodies packs and reads back the example site's check-in
// bodies, by compress/flate and with shortDeflateTables.
func BenchmarkBodies(b *testing.B) {
	var bodies [][]byte
	files, _ := filepath.Glob("../content/checkins/*.md")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		_, body, _, _, _, _ := splitFrontMatter(src)
		bodies = append(bodies, body)
	}
	for _, way := range []struct {
		name string
		pack func([]byte) ([]byte, held)
	}{
		{"flate", func(body []byte) ([]byte, held) { return deflate(body), heldDeflated }},
		{"short", pack},
	} {
		b.Run(way.name+"/pack", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, body := range bodies {
					way.pack(body)
				}
			}
		})
		cs := make([]*CheckIn, len(bodies))
		size := 0
		for i, body := range bodies {
			packed, h := way.pack(body)
			cs[i] = &CheckIn{body: packed, bodyHeld: h}
			size += len(packed)
		}
		b.Run(way.name+"/read", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, c := range cs {
					c.Markdown()
				}
			}
			b.ReportMetric(float64(size), "packed-bytes")
		})
	}
}
