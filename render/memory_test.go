package render_test

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/okrgen/okrgen/bench/largesite"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/render"
	"github.com/okrgen/okrgen/themes"
)

// discard is an Output that drops every file, as a DirWriter does once
// it has written it.
type discard struct{}

func (discard) Put(string, []byte) error { return nil }

// retainedAfterBuild loads, computes and renders a generated site of n
// check-ins, and returns the bytes of heap still live once the render is
// done with the model in hand: what a site keeps per check-in.
func retainedAfterBuild(t *testing.T, n int, plainBodies int64) uint64 {
	t.Helper()
	p := largesite.Default
	p.CheckIns = n
	dir := filepath.Join(t.TempDir(), "site")
	if err := largesite.Generate(dir, p); err != nil {
		t.Fatal(err)
	}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	site, err := (&okr.Loader{PlainBodies: plainBodies}).Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	asOf, err := okr.ParseDate("2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	num := okr.Compute(site, asOf)
	if _, err := render.RenderTo(site, num, render.Options{Theme: themes.Default()}, discard{}); err != nil {
		t.Fatal(err)
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(site)
	runtime.KeepAlive(num)
	return after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
}

// TestMemoryPerCheckInIsFlat builds sites of 2,000 and 8,000 check-ins and
// checks that what each further check-in keeps stays small: its numbers,
// its lists' entries and its body, deflated past the Loader's budget,
// not the file it was read from nor anything its page was rendered with.
func TestMemoryPerCheckInIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and builds 10,000 check-ins")
	}
	for _, tc := range []struct {
		name        string
		plainBodies int64
		max         uint64 // bytes per further check-in
	}{
		// Bodies of ~2 KB each kept plain, and model ~1 KB: a file
		// read whole (3 KB with its spare capacity) would fail it.
		{"plain bodies", -1, 4 << 10},
		// Every body deflated, to about a third.
		{"deflated bodies", 1, 2 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			small := retainedAfterBuild(t, 2000, tc.plainBodies)
			large := retainedAfterBuild(t, 8000, tc.plainBodies)
			per := (max(large, small) - small) / 6000
			t.Logf("retained: %d KB at 2,000 check-ins, %d KB at 8,000: %d bytes per further check-in", small>>10, large>>10, per)
			if per > tc.max {
				t.Errorf("each check-in beyond 2,000 keeps %d bytes; expected at most %d", per, tc.max)
			}
		})
	}
}
