package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	// The records of up-to-date builds (uptodate.go) go to a cache folder
	// of the test run's own, not the user's.
	cache, err := os.MkdirTemp("", "okrgen-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	testscript.Main(removingAfter{m, cache}, map[string]func(){
		"okrgen": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// removingAfter runs the tests, then removes dir.
type removingAfter struct {
	m   *testing.M
	dir string
}

func (r removingAfter) Run() int {
	defer os.RemoveAll(r.dir)
	return r.m.Run()
}

// TestScripts runs the command end to end: testdata/script/*.txtar.
func TestScripts(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(e *testscript.Env) error {
			e.Setenv("REPO", repo)
			e.Setenv("TODAY", time.Now().Format("2006-01-02"))
			// Under -race every okrgen run would sleep 1 s on exit.
			e.Setenv("GORACE", "atexit_sleep_ms=0")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"cmpdir":    cmpdir,
			"exitcode":  exitcode,
			"hasprefix": hasprefix,
			"chop":      chop,
			"crlf":      crlfCmd,
		},
	})
}

// cmpdir compares two folders file by file: cmpdir DIR1 DIR2.
func cmpdir(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: cmpdir DIR1 DIR2")
	}
	a, b := ts.MkAbs(args[0]), ts.MkAbs(args[1])
	files := map[string]bool{}
	for _, root := range []string{a, b} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				files[rel] = true
			}
			return nil
		})
	}
	differ := ""
	for rel := range files {
		x, errA := os.ReadFile(filepath.Join(a, rel))
		y, errB := os.ReadFile(filepath.Join(b, rel))
		if errA != nil || errB != nil || !bytes.Equal(x, y) {
			differ = rel
			break
		}
	}
	if neg && differ == "" {
		ts.Fatalf("%s and %s are the same", args[0], args[1])
	}
	if !neg && differ != "" {
		ts.Fatalf("%s and %s differ at %s", args[0], args[1], differ)
	}
}

// exitcode runs okrgen and checks its exit status: exitcode N ARGS...
// Its output is the script's stdout and stderr, as after exec.
func exitcode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 1 || neg {
		ts.Fatalf("usage: exitcode N [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	got := 0
	if err := ts.Exec("okrgen", args[1:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("okrgen: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("okrgen %v: exit status %d, want %d", args[1:], got, want)
	}
}
