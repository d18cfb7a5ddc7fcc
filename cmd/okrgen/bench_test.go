package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/okrgen/okrgen/bench/largesite"
	"github.com/okrgen/okrgen/internal/sitetest"
)

// largeSiteDir generates the benchmarks' large site once per run.
func largeSiteDir(b *testing.B, p largesite.Params) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "site")
	if err := largesite.Generate(dir, p); err != nil {
		b.Fatal(err)
	}
	return dir
}

// exampleDir copies the example site.
func exampleDir(b *testing.B) string { return sitetest.Write(b, copyExample(b)) }

// BenchmarkBuild measures okrgen build, from reading the files to the
// swapped-in output folder: go test -bench Build -run XXX ./cmd/okrgen.
func BenchmarkBuild(b *testing.B) {
	large := largesite.Default
	if testing.Short() {
		large.CheckIns = 1000
	}
	org := large
	org.Teams = 100
	flat := org
	flat.Flat = true
	for _, bc := range []struct {
		name string
		dir  func(*testing.B) string
		pdfs bool
	}{
		{"example", exampleDir, true},
		{"large/no-pdf", func(b *testing.B) string { return largeSiteDir(b, large) }, false},
		{"large/pdf", func(b *testing.B) string { return largeSiteDir(b, large) }, true},
		// The same check-ins in an organisation of 100 teams, and the
		// organisation's objectives and check-ins as one site (flat).
		{"org/no-pdf", func(b *testing.B) string { return largeSiteDir(b, org) }, false},
		{"flat/no-pdf", func(b *testing.B) string { return largeSiteDir(b, flat) }, false},
		{"org/pdf", func(b *testing.B) string { return largeSiteDir(b, org) }, true},
		{"flat/pdf", func(b *testing.B) string { return largeSiteDir(b, flat) }, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			dir := bc.dir(b)
			p := &pipeline{src: dir, pdfs: bc.pdfs, dest: filepath.Join(dir, "public")}
			p.asOf.Set("2026-11-23")
			for b.Loop() {
				if _, err := buildOnce(p, false, nil, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			os.RemoveAll(p.dest)
		})
	}
}
