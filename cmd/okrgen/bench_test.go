package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

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

// BenchmarkBuild measures whole builds, from reading the files to the
// swapped-in output folder, each into a new folder (the last one deleted
// with the timer stopped): go test -bench Build -run XXX ./cmd/okrgen.
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
			p := &pipeline{src: dir, pdfs: bc.pdfs}
			p.asOf.Set("2026-11-23")
			i := 0
			for b.Loop() {
				b.StopTimer()
				os.RemoveAll(p.dest)
				i++
				p.dest = filepath.Join(dir, fmt.Sprintf("public-%d", i))
				b.StartTimer()
				if _, err := buildOnce(p, false, nil, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			os.RemoveAll(p.dest)
		})
	}
}

// BenchmarkRebuild measures the three build flows of bench/compare-hugo.sh
// on the large site, HTML only: "new" builds into a new, empty folder each
// time; "edit" builds again over the previous output after one check-in
// was edited; "same" builds again over it with nothing changed. The
// folders of "new" are deleted with the timer stopped:
// go test -bench Rebuild -run XXX ./cmd/okrgen.
func BenchmarkRebuild(b *testing.B) {
	large := largesite.Default
	if testing.Short() {
		large.CheckIns = 1000
	}
	for _, flow := range []string{"new", "edit", "same"} {
		b.Run("large/"+flow, func(b *testing.B) {
			dir := largeSiteDir(b, large)
			edited := middleCheckIn(b, dir)
			p := &pipeline{src: dir, dest: filepath.Join(dir, "public"), reuse: true}
			p.asOf.Set("2026-11-23")
			if flow != "new" {
				// The output built over, and for "same" the record of a
				// build once the site is older than the racy window.
				if _, err := buildOnce(p, false, nil, nil); err != nil {
					b.Fatal(err)
				}
				if flow == "same" {
					time.Sleep(racy)
					if _, err := buildOnce(p, false, nil, nil); err != nil {
						b.Fatal(err)
					}
				}
			}
			var made []string
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				switch flow {
				case "new":
					p.dest = filepath.Join(dir, fmt.Sprintf("public-%d", i))
					made = append(made, p.dest)
				case "edit":
					f, err := os.OpenFile(edited, os.O_APPEND|os.O_WRONLY, 0)
					if err == nil {
						_, err = fmt.Fprintf(f, "\nEdited for run %d.\n", i)
						f.Close()
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				if _, err := buildOnce(p, false, nil, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			for _, d := range made {
				os.RemoveAll(d)
			}
			os.RemoveAll(filepath.Join(dir, "public"))
		})
	}
}

// middleCheckIn returns the path of the middle check-in of the site in
// dir, by name: the one the edit flow changes.
func middleCheckIn(b testing.TB, dir string) string {
	b.Helper()
	var files []string
	filepath.WalkDir(filepath.Join(dir, "content", "checkins"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".md" {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		b.Fatal("no check-ins")
	}
	sort.Strings(files)
	return files[(len(files)-1)/2]
}
