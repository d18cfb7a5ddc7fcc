package render

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand"
	"path/filepath"
	"testing"

	"github.com/okrgen/okrgen/bench/largesite"
	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

// streamSite is a Site that also takes files in pieces (StreamOutput),
// counting the writes of each.
type streamSite struct {
	Site
	writes  map[string]int
	largest map[string]int // the largest write of each
}

func (s *streamSite) PutStream(p string, write func(io.Writer) error) error {
	var b bytes.Buffer
	n, largest := 0, 0
	err := write(writerFunc(func(d []byte) (int, error) { n++; largest = max(largest, len(d)); return b.Write(d) }))
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.writes[p] = n
	s.largest[p] = largest
	s.mu.Unlock()
	return s.Put(p, b.Bytes())
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestDataStreamed checks that data.json written to a StreamOutput, in
// pieces none much over dataChunk, has the bytes of the one held whole, on random sites and on a
// generated one large enough to take several pieces.
func TestDataStreamed(t *testing.T) {
	var dirs []string
	for seed := int64(1); seed <= 20; seed++ {
		g := genRandomSite(rand.New(rand.NewSource(seed)))
		dirs = append(dirs, sitetest.Write(t, g.files))
	}
	large := filepath.Join(t.TempDir(), "large")
	p := largesite.Default
	p.CheckIns = 600
	if err := largesite.Generate(large, p); err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, large)
	asOf := okr.NewDate(2026, 11, 23)
	for _, dir := range dirs {
		site, err := okr.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		num := okr.Compute(site, asOf)
		whole, err := Render(site, num, Options{Theme: themes.Default(), Generator: "g"})
		if err != nil {
			t.Fatal(err)
		}
		s := &streamSite{writes: map[string]int{}, largest: map[string]int{}}
		if _, err := RenderTo(site, num, Options{Theme: themes.Default(), Generator: "g"}, s); err != nil {
			t.Fatal(err)
		}
		got, want := s.Files["data.json"], whole.Files["data.json"]
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: data.json streamed differs from data.json held whole", dir)
		}
		if !json.Valid(got) {
			t.Fatalf("%s: data.json is not JSON", dir)
		}
		if want := (len(got) + dataChunk - 1) / dataChunk; s.writes["data.json"] < min(want, 2) {
			t.Errorf("%s: data.json of %d bytes came in %d writes", dir, len(got), s.writes["data.json"])
		}
		if l := s.largest["data.json"]; l >= 2*dataChunk {
			t.Errorf("%s: data.json came in a piece of %d bytes; expected under %d", dir, l, 2*dataChunk)
		}
	}
}

// TestDataStreamError checks that an error of the writer ends
// writeSiteData with it.
func TestDataStreamError(t *testing.T) {
	g := genRandomSite(rand.New(rand.NewSource(3)))
	site, err := okr.Load(sitetest.Write(t, g.files))
	if err != nil {
		t.Fatal(err)
	}
	fail := io.ErrShortWrite
	err = writeSiteData(new(bytes.Buffer), writerFunc(func([]byte) (int, error) { return 0, fail }), okr.Compute(site, okr.NewDate(2026, 11, 23)), nil, "t", "g", false)
	if err != fail {
		t.Fatalf("got %v, want %v", err, fail)
	}
}
