package watch

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// TestSettled: a build of a batch begun at t is settled once the tree has
// been quiet for the wait, unless a change after t makes a batch: then
// it is not, and the batch follows; a temporary file that came and went
// after t changed nothing, and the build is settled.
func TestSettled(t *testing.T) {
	const wait = 60 * time.Millisecond
	dir, w := newSite(t, 5*time.Millisecond)
	settled := make(chan bool, 4)
	// noteAfter makes a change with do and waits until the watcher has
	// noted it.
	noteAfter := func(start time.Time, do func()) {
		do()
		for time.Unix(0, w.lastNoted.Load()).Before(start) {
			time.Sleep(time.Millisecond)
		}
	}
	round := 0
	ch := run(t, w, func(batch []string) {
		round++
		start := time.Now()
		switch round {
		case 1: // overtaken by an edit
			noteAfter(start, func() { sitetest.WriteFile(t, dir, "content/checkins/b.md", "b\n") })
		case 2: // a temporary file came and went
			noteAfter(start, func() {
				tmp := filepath.Join(dir, "content", "checkins", "c.md")
				os.WriteFile(tmp, []byte("x"), 0o644)
				os.Remove(tmp)
			})
		}
		begun := time.Now()
		ok := w.Settled(start, wait)
		if ok && time.Since(begun) < wait/2 {
			t.Errorf("round %d: settled without waiting", round)
		}
		settled <- ok
	})
	next := func(want string) {
		t.Helper()
		select {
		case b := <-ch:
			if len(b) != 1 || b[0] != want {
				t.Errorf("batch %q, want [%s]", b, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no batch; want [%s]", want)
		}
	}
	sitetest.WriteFile(t, dir, "content/checkins/a.md", "a, edited\n")
	next("content/checkins/a.md")
	if <-settled {
		t.Error("a build overtaken by an edit is settled")
	}
	next("content/checkins/b.md")
	if !<-settled {
		t.Error("a temporary file that came and went unsettled the build")
	}
	quiet(t, ch)
}
