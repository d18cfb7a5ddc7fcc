package okr

import (
	"path/filepath"
	"testing"

	"github.com/okrgen/okrgen/bench/largesite"
)

// BenchmarkLoadLarge measures a whole load of the large site of
// bench/largesite (10,000 check-ins; 1,000 with -short) by a new Loader
// each time, as a build does: go test -bench LoadLarge -run XXX ./okr.
func BenchmarkLoadLarge(b *testing.B) {
	p := largesite.Default
	if testing.Short() {
		p.CheckIns = 1000
	}
	dir := filepath.Join(b.TempDir(), "site")
	if err := largesite.Generate(dir, p); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		site, err := new(Loader).Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		if len(site.CheckIns) != p.CheckIns {
			b.Fatalf("%d check-ins, want %d", len(site.CheckIns), p.CheckIns)
		}
	}
}
