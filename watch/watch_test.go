package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// site starts a watcher on a new site; batches arrive on the channel.
func site(t *testing.T, handle func([]string)) (string, chan []string) {
	t.Helper()
	return siteQuiet(t, 40*time.Millisecond, handle)
}

// siteQuiet is site with the watcher's quiet period.
func siteQuiet(t *testing.T, quiet time.Duration, handle func([]string)) (string, chan []string) {
	t.Helper()
	dir, w := newSite(t, quiet)
	return dir, run(t, w, handle)
}

// newSite makes a new site and a watcher on it, not running yet.
func newSite(t *testing.T, quiet time.Duration) (string, *Watcher) {
	t.Helper()
	dir := t.TempDir()
	sitetest.WriteFile(t, dir, "okr.toml", "title = \"T\"\n")
	sitetest.WriteFile(t, dir, "content/checkins/a.md", "a\n")
	sitetest.WriteFile(t, dir, "themes/default/layouts/base.html", "x")
	w, err := New(dir, quiet)
	if err != nil {
		t.Fatal(err)
	}
	return dir, w
}

// run runs w until the test ends; batches arrive on the channel.
func run(t *testing.T, w *Watcher, handle func([]string)) chan []string {
	ch := make(chan []string, 16)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx, func(b []string) {
			ch <- b
			if handle != nil {
				handle(b)
			}
		})
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		w.Close()
	})
	return ch
}

// queued makes a site, saves in it with the watcher not running yet,
// waits until every event of the save is in the watcher's inbox, then
// runs the watcher: the save is one burst however slow the machine is.
func queued(t *testing.T, save func(t *testing.T, dir string)) chan []string {
	t.Helper()
	dir, w := newSite(t, 40*time.Millisecond)
	save(t, dir)
	// Events come in order: once the last one is in, all are.
	sitetest.WriteFile(t, dir, "end-of-save", "") // at the root: watched, in no batch
	end := filepath.Join(dir, "end-of-save")
	for deadline := time.Now().Add(hangTimeout); !inInbox(w, end); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the save's events never came")
		}
	}
	return run(t, w, nil)
}

// inInbox reports whether an event of the file name waits in w's inbox.
func inInbox(w *Watcher, name string) bool {
	w.inMu.Lock()
	defer w.inMu.Unlock()
	for _, ev := range w.inbox {
		if ev.Name == name {
			return true
		}
	}
	return false
}

// step does one step of a test that follows a running watcher, and checks
// the files its batches name. However slow the machine, and so however
// the step's events split into bursts: it writes a marker file last, and
// reads batches until one names the marker. Events come in order, so every
// change of the step is in that batch or an earlier one. The files named,
// markers aside, must be exactly want.
func step(t *testing.T, dir string, ch chan []string, do func(), want ...string) {
	t.Helper()
	do()
	marker := fmt.Sprintf("themes/marker-%d", time.Now().UnixNano())
	sitetest.WriteFile(t, dir, marker, "")
	got := map[string]bool{}
	for !got[marker] {
		select {
		case b := <-ch:
			for _, p := range b {
				got[p] = true
			}
		case <-time.After(hangTimeout):
			t.Fatalf("no batch names the marker; want %v", want)
		}
	}
	var names []string
	for p := range got {
		if !strings.HasPrefix(p, "themes/marker-") {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	w := append([]string(nil), want...)
	sort.Strings(w)
	if strings.Join(names, " ") != strings.Join(w, " ") {
		t.Errorf("batches name %q, want %q", names, w)
	}
}

// expect waits for one batch of exactly the paths in want (in any order),
// then for quiet: no second batch.
func expect(t *testing.T, ch chan []string, want ...string) {
	t.Helper()
	select {
	case b := <-ch:
		got := append([]string(nil), b...)
		sort.Strings(got)
		w := append([]string(nil), want...)
		sort.Strings(w)
		if strings.Join(got, " ") != strings.Join(w, " ") {
			t.Errorf("batch %q, want %q", got, w)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no batch; want %v", want)
	}
	quiet(t, ch)
}

func quiet(t *testing.T, ch chan []string) {
	t.Helper()
	select {
	case b := <-ch:
		t.Errorf("unexpected batch %v", b)
	case <-time.After(300 * time.Millisecond):
	}
}

func contains(b []string, s string) bool {
	for _, x := range b {
		if x == s {
			return true
		}
	}
	return false
}

func TestEditorSaves(t *testing.T) {
	const a = "content/checkins/a.md"
	tests := []struct {
		name string
		save func(t *testing.T, dir string)
		want []string
	}{
		{"in place", func(t *testing.T, dir string) { sitetest.WriteFile(t, dir, a, "b\n") }, []string{a}},
		{"okr.toml", func(t *testing.T, dir string) { sitetest.WriteFile(t, dir, "okr.toml", "title = \"U\"\n") }, []string{"okr.toml"}},
		{"theme file", func(t *testing.T, dir string) { sitetest.WriteFile(t, dir, "themes/default/layouts/base.html", "y") }, []string{"themes/default/layouts/base.html"}},
		{"temp file then rename", func(t *testing.T, dir string) {
			sitetest.WriteFile(t, dir, a+".tmp", "c\n")
			os.Rename(filepath.Join(dir, a+".tmp"), filepath.Join(dir, a))
		}, []string{a}},
		{"delete then create", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, a))
			sitetest.WriteFile(t, dir, a, "d\n")
		}, []string{a}},
		{"vim, backupcopy=no", func(t *testing.T, dir string) {
			p := filepath.Join(dir, a)
			os.Rename(p, p+"~")
			sitetest.WriteFile(t, dir, "content/checkins/4913", "")
			os.Remove(filepath.Join(dir, "content/checkins/4913"))
			sitetest.WriteFile(t, dir, a, "e\n")
			os.Remove(p + "~")
		}, []string{a}},
		{"vim, swap file and 4913 then rename", func(t *testing.T, dir string) {
			p := filepath.Join(dir, a)
			sitetest.WriteFile(t, dir, "content/checkins/.a.md.swp", "swap")
			sitetest.WriteFile(t, dir, "content/checkins/4913", "")
			os.Remove(filepath.Join(dir, "content/checkins/4913"))
			sitetest.WriteFile(t, dir, a+"~", "backup")
			os.Rename(p, p+"~")
			sitetest.WriteFile(t, dir, a, "e\n")
			os.Remove(p + "~")
			os.Remove(filepath.Join(dir, "content/checkins/.a.md.swp"))
		}, []string{a}},
		{"sed -i: a temporary file of any name, renamed over", func(t *testing.T, dir string) {
			sitetest.WriteFile(t, dir, "content/checkins/sedAb12Cd", "g\n")
			os.Rename(filepath.Join(dir, "content/checkins/sedAb12Cd"), filepath.Join(dir, a))
		}, []string{a}},
		{"a new name then rename", func(t *testing.T, dir string) {
			sitetest.WriteFile(t, dir, a+".new", "h\n")
			os.Rename(filepath.Join(dir, a+".new"), filepath.Join(dir, a))
		}, []string{a}},
		{"JetBrains safe write", func(t *testing.T, dir string) {
			p := filepath.Join(dir, a)
			sitetest.WriteFile(t, dir, a+"___jb_tmp___", "f\n")
			os.Rename(p, p+"___jb_old___")
			os.Rename(p+"___jb_tmp___", p)
			os.Remove(p + "___jb_old___")
		}, []string{a}},
		{"new check-in in a new folder", func(t *testing.T, dir string) {
			sitetest.WriteFile(t, dir, "content/checkins/2026/11/b.md", "b\n")
		}, []string{"content/checkins/2026/11/b.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, queued(t, tt.save), tt.want...)
		})
	}
}

func TestIgnoredAndUnwatched(t *testing.T) {
	quiet(t, queued(t, func(t *testing.T, dir string) {
		sitetest.WriteFile(t, dir, "content/checkins/.a.md.swp", "x")
		sitetest.WriteFile(t, dir, "content/checkins/#a.md#", "x")
		sitetest.WriteFile(t, dir, "content/checkins/.#a.md", "x")
		sitetest.WriteFile(t, dir, "public/index.html", "x")
		sitetest.WriteFile(t, dir, "notes.txt", "x")
		os.Chmod(filepath.Join(dir, "content/checkins/a.md"), 0o600)
		// A file that comes and goes within a burst, whatever its name,
		// and an empty folder change nothing the build reads.
		sitetest.WriteFile(t, dir, "content/checkins/tmp12345", "x")
		os.Remove(filepath.Join(dir, "content/checkins/tmp12345"))
		os.Mkdir(filepath.Join(dir, "content/checkins/empty"), 0o755)
	}))
}

func TestFoldersComeAndGo(t *testing.T) {
	dir, ch := site(t, nil)
	writes := func(name, body string) func() { return func() { sitetest.WriteFile(t, dir, name, body) } }
	removes := func(name string) func() { return func() { os.RemoveAll(filepath.Join(dir, name)) } }
	step(t, dir, ch, writes("content/checkins/q4/b.md", "b\n"), "content/checkins/q4/b.md")
	// The new folder is watched: a later edit in it is seen.
	step(t, dir, ch, writes("content/checkins/q4/b.md", "c\n"), "content/checkins/q4/b.md")
	// Removed, then back (a git checkout).
	step(t, dir, ch, removes("content/checkins/q4"), "content/checkins/q4/b.md")
	step(t, dir, ch, writes("content/checkins/q4/c.md", "c\n"), "content/checkins/q4/c.md")
	// content/ itself, gone and back.
	step(t, dir, ch, removes("content"), "content/checkins/a.md", "content/checkins/q4/c.md")
	step(t, dir, ch, writes("content/checkins/d.md", "d\n"), "content/checkins/d.md")
	step(t, dir, ch, writes("content/checkins/d.md", "e\n"), "content/checkins/d.md")
}

// A burst of writes is one batch. One is promised only if the writes
// never pause for the quiet period: on a machine so busy that the writer
// itself stalls that long, the test tries again.
func TestBurstIsOneBatch(t *testing.T) {
	const quietPeriod = 200 * time.Millisecond
	for try := 1; ; try++ {
		dir, ch := siteQuiet(t, quietPeriod, nil)
		var stall time.Duration
		last := time.Now()
		for i := 0; i < 20; i++ {
			sitetest.WriteFile(t, dir, "content/checkins/a.md", strings.Repeat("x", i))
			sitetest.WriteFile(t, dir, "okr.toml", strings.Repeat("#", i))
			stall = max(stall, time.Since(last))
			last = time.Now()
		}
		var batches [][]string
		select {
		case b := <-ch:
			batches = append(batches, b)
		case <-time.After(hangTimeout):
			t.Fatal("no batch")
		}
		for more := true; more; {
			select {
			case b := <-ch:
				batches = append(batches, b)
			case <-time.After(300 * time.Millisecond):
				more = false
			}
		}
		if len(batches) == 1 && strings.Join(batches[0], " ") == "content/checkins/a.md okr.toml" {
			return
		}
		if stall < quietPeriod/2 {
			t.Fatalf("batches %q; the writer stalled %s at most", batches, stall)
		}
		if try == 3 {
			t.Skipf("the writer stalled %s in each of %d tries: too busy a machine to tell", stall, try)
		}
		t.Logf("the writer stalled %s: trying again", stall)
	}
}

// Changes made while a batch is handled, in two bursts, give exactly one
// more batch, after the first returns.
func TestChangeDuringRebuild(t *testing.T) {
	dir, w := newSite(t, 40*time.Millisecond)
	first := true
	busy, release := make(chan struct{}), make(chan struct{})
	ch := run(t, w, func(b []string) {
		if first {
			first = false
			close(busy)
			<-release
		}
	})
	// One event, one burst.
	os.Remove(filepath.Join(dir, "themes/default/layouts/base.html"))
	<-busy
	sitetest.WriteFile(t, dir, "content/checkins/a.md", "1")
	time.Sleep(100 * time.Millisecond) // a quiet period: a second burst
	sitetest.WriteFile(t, dir, "content/checkins/a.md", "2")
	// Events come in order: once a later file is pending, all are. Then
	// the first call returns.
	sitetest.WriteFile(t, dir, "content/checkins/z.md", "z")
	for deadline := time.Now().Add(hangTimeout); !isPending(w, "content/checkins/z.md"); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the changes never came")
		}
	}
	close(release)
	if b := <-ch; strings.Join(b, " ") != "themes/default/layouts/base.html" {
		t.Errorf("first batch %v", b)
	}
	expect(t, ch, "content/checkins/a.md", "content/checkins/z.md")
}

// isPending reports whether a site path waits in w's next batch.
func isPending(w *Watcher, p string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.pending[p]
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"a.md": false, "okr.toml": false, "2026-07-14-week-2.md": false,
		"a.md~": true, ".a.md.swp": true, ".a.md.swx": true, "4913": true, "#a.md#": true, ".#a.md": true,
		"a.md___jb_tmp___": true, "a.md___jb_old___": true, "a.md.tmp": true, ".DS_Store": true,
	} {
		if Ignored(name) != want {
			t.Errorf("Ignored(%q) = %v", name, !want)
		}
	}
}
