package render

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// TestInterruptDuringPuts: Ctrl-C while files are being written leaves
// nothing beside the destination, however the writes in flight fall, and
// a Put after Interrupt writes nothing and fails.
func TestInterruptDuringPuts(t *testing.T) {
	for i := 0; i < 50; i++ {
		dir := t.TempDir()
		dest := filepath.Join(dir, "public")
		w, err := NewDirWriter(dest)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for f := 0; f < 20; f++ {
					w.Put(fmt.Sprintf("q%d/o%d/index.html", g, f), []byte("x"))
				}
			}()
		}
		close(start)
		w.Interrupt()
		wg.Wait()
		if n := names(t, dir); n != "" {
			t.Fatalf("run %d: left beside public/: %s", i, n)
		}
		if err := w.Put("late.html", []byte("x")); err == nil {
			t.Fatal("Put after Interrupt succeeded")
		}
		if n := names(t, dir); n != "" {
			t.Fatalf("run %d: Put after Interrupt wrote: %s", i, n)
		}
	}
}
