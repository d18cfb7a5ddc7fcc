package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/okrgen/okrgen/internal/sitetest"
)

// hangTimeout is how long a step may take before the test calls it a hang:
// far above what a working watcher needs (milliseconds), far below forever.
const hangTimeout = 10 * time.Second

// TestChurnDoesNotDeadlock moves folder trees out of a watched site and
// deletes them, in a loop, under several watchers at once, in the site's
// content/ and in a team's, while the team folders watched change. fsnotify's
// reader sends some errors while holding its lock, so a watcher that calls
// Add or Remove from the goroutine draining Errors deadlocks: it then sees
// no more changes, and Run and Close never return. Every watcher must still
// see a change made after the churn, in the site and in the team, and stop
// when told to. The team's marker is written after the last Sites call
// returns, which is once the team is watched again: the loop applies Sites
// late on a loaded machine, and a file already there when it does is the
// team's as read, no change.
func TestChurnDoesNotDeadlock(t *testing.T) {
	const (
		watchers = 4
		churners = 2
		rounds   = 300 // per churner; the churn stops earlier at churnTime
	)
	churnTime := 2 * time.Second
	if testing.Short() {
		churnTime = 500 * time.Millisecond
	}
	dir := t.TempDir()
	outside := t.TempDir() // on the same file system: renames, not copies
	sitetest.WriteFile(t, dir, "okr.toml", "title = \"T\"\n")
	sitetest.WriteFile(t, dir, "content/checkins/a.md", "a\n")
	sitetest.WriteFile(t, dir, "teams/t/okr.toml", "title = \"T\"\n")
	sitetest.WriteFile(t, dir, "teams/t/content/checkins/a.md", "a\n")

	const marker, teamMarker = "content/checkins/marker.md", "teams/t/content/checkins/marker.md"
	type running struct {
		w      *Watcher
		cancel context.CancelFunc
		done   chan struct{}
		marked chan struct{}
		team   chan struct{} // closed when the team's marker is seen
	}
	var all []*running
	for i := 0; i < watchers; i++ {
		w, err := New(dir, 5*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		w.Sites([]string{"teams/t"})
		r := &running{w: w, cancel: cancel, done: make(chan struct{}), marked: make(chan struct{}), team: make(chan struct{})}
		var once, teamOnce sync.Once
		go func() {
			defer close(r.done)
			w.Run(ctx, func(b []string) {
				if contains(b, marker) {
					once.Do(func() { close(r.marked) })
				}
				if contains(b, teamMarker) {
					teamOnce.Do(func() { close(r.team) })
				}
			})
		}()
		all = append(all, r)
	}

	// One more watcher is never run, only closed: it must not wait for
	// anyone to take what fsnotify sends.
	idle, err := New(dir, 5*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}

	// The team folders watched change all along the churn.
	stop := make(chan struct{})
	toggled := make(chan struct{})
	go func() {
		defer close(toggled)
		lists := [][]string{{"teams/t", "teams/u"}, {}, {"teams/t"}}
		for i := 0; ; i++ {
			select {
			case <-stop:
				for _, r := range all {
					r.w.Sites([]string{"teams/t"})
				}
				return
			case <-time.After(time.Millisecond):
			}
			for _, r := range all {
				r.w.Sites(lists[i%len(lists)])
			}
		}
	}()
	churn(dir, outside, churners, rounds, churnTime)
	close(stop)
	<-toggled

	sitetest.WriteFile(t, dir, marker, "m\n")
	sitetest.WriteFile(t, dir, teamMarker, "m\n")
	for i, r := range all {
		for _, m := range []struct {
			which, name string
			seen        chan struct{}
		}{{"root", marker, r.marked}, {"team", teamMarker, r.team}} {
			select {
			case <-m.seen:
			case <-time.After(hangTimeout):
				t.Fatalf("watcher %d never reported the %s marker %s written after the churn: deadlocked, or the save was missed", i, m.which, m.name)
			}
		}
	}
	closeSoon(t, "the idle watcher", idle)
	for i, r := range all {
		r.cancel()
		select {
		case <-r.done:
		case <-time.After(hangTimeout):
			t.Fatalf("watcher %d: Run did not return after its context was done", i)
		}
		closeSoon(t, fmt.Sprintf("watcher %d", i), r.w)
	}
}

// closeSoon closes w, and fails the test if Close hangs.
func closeSoon(t *testing.T, name string, w *Watcher) {
	t.Helper()
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		w.Close()
	}()
	select {
	case <-closed:
	case <-time.After(hangTimeout):
		t.Fatalf("%s: Close did not return", name)
	}
}

// churn creates folder trees under dir's content/ and the team's
// (teams/t/content/), moves them to outside and deletes them there, in a
// loop of rounds on each of churners goroutines, until the time is up.
func churn(dir, outside string, churners, rounds int, d time.Duration) {
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for c := 0; c < churners; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds && time.Now().Before(deadline); i++ {
				name := fmt.Sprintf("t%d-%d", c, i)
				tree := filepath.Join(dir, "content", name)
				if i%2 == 1 {
					tree = filepath.Join(dir, "teams", "t", "content", name)
				}
				for _, sub := range []string{"a/b/c", "a/d", "e"} {
					p := filepath.Join(tree, filepath.FromSlash(sub))
					if os.MkdirAll(p, 0o755) == nil {
						os.WriteFile(filepath.Join(p, "x.md"), []byte("x\n"), 0o644)
					}
				}
				away := filepath.Join(outside, name)
				if os.Rename(tree, away) == nil {
					os.RemoveAll(away)
				}
			}
		}()
	}
	wg.Wait()
}

// Run returns when the watcher is closed, even with its context alive.
func TestRunReturnsAfterClose(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteFile(t, dir, "okr.toml", "title = \"T\"\n")
	w, err := New(dir, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(context.Background(), func([]string) {})
	}()
	sitetest.WriteFile(t, dir, "okr.toml", "title = \"U\"\n")
	w.Close()
	select {
	case <-done:
	case <-time.After(hangTimeout):
		t.Fatal("Run did not return after Close")
	}
}

// Past maxInbox, events are dropped and the inbox says so.
func TestInboxLimit(t *testing.T) {
	w := &Watcher{arrived: make(chan struct{}, 1)}
	ev := fsnotify.Event{Name: "x", Op: fsnotify.Write}
	for i := 0; i <= maxInbox; i++ {
		w.put(ev, false)
	}
	if evs, overflow := w.takeInbox(); len(evs) != maxInbox || !overflow {
		t.Errorf("inbox holds %d events, overflow %v; want %d, true", len(evs), overflow, maxInbox)
	}
	if evs, overflow := w.takeInbox(); len(evs) != 0 || overflow {
		t.Errorf("after take: %d events, overflow %v", len(evs), overflow)
	}
}

// After lost events the tree is scanned again: a batch of every file goes
// out, and a folder whose Create was lost is watched.
func TestOverflowRescans(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteFile(t, dir, "okr.toml", "title = \"T\"\n")
	sitetest.WriteFile(t, dir, "content/checkins/a.md", "a\n")
	w, err := New(dir, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := os.MkdirAll(filepath.Join(dir, "content/checkins/q4"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Lose the folder's Create event.
	for deadline := time.Now().Add(hangTimeout); ; time.Sleep(time.Millisecond) {
		if evs, _ := w.takeInbox(); len(evs) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no event for a new folder")
		}
	}
	w.put(fsnotify.Event{}, true)
	ch := make(chan []string, 16)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx, func(b []string) { ch <- b })
	expect(t, ch, "content/checkins/a.md", "okr.toml")
	step(t, dir, ch, func() { sitetest.WriteFile(t, dir, "content/checkins/q4/b.md", "b\n") }, "content/checkins/q4/b.md")
}
