package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/render"
	"github.com/okrgen/okrgen/watch"
)

// TestBuildWatchKeepsUsersFile: a file the user saves into public/ while
// build --watch runs is not deleted by the next rebuild, which says why it
// left public/ as it was.
func TestBuildWatchKeepsUsersFile(t *testing.T) {
	b := startWatchBuild(t)
	b.waitFor(t, "first build", func() bool { return strings.Contains(b.data(), `"current":150`) })
	b.waitFor(t, "watching", func() bool { return strings.Contains(b.out.String(), "watching") })
	sitetest.WriteFile(t, b.dir, "public/mine.txt", "the user's")
	sitetest.WriteFile(t, b.dir, "content/checkins/a.md", checkIn("2026-07-14", 140))
	b.waitFor(t, "rebuild refused", func() bool {
		return strings.Contains(b.errOut.String(), "holds files okrgen did not write (mine.txt)")
	})
	if mine, _ := os.ReadFile(filepath.Join(b.dest, "mine.txt")); string(mine) != "the user's" {
		t.Errorf("public/mine.txt = %q", mine)
	}
	if !strings.Contains(b.data(), `"current":150`) {
		t.Error("the refused rebuild changed public/")
	}
	b.cancel()
	if code := <-b.done; code != 0 {
		t.Errorf("exit %d", code)
	}
	if entries, _ := os.ReadDir(b.dir); len(entries) != 3 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("site folder holds %v", names)
	}
}

// watchedBuild is build --watch running on a site of one check-in,
// writing dir/public, as of 2026-08-15.
type watchedBuild struct {
	dir, dest   string
	out, errOut *syncBuffer
	done        chan int // its exit status
	cancel      context.CancelFunc
}

// startWatchBuild starts build --watch on a new site.
func startWatchBuild(t *testing.T) *watchedBuild {
	t.Helper()
	dir := t.TempDir()
	sitetest.WriteFile(t, dir, "okr.toml", liveTOML)
	sitetest.WriteFile(t, dir, "content/checkins/a.md", checkIn("2026-07-14", 150))
	p := &pipeline{src: dir, pdfs: false, dest: filepath.Join(dir, "public")}
	p.asOf.Set("2026-08-15")
	ctx, cancel := context.WithCancel(context.Background())
	b := &watchedBuild{dir: dir, dest: p.dest, out: &syncBuffer{}, errOut: &syncBuffer{}, done: make(chan int), cancel: cancel}
	go func() { b.done <- watchBuild(ctx, p, false, b.out, b.errOut) }()
	return b
}

// waitFor waits up to 10 s for ok, and fails the test with what otherwise.
func (b *watchedBuild) waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("%s\nstdout:\n%s\nstderr:\n%s", what, b.out, b.errOut)
}

// data returns public/data.json.
func (b *watchedBuild) data() string {
	d, _ := os.ReadFile(filepath.Join(b.dest, "data.json"))
	return string(d)
}

// TestSourcesAreWatched: the folders -d may not be inside (render's list)
// are what build --watch watches, so no output can trigger a rebuild.
func TestSourcesAreWatched(t *testing.T) {
	var names []string
	for _, n := range render.SourceNames {
		names = append(names, strings.TrimSuffix(n, "/"))
	}
	if strings.Join(names, " ") != strings.Join(watch.Watched, " ") {
		t.Errorf("render.SourceNames %v, watch.Watched %v", render.SourceNames, watch.Watched)
	}
}

// TestBuildWatchOrganisation: build --watch rebuilds on a save in a team's
// folder.
func TestBuildWatchOrganisation(t *testing.T) {
	dir := sitetest.Write(t, orgFiles())
	p := &pipeline{src: dir, dest: filepath.Join(dir, "public")}
	p.asOf.Set("2026-08-15")
	ctx, cancel := context.WithCancel(context.Background())
	b := &watchedBuild{dir: dir, dest: p.dest, out: &syncBuffer{}, errOut: &syncBuffer{}, done: make(chan int), cancel: cancel}
	go func() { b.done <- watchBuild(ctx, p, false, b.out, b.errOut) }()
	team := func() string {
		d, _ := os.ReadFile(filepath.Join(b.dest, "teams/web/data.json"))
		return string(d)
	}
	b.waitFor(t, "first build", func() bool { return strings.Contains(team(), `"current":200`) })
	b.waitFor(t, "watching", func() bool { return strings.Contains(b.out.String(), "watching") })
	sitetest.WriteFile(t, dir, "teams/web/content/checkins/b.md", checkIn("2026-07-14", 180))
	b.waitFor(t, "rebuild after a team's edit", func() bool { return strings.Contains(team(), `"current":180`) })
	b.cancel()
	if code := <-b.done; code != 0 {
		t.Errorf("exit %d", code)
	}
}
