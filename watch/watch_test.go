package watch

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// site starts a watcher on a new site; batches arrive on the channel.
func site(t *testing.T, handle func([]string)) (string, chan []string) {
	t.Helper()
	return siteQuiet(t, 40*time.Millisecond, handle)
}

// siteQuiet is site with the watcher's quiet period.
func siteQuiet(t *testing.T, quiet time.Duration, handle func([]string)) (string, chan []string) {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "okr.toml", "title = \"T\"\n")
	write(t, dir, "content/checkins/a.md", "a\n")
	write(t, dir, "themes/default/layouts/base.html", "x")
	w, err := New(dir, quiet)
	if err != nil {
		t.Fatal(err)
	}
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
	return dir, ch
}

func write(t *testing.T, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
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
		{"in place", func(t *testing.T, dir string) { write(t, dir, a, "b\n") }, []string{a}},
		{"okr.toml", func(t *testing.T, dir string) { write(t, dir, "okr.toml", "title = \"U\"\n") }, []string{"okr.toml"}},
		{"theme file", func(t *testing.T, dir string) { write(t, dir, "themes/default/layouts/base.html", "y") }, []string{"themes/default/layouts/base.html"}},
		{"temp file then rename", func(t *testing.T, dir string) {
			write(t, dir, a+".tmp", "c\n")
			os.Rename(filepath.Join(dir, a+".tmp"), filepath.Join(dir, a))
		}, []string{a}},
		{"delete then create", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, a))
			write(t, dir, a, "d\n")
		}, []string{a}},
		{"vim, backupcopy=no", func(t *testing.T, dir string) {
			p := filepath.Join(dir, a)
			os.Rename(p, p+"~")
			write(t, dir, "content/checkins/4913", "")
			os.Remove(filepath.Join(dir, "content/checkins/4913"))
			write(t, dir, a, "e\n")
			os.Remove(p + "~")
		}, []string{a}},
		{"vim, swap file and 4913 then rename", func(t *testing.T, dir string) {
			p := filepath.Join(dir, a)
			write(t, dir, "content/checkins/.a.md.swp", "swap")
			write(t, dir, "content/checkins/4913", "")
			os.Remove(filepath.Join(dir, "content/checkins/4913"))
			write(t, dir, a+"~", "backup")
			os.Rename(p, p+"~")
			write(t, dir, a, "e\n")
			os.Remove(p + "~")
			os.Remove(filepath.Join(dir, "content/checkins/.a.md.swp"))
		}, []string{a}},
		{"sed -i: a temporary file of any name, renamed over", func(t *testing.T, dir string) {
			write(t, dir, "content/checkins/sedAb12Cd", "g\n")
			os.Rename(filepath.Join(dir, "content/checkins/sedAb12Cd"), filepath.Join(dir, a))
		}, []string{a}},
		{"a new name then rename", func(t *testing.T, dir string) {
			write(t, dir, a+".new", "h\n")
			os.Rename(filepath.Join(dir, a+".new"), filepath.Join(dir, a))
		}, []string{a}},
		{"JetBrains safe write", func(t *testing.T, dir string) {
			p := filepath.Join(dir, a)
			write(t, dir, a+"___jb_tmp___", "f\n")
			os.Rename(p, p+"___jb_old___")
			os.Rename(p+"___jb_tmp___", p)
			os.Remove(p + "___jb_old___")
		}, []string{a}},
		{"new check-in in a new folder", func(t *testing.T, dir string) {
			write(t, dir, "content/checkins/2026/11/b.md", "b\n")
		}, []string{"content/checkins/2026/11/b.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, ch := site(t, nil)
			tt.save(t, dir)
			expect(t, ch, tt.want...)
		})
	}
}

func TestIgnoredAndUnwatched(t *testing.T) {
	dir, ch := site(t, nil)
	write(t, dir, "content/checkins/.a.md.swp", "x")
	write(t, dir, "content/checkins/#a.md#", "x")
	write(t, dir, "content/checkins/.#a.md", "x")
	write(t, dir, "public/index.html", "x")
	write(t, dir, "notes.txt", "x")
	os.Chmod(filepath.Join(dir, "content/checkins/a.md"), 0o600)
	// A file that comes and goes within a burst, whatever its name, and an
	// empty folder change nothing the build reads.
	write(t, dir, "content/checkins/tmp12345", "x")
	os.Remove(filepath.Join(dir, "content/checkins/tmp12345"))
	os.Mkdir(filepath.Join(dir, "content/checkins/empty"), 0o755)
	quiet(t, ch)
}

func TestFoldersComeAndGo(t *testing.T) {
	dir, ch := site(t, nil)
	write(t, dir, "content/checkins/q4/b.md", "b\n")
	expect(t, ch, "content/checkins/q4/b.md")
	// The new folder is watched: a later edit in it is seen.
	write(t, dir, "content/checkins/q4/b.md", "c\n")
	expect(t, ch, "content/checkins/q4/b.md")
	// Removed, then back (a git checkout).
	os.RemoveAll(filepath.Join(dir, "content/checkins/q4"))
	expect(t, ch, "content/checkins/q4/b.md")
	write(t, dir, "content/checkins/q4/c.md", "c\n")
	expect(t, ch, "content/checkins/q4/c.md")
	// content/ itself, gone and back.
	os.RemoveAll(filepath.Join(dir, "content"))
	expect(t, ch, "content/checkins/a.md", "content/checkins/q4/c.md")
	write(t, dir, "content/checkins/d.md", "d\n")
	expect(t, ch, "content/checkins/d.md")
	write(t, dir, "content/checkins/d.md", "e\n")
	expect(t, ch, "content/checkins/d.md")
}

func TestBurstIsOneBatch(t *testing.T) {
	// A quiet period well above a busy machine's pauses between writes,
	// below quiet's wait for a second batch.
	dir, ch := siteQuiet(t, 200*time.Millisecond, nil)
	for i := 0; i < 20; i++ {
		write(t, dir, "content/checkins/a.md", strings.Repeat("x", i))
		write(t, dir, "okr.toml", strings.Repeat("#", i))
	}
	expect(t, ch, "content/checkins/a.md", "okr.toml")
}

// A change made while a batch is handled gives exactly one more batch,
// after the first returns.
func TestChangeDuringRebuild(t *testing.T) {
	var dir string
	first := true
	busy := make(chan struct{})
	dir, ch := site(t, func(b []string) {
		if first {
			first = false
			close(busy)
			time.Sleep(400 * time.Millisecond)
		}
	})
	write(t, dir, "okr.toml", "title = \"A\"\n")
	<-busy
	write(t, dir, "content/checkins/a.md", "1")
	time.Sleep(100 * time.Millisecond)
	write(t, dir, "content/checkins/a.md", "2")
	b := <-ch
	if !contains(b, "okr.toml") {
		t.Errorf("first batch %v", b)
	}
	expect(t, ch, "content/checkins/a.md")
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
