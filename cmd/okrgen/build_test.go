package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/okrgen/okrgen/render"
	"github.com/okrgen/okrgen/watch"
)

// TestBuildWatchKeepsUsersFile: a file the user saves into public/ while
// build --watch runs is not deleted by the next rebuild, which says why it
// left public/ as it was.
func TestBuildWatchKeepsUsersFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "okr.toml", liveTOML)
	writeFile(t, dir, "content/checkins/a.md", checkIn("2026-07-14", 150))
	p := &pipeline{src: dir, pdfs: false}
	p.asOf.Set("2026-08-15")
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	done := make(chan int)
	dest := filepath.Join(dir, "public")
	go func() { done <- watchBuild(ctx, p, dest, false, out, errOut) }()
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if ok() {
				return
			}
		}
		t.Fatalf("%s\nstdout:\n%s\nstderr:\n%s", what, out, errOut)
	}
	data := func() string {
		b, _ := os.ReadFile(filepath.Join(dest, "data.json"))
		return string(b)
	}
	waitFor("first build", func() bool { return strings.Contains(data(), `"current":150`) })
	waitFor("watching", func() bool { return strings.Contains(out.String(), "watching") })
	writeFile(t, dir, "public/mine.txt", "the user's")
	writeFile(t, dir, "content/checkins/a.md", checkIn("2026-07-14", 140))
	waitFor("rebuild refused", func() bool {
		return strings.Contains(errOut.String(), "holds files okrgen did not write (mine.txt)")
	})
	if b, _ := os.ReadFile(filepath.Join(dest, "mine.txt")); string(b) != "the user's" {
		t.Errorf("public/mine.txt = %q", b)
	}
	if !strings.Contains(data(), `"current":150`) {
		t.Error("the refused rebuild changed public/")
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("site folder holds %v", names)
	}
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
