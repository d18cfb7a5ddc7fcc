package render

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// benchSite is a site shaped like the large one of bench/largesite: a
// page of about 3 KB in a folder of its own for each of n check-ins, and
// a few hundred pages besides.
func benchSite(n int) map[string][]byte {
	files := map[string][]byte{}
	for i := range n {
		files[fmt.Sprintf("checkins/c%05d/index.html", i)] = []byte(strings.Repeat(fmt.Sprintf("check-in %d ", i), 250))
	}
	for i := range 400 {
		files[fmt.Sprintf("krs/kr%d.html", i)] = []byte(strings.Repeat(fmt.Sprintf("kr %d ", i), 1000))
	}
	return files
}

// benchWrite writes files to dest as a build does, from 4 goroutines.
func benchWrite(tb testing.TB, dest string, files map[string][]byte) {
	w, err := NewDirWriter(dest)
	if err != nil {
		tb.Fatal(err)
	}
	paths := make(chan string)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range paths {
				if err := w.Put(p, files[p]); err != nil {
					tb.Error(err)
				}
			}
		}()
	}
	for p := range files {
		paths <- p
	}
	close(paths)
	wg.Wait()
	if err := w.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkWrite measures DirWriter alone on the three flows of a build:
// into a new folder, over the previous output with one page changed, and
// with nothing changed. TMPDIR says which file system:
// TMPDIR=/dev/shm go test -bench Write -run XXX ./render.
func BenchmarkWrite(b *testing.B) {
	files := benchSite(10000)
	b.Run("new", func(b *testing.B) {
		dir := b.TempDir()
		i := 0
		for b.Loop() {
			i++
			benchWrite(b, filepath.Join(dir, fmt.Sprint("public", i)), files)
		}
	})
	b.Run("one-changed", func(b *testing.B) {
		dest := filepath.Join(b.TempDir(), "public")
		benchWrite(b, dest, files)
		i := 0
		for b.Loop() {
			i++
			files["checkins/c00042/index.html"] = fmt.Appendf(nil, "edited %d", i%2)
			benchWrite(b, dest, files)
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		dest := filepath.Join(b.TempDir(), "public")
		benchWrite(b, dest, files)
		for b.Loop() {
			benchWrite(b, dest, files)
		}
	})
}
