package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// quickStart is the heading of the README's quick start.
const quickStart = "## A new team's site in a minute"

// TestReadmeQuickStart runs the README's quick start literally, top to
// bottom, in one shell, from a clone with nothing beside it: okrgen is
// installed where go install puts it, with only the README's own line to
// put it on PATH, and the site is made beside the clone, not in it.
// okrgen serve, which keeps running, is left out: the README says to go on
// in a second terminal.
func TestReadmeQuickStart(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the quick start is for a POSIX shell")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n"+quickStart+"\n")
	if !ok {
		t.Fatalf("README.md has no %q", quickStart)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	blocks := regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(section, -1)
	if len(blocks) == 0 {
		t.Fatalf("README.md: no sh block under %q", quickStart)
	}
	var script strings.Builder
	serve := false
	for _, b := range blocks {
		for _, line := range strings.Split(b[1], "\n") {
			cmd, _, _ := strings.Cut(line, "#")
			if f := strings.Fields(cmd); len(f) >= 2 && f[0] == "okrgen" && f[1] == "serve" {
				serve = true
				continue
			}
			script.WriteString(line + "\n")
		}
	}
	if !serve {
		t.Errorf("the quick start does not show okrgen serve")
	}
	for _, want := range []string{"$(go env GOPATH)/bin", "keeps running", "second terminal"} {
		if !strings.Contains(section, want) {
			t.Errorf("the quick start does not say %q", want)
		}
	}

	// A clone of the repository in an empty folder; go install's folder
	// is a new GOPATH's bin, on no PATH; the modules are those of today.
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	goBin := filepath.Dir(goCmd)
	modcache, err := exec.Command(goCmd, "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	top := t.TempDir()
	clone := filepath.Join(top, "okrgen")
	if err := os.Symlink(repo, clone); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(repo, "payments-okrs")
	if _, err := os.Lstat(site); err == nil {
		t.Fatalf("%s exists before the quick start", site)
	}
	t.Cleanup(func() { os.RemoveAll(site) })
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PATH", "PWD", "GOPATH", "GOBIN", "GOMODCACHE", "GOFLAGS", "GOTOOLCHAIN":
		default:
			env = append(env, kv)
		}
	}
	env = append(env, "PATH="+goBin+":/usr/bin:/bin", "PWD="+clone, "GOPATH="+filepath.Join(top, "gopath"),
		"GOMODCACHE="+strings.TrimSpace(string(modcache)), "GOFLAGS=-buildvcs=false", "GOTOOLCHAIN=local")
	cmd := exec.Command("bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script.String())
	cmd.Dir, cmd.Env = clone, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	t.Logf("%s\n%s", script.String(), out.String())
	if err != nil {
		t.Fatalf("the quick start fails: %v", err)
	}
	if _, err := os.Lstat(site); err == nil {
		t.Errorf("okrgen init made the site inside the clone")
	}
	// init's own next steps say it too.
	if !strings.Contains(out.String(), "keeps running: the next commands in a second terminal") {
		t.Errorf("okrgen init does not say that serve keeps running")
	}
	made := filepath.Join(top, "payments-okrs")
	for _, glob := range []string{"okr.toml", ".github/workflows/pages.yml", "content/checkins/*-check-in.md", "*.pdf"} {
		if m, _ := filepath.Glob(filepath.Join(made, glob)); len(m) == 0 {
			t.Errorf("no %s in %s", glob, made)
		}
	}
}
