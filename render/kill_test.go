//go:build unix

package render

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// killSite is version v of a generated site of a few thousand files in
// a thousand folders: from one version to the next a fifth of the files
// change, some go, one comes; versions v and v+1 are the same when v is
// a multiple of 4 (a build that changes nothing).
func killSite(v int) map[string]string {
	if v > 0 && v%4 == 1 {
		v-- // version 4k+1 is version 4k
	}
	files := map[string]string{}
	for i := range 3000 {
		if i%97 == v%97 && v > 0 {
			continue
		}
		body := fmt.Sprintf("<p>file %d</p>\n", i)
		if (i+v)%5 == 0 {
			body += strings.Repeat(fmt.Sprintf("version %d ", v), 1+i%7)
		}
		files[fmt.Sprintf("s%d/d%d/f%d.html", i%10, i/3, i)] = body
	}
	files[fmt.Sprintf("new/v%d.html", v)] = "new"
	files["index.html"] = fmt.Sprintf("home, version %d", v)
	return files
}

// TestHelperKillBuild is the build TestKillAnyMoment kills: it writes
// killSite(OKRGEN_KILL_VERSION) to OKRGEN_KILL_BUILD as okrgen build does,
// on several goroutines, saying "start", "half" and "commit" as it goes.
func TestHelperKillBuild(t *testing.T) {
	dest := os.Getenv("OKRGEN_KILL_BUILD")
	if dest == "" {
		t.Skip("helper process")
	}
	v, _ := strconv.Atoi(os.Getenv("OKRGEN_KILL_VERSION"))
	files := killSite(v)
	paths := slices.Sorted(maps.Keys(files))
	os.Stdout.WriteString("start\n")
	w, err := NewDirWriterSpare(dest, os.Getenv("OKRGEN_KILL_SPARE"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var half sync.Once
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < len(paths); i += 4 {
				if i >= len(paths)/2 {
					half.Do(func() { os.Stdout.WriteString("half\n") })
				}
				if err := w.Put(paths[i], []byte(files[paths[i]])); err != nil {
					panic(err)
				}
			}
		}()
	}
	wg.Wait()
	os.Stdout.WriteString("commit\n")
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("done\n")
}

// TestKillAnyMoment: a build killed with SIGKILL at any moment (as it
// starts, while it writes, around the swap, in a build that changes
// nothing) leaves the destination either as it was or the new site whole,
// compared file by file; the next build leaves nothing beside it. With a
// spare too (NewDirWriterSpare), killed while the spare is the new folder.
func TestKillAnyMoment(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL")
	}
	t.Run("new folder", func(t *testing.T) { testKillAnyMoment(t, "") })
	t.Run("spare", func(t *testing.T) { testKillAnyMoment(t, filepath.Join(t.TempDir(), "cache", "spare")) })
}

func testKillAnyMoment(t *testing.T, spare string) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	build := func(dest string, force bool, files map[string]string) error {
		if dest != filepath.Join(dir, "public") {
			return build(dest, force, files) // a clean build
		}
		return buildSpare(dest, spare, files)
	}
	want := map[int]map[string]string{}
	wantTree := func(v int) map[string]string {
		if want[v] == nil {
			clean := filepath.Join(t.TempDir(), "public")
			if err := build(clean, false, killSite(v)); err != nil {
				t.Fatal(err)
			}
			want[v] = tree(t, clean)
		}
		return want[v]
	}
	if err := build(dest, false, killSite(0)); err != nil {
		t.Fatal(err)
	}
	// A whole build, timed, to place the kills: from the start, and from
	// Commit to its end.
	var whole, commit time.Duration
	for _, v := range []int{1000, 1002} { // the second with a spare, when there is one
		cmd := killHelper(dest, v, spare)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		begin := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		words := bufio.NewScanner(stdout)
		var committing time.Time
		for words.Scan() {
			switch words.Text() {
			case "commit":
				committing = time.Now()
			case "done":
				whole, commit = time.Since(begin), time.Since(committing)
			}
		}
		if err := cmd.Wait(); err != nil || whole == 0 {
			t.Fatalf("the helper's build: %v", err)
		}
		t.Logf("a build takes %v, its Commit %v", whole, commit)
	}
	type point struct {
		after string // the helper's word after which the kill comes
		delay time.Duration
	}
	var points []point
	for _, f := range []float64{0, 0.05, 0.2, 0.4, 0.7, 0.9} {
		points = append(points, point{"start", time.Duration(f * float64(whole))})
	}
	points = append(points, point{"half", 0})
	for _, f := range []float64{0, 0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 1, 1.2, 2} {
		points = append(points, point{"commit", time.Duration(f * float64(commit))})
	}
	outcomes := map[string]int{}
	for i, pt := range points {
		v := i + 1
		before := tree(t, dest)
		cmd := killHelper(dest, v, spare)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		words := bufio.NewScanner(stdout)
		for words.Scan() && words.Text() != pt.after {
		}
		time.Sleep(pt.delay)
		cmd.Process.Signal(syscall.SIGKILL)
		go func() {
			for words.Scan() {
			}
		}()
		cmd.Wait()
		got := tree(t, dest)
		switch {
		case maps.Equal(got, before):
			outcomes["as it was"]++
		case maps.Equal(got, wantTree(v)):
			outcomes["new"]++
		default:
			t.Fatalf("killed %v after %q (version %d): the destination is neither as it was nor the new site: %s", pt.delay, pt.after, v, treeDiff(got, before, wantTree(v)))
		}
		// The next build cleans up what the killed one left.
		if err := build(dest, false, killSite(v)); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, dest); !maps.Equal(got, wantTree(v)) {
			t.Fatalf("after the build following the kill, version %d: %s", v, treeDiff(got, nil, wantTree(v)))
		}
		if n := names(t, dir); n != "public" {
			t.Fatalf("after the build following the kill: beside: %s", n)
		}
	}
	t.Logf("outcomes of %d kills: %v", len(points), outcomes)
}

// killHelper is the command that runs TestHelperKillBuild, writing
// version v to dest, with spare.
func killHelper(dest string, v int, spare string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperKillBuild$")
	cmd.Env = append(os.Environ(), "OKRGEN_KILL_BUILD="+dest, "OKRGEN_KILL_VERSION="+strconv.Itoa(v), "OKRGEN_KILL_SPARE="+spare)
	return cmd
}

// treeDiff describes how got differs from old and from new.
func treeDiff(got, old, new map[string]string) string {
	count := func(want map[string]string) string {
		var missing, other, extra int
		for p, b := range want {
			g, ok := got[p]
			switch {
			case !ok:
				missing++
			case g != b:
				other++
			}
		}
		for p := range got {
			if _, ok := want[p]; !ok {
				extra++
			}
		}
		return fmt.Sprintf("%d missing, %d other, %d extra", missing, other, extra)
	}
	return fmt.Sprintf("against the old: %s; against the new: %s", count(old), count(new))
}
