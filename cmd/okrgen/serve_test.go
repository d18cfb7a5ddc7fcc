package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/okrgen/okrgen/bench/largesite"
	"github.com/okrgen/okrgen/internal/sitetest"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines. With a
// delay, each write takes that long, as on a slow terminal.
type syncBuffer struct {
	delay time.Duration
	mu    sync.Mutex
	b     bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	time.Sleep(s.delay)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// liveSite is okrgen serve running on a site in a temporary folder.
type liveSite struct {
	t              testing.TB
	dir, url       string
	stdout, stderr *syncBuffer
	states         chan state
	last           state
	stop           func() (code int) // cancels serve's context, waits for its exit
}

type state struct {
	Build  string
	Errors []string
}

func startServe(t testing.TB, files map[string]string, asOf string) *liveSite {
	t.Helper()
	return startServeWith(t, files, asOf, serveTest{})
}

// serveTest changes how startServeWith runs serve.
type serveTest struct {
	delay time.Duration // each write to the terminal takes this long
	quiet time.Duration // the watcher's quiet period, if not 25 ms
}

// startServeWith is startServe, changed by st.
func startServeWith(t testing.TB, files map[string]string, asOf string, st serveTest) *liveSite {
	t.Helper()
	if st.quiet == 0 {
		st.quiet = 25 * time.Millisecond
	}
	dir := sitetest.Write(t, files)
	o := serveOptions{bind: "127.0.0.1", port: 0, quiet: st.quiet}
	o.p.src = dir
	if err := o.p.asOf.Set(asOf); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	l := &liveSite{t: t, dir: dir, stdout: &syncBuffer{delay: st.delay}, stderr: &syncBuffer{delay: st.delay}, states: make(chan state, 64)}
	ready := make(chan string, 1)
	done := make(chan int)
	go func() { done <- serveSite(ctx, o, l.stdout, l.stderr, func(addr string) { ready <- addr }) }()
	select {
	case addr := <-ready:
		l.url = "http://" + addr
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, l.stderr)
	}
	resp, err := http.Get(l.url + "/__okrgen/events")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var st state
				json.Unmarshal([]byte(data), &st)
				l.states <- st
			}
		}
	}()
	l.last = l.next()
	var once sync.Once
	code := 0
	l.stop = func() int {
		once.Do(func() {
			cancel()
			code = <-done
		})
		return code
	}
	t.Cleanup(func() {
		resp.Body.Close()
		if code := l.stop(); code != 0 {
			t.Errorf("serve exited %d", code)
		}
	})
	return l
}

func (l *liveSite) next() state {
	l.t.Helper()
	select {
	case st := <-l.states:
		return st
	case <-time.After(10 * time.Second):
		l.t.Fatalf("no state from the server\nstdout:\n%s\nstderr:\n%s", l.stdout, l.stderr)
	}
	return state{}
}

// change waits for the state after a change: a new build, or errors.
func (l *liveSite) change() state {
	l.t.Helper()
	for {
		st := l.next()
		if st.Build != l.last.Build || len(st.Errors) > 0 {
			l.last = st
			return st
		}
	}
}

func (l *liveSite) get(path string) (int, string) {
	l.t.Helper()
	resp, err := http.Get(l.url + path)
	if err != nil {
		l.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

const liveTOML = `title = "Live"
base_url = "https://acme.github.io/okrs/"
[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Faster"
  [[objectives.key_results]]
  id = "KR1"
  title = "Cut latency"
  unit = "ms"
  start = 200
  target = 100
`

func checkIn(date string, value int) string {
	return fmt.Sprintf("+++\ndate = %s\nauthor = \"A\"\n[[updates]]\nkr = \"O1.KR1\"\nvalue = %d\n+++\nBody.\n", date, value)
}

// TestServeLive edits a served site as a team would during planning and
// follows what the server serves after each save.
func TestServeLive(t *testing.T) {
	l := startServe(t, map[string]string{
		"okr.toml":              liveTOML,
		"content/checkins/a.md": checkIn("2026-07-14", 150),
	}, "2026-08-15")
	if code, body := l.get("/okrs/data.json"); code != 200 || !strings.Contains(body, `"current":150`) {
		t.Fatalf("first build: %d %.200s", code, body)
	}
	if code, body := l.get("/okrs/"); code != 200 || !strings.Contains(body, `<script src="/okrs/__okrgen/reload.js" data-build="`+l.last.Build+`" defer></script>`) {
		t.Fatalf("home page: %d, reload script missing", code)
	}

	// An edit.
	sitetest.WriteFile(t, l.dir, "content/checkins/a.md", checkIn("2026-07-14", 140))
	l.change()
	if _, body := l.get("/okrs/data.json"); !strings.Contains(body, `"current":140`) {
		t.Errorf("after an edit: %.300s", body)
	}

	// A new check-in in a new sub-folder.
	sitetest.WriteFile(t, l.dir, "content/checkins/2026/08/b.md", checkIn("2026-08-01", 130))
	l.change()
	if code, _ := l.get("/okrs/checkins/b/"); code != 200 {
		t.Errorf("new check-in page: %d", code)
	}
	if _, body := l.get("/okrs/data.json"); !strings.Contains(body, `"current":130`) {
		t.Error("new check-in not counted")
	}

	// A save that writes a temporary file and renames it over the old one.
	sitetest.WriteFile(t, l.dir, "content/checkins/a.md.tmp", checkIn("2026-08-10", 120))
	if err := os.Rename(filepath.Join(l.dir, "content/checkins/a.md.tmp"), filepath.Join(l.dir, "content/checkins/a.md")); err != nil {
		t.Fatal(err)
	}
	l.change()
	if _, body := l.get("/okrs/data.json"); !strings.Contains(body, `"current":120`) {
		t.Error("rename-over save not seen")
	}

	// A broken okr.toml: the errors reach the page, the last good build stays.
	good := l.last.Build
	sitetest.WriteFile(t, l.dir, "okr.toml", strings.Replace(liveTOML, `title = "Faster"`, `title = "Faster`, 1))
	st := l.change()
	if st.Build != good || len(st.Errors) == 0 || !strings.HasPrefix(st.Errors[0], filepath.ToSlash(filepath.Join(l.dir, "okr.toml"))+":6") {
		t.Errorf("broken okr.toml: state %+v", st)
	}
	if code, body := l.get("/okrs/data.json"); code != 200 || !strings.Contains(body, `"current":120`) {
		t.Errorf("last good build not served: %d", code)
	}
	if !strings.Contains(l.stderr.String(), "okr.toml changed: failed") {
		t.Errorf("terminal lacks the failure line:\n%s", l.stderr)
	}
	// Its fix.
	sitetest.WriteFile(t, l.dir, "okr.toml", liveTOML)
	st = l.change()
	if st.Build == good || len(st.Errors) != 0 {
		t.Errorf("after the fix: state %+v", st)
	}

	// A deleted check-in.
	os.Remove(filepath.Join(l.dir, "content/checkins/2026/08/b.md"))
	l.change()
	if code, _ := l.get("/okrs/checkins/b/"); code != 404 {
		t.Errorf("deleted check-in still served: %d", code)
	}
	if !strings.Contains(l.stdout.String(), "content/checkins/2026/08/b.md changed: rebuilt") {
		t.Errorf("terminal lacks the rebuild line:\n%s", l.stdout)
	}

	// Lazy PDF, and / leading to the base path.
	if code, body := l.get("/okrs/quarters/2026-q3/retrospective.pdf"); code != 200 || !strings.HasPrefix(body, "%PDF") {
		t.Errorf("PDF: %d", code)
	}
	if code, _ := l.get("/"); code != 200 {
		t.Errorf("/ does not lead to the site: %d", code)
	}
}

// TestServeStopsPromptly: serve stops at once on Ctrl-C with a browser's
// connections open: the page's event stream, a keep-alive connection, and
// a connection opened ahead of need (browsers preconnect) that has sent
// nothing yet, which http.Server.Shutdown alone waits on for seconds.
func TestServeStopsPromptly(t *testing.T) {
	l := startServe(t, map[string]string{"okr.toml": liveTOML}, "2026-08-15")
	l.get("/okrs/") // leaves an idle keep-alive connection
	pre, err := net.Dial("tcp", strings.TrimPrefix(l.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer pre.Close()
	start := time.Now()
	if code := l.stop(); code != exitOK {
		t.Errorf("exit %d", code)
	}
	// It takes milliseconds; a broken stop takes seconds.
	if took := time.Since(start); took > time.Second {
		t.Errorf("stopping took %s", took)
	}
	if !strings.HasSuffix(l.stdout.String(), "okrgen: stopped\n") {
		t.Errorf("stdout does not end with the stop:\n%s", l.stdout)
	}
}

// TestServeLogsBeforeReload: a rebuild's line is on the terminal before
// open pages hear of the rebuild, even on a slow terminal: whoever follows
// both (a person, a test) never sees a page reload or an error overlay
// that the terminal does not explain yet.
func TestServeLogsBeforeReload(t *testing.T) {
	l := startServeWith(t, map[string]string{
		"okr.toml":              liveTOML,
		"content/checkins/a.md": checkIn("2026-07-14", 150),
	}, "2026-08-15", serveTest{delay: 30 * time.Millisecond})
	for _, step := range []struct {
		file, body string
		out        *syncBuffer
		want       string
	}{
		{"content/checkins/a.md", checkIn("2026-07-14", 140), l.stdout, "content/checkins/a.md changed: rebuilt"},
		{"okr.toml", strings.Replace(liveTOML, `title = "Faster"`, `title = "Faster`, 1), l.stderr, "okr.toml changed: failed"},
		{"okr.toml", liveTOML, l.stdout, "okr.toml changed: rebuilt"},
		{"okr.toml", strings.Replace(liveTOML, "/okrs/", "/goals/", 1), l.stdout, "base_url changed: now serving " + l.url + "/goals/\n"},
	} {
		sitetest.WriteFile(t, l.dir, step.file, step.body)
		l.change()
		if got := step.out.String(); !strings.Contains(got, step.want) {
			t.Errorf("after saving %s, the terminal lacks %q:\n%s", step.file, step.want, got)
		}
	}
}

// TestServeLogsTheFileSaved: the rebuild line names the file saved, and
// only it, whatever temporary files the editor or tool wrote beside it.
func TestServeLogsTheFileSaved(t *testing.T) {
	// Each save is one burst: its files are written beforehand, outside
	// the watched folders, and each step is a rename or a removal; the
	// quiet period is well above a busy machine's pause between two.
	l := startServeWith(t, map[string]string{
		"okr.toml":              liveTOML,
		"content/checkins/a.md": checkIn("2026-07-14", 150),
	}, "2026-08-15", serveTest{quiet: 150 * time.Millisecond})
	dir := filepath.Join(l.dir, "content/checkins")
	a := filepath.Join(dir, "a.md")
	// in moves a file written outside the watched folders to name.
	in := func(name, body string) {
		t.Helper()
		sitetest.WriteFile(t, l.dir, "staging/"+name, body)
		if err := os.Rename(filepath.Join(l.dir, "staging", filepath.FromSlash(name)), filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	for i, save := range []func(){
		func() { // vim: swap file, its write test, a backup, then the file
			in(".a.md.swp", "swap")
			in("4913", "")
			os.Remove(filepath.Join(dir, "4913"))
			os.Rename(a, a+"~")
			in("a.md", checkIn("2026-07-14", 140))
			os.Remove(a + "~")
			os.Remove(filepath.Join(dir, ".a.md.swp"))
		},
		func() { // sed -i: a temporary file of any name, renamed over
			in("sedX1y2Z3", checkIn("2026-07-14", 130))
			os.Rename(filepath.Join(dir, "sedX1y2Z3"), a)
		},
		func() { // a new check-in in a new folder
			sitetest.WriteFile(t, l.dir, "staging/2026/08/b.md", checkIn("2026-08-01", 120))
			os.Rename(filepath.Join(l.dir, "staging/2026"), filepath.Join(dir, "2026"))
		},
	} {
		save()
		if st := l.change(); len(st.Errors) > 0 {
			t.Fatalf("save %d: %v", i, st.Errors)
		}
	}
	var got []string
	for _, line := range strings.Split(l.stdout.String(), "\n") {
		if _, what, ok := strings.Cut(line, " "); ok && strings.Contains(what, "changed") {
			got = append(got, what[:strings.Index(what, ":")])
		}
	}
	want := []string{"content/checkins/a.md changed", "content/checkins/a.md changed", "content/checkins/2026/08/b.md changed"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rebuild lines say\n%s\nwant\n%s\nstdout:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), l.stdout)
	}
}

// copyExample copies the example site at the repository root.
func copyExample(t testing.TB) map[string]string {
	files := map[string]string{}
	root := "../.."
	for _, pattern := range []string{"okr.toml", "content/*.md", "content/*/*.md", "data/*.csv"} {
		matches, _ := filepath.Glob(filepath.Join(root, pattern))
		for _, m := range matches {
			b, err := os.ReadFile(m)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(root, m)
			files[filepath.ToSlash(rel)] = string(b)
		}
	}
	return files
}

// generatedSite is the benchmarks' large site (bench/largesite.Default:
// 8 quarters, 2,000 key results, 10,000 check-ins), as files.
func generatedSite(t testing.TB) map[string]string { return generate(t, largesite.Default) }

// generate returns the files of a site bench/largesite generates.
func generate(t testing.TB, p largesite.Params) map[string]string {
	dir := t.TempDir()
	if err := largesite.Generate(dir, p); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = string(b)
		}
		return err
	})
	return files
}

// generatedOrg is the benchmarks' large organisation: generatedSite's
// check-ins shared by 100 teams (bench/largesite, Teams: 100), as files.
func generatedOrg(t testing.TB) map[string]string {
	p := largesite.Default
	p.Teams = 100
	return generate(t, p)
}

// largeSite makes a site of n check-ins over two quarters.
func largeSite(n int) map[string]string {
	var b strings.Builder
	b.WriteString("title = \"Large\"\n")
	for _, q := range []string{"2026-Q3", "2026-Q4"} {
		for o := 1; o <= 10; o++ {
			fmt.Fprintf(&b, "[[objectives]]\nid = \"O%d\"\nquarter = %q\ntitle = \"Objective %d\"\n", o, q, o)
			for k := 1; k <= 5; k++ {
				fmt.Fprintf(&b, "  [[objectives.key_results]]\n  id = \"KR%d\"\n  title = \"Key result %d\"\n  start = 0\n  target = 100\n", k, k)
			}
		}
	}
	files := map[string]string{"okr.toml": b.String()}
	start := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		d := start.AddDate(0, 0, i%180).Format("2006-01-02")
		var c strings.Builder
		fmt.Fprintf(&c, "+++\ndate = %s\nauthor = \"Author %d\"\n", d, i%9)
		for u := 0; u < 3; u++ {
			fmt.Fprintf(&c, "[[updates]]\nkr = \"O%d.KR%d\"\nvalue = %d\nconfidence = %d\nnote = \"note %d\"\n", 1+(i+u)%10, 1+u, i%100, i%11, i)
		}
		c.WriteString("+++\n## Progress\n\nWe moved the *numbers* with `code` and more.\n\n- one\n- two\n\n## Challenges\n\nSome.\n")
		files[fmt.Sprintf("content/checkins/%04d.md", i)] = c.String()
	}
	return files
}

// BenchmarkSaveToReload measures from a check-in's save to its page served
// rebuilt: watch, debounce, load, compute, render, swap, reload, request.
// In an organisation (org: 100 teams sharing 10,000 check-ins), a team's
// check-in is saved and its page asked for, then the organisation's home
// page.
func BenchmarkSaveToReload(b *testing.B) {
	for _, bc := range []struct {
		name  string
		files func(testing.TB) map[string]string
		edit  string
	}{
		{"example", copyExample, "content/checkins/2026-11-17-rbac-everywhere.md"},
		{"checkins=2000", func(testing.TB) map[string]string { return largeSite(2000) }, "content/checkins/0042.md"},
		{"large", generatedSite, ""}, // its first check-in
		{"org", generatedOrg, ""},    // the first check-in of team-042
	} {
		b.Run(bc.name, func(b *testing.B) {
			files := bc.files(b)
			if bc.edit == "" {
				prefix := "content/checkins/"
				if bc.name == "org" {
					prefix = "teams/team-042/" + prefix
				}
				for _, name := range sortedKeys(files) {
					if strings.HasPrefix(name, prefix) {
						bc.edit = name
						break
					}
				}
			}
			team, _, _ := strings.Cut(bc.edit, "content/")
			l := startServe(b, files, "2026-11-23")
			original := files[bc.edit]
			i := 0
			for b.Loop() {
				i++
				sitetest.WriteFile(b, l.dir, bc.edit, original+strings.Repeat("\nedit", i%2+1))
				if st := l.change(); len(st.Errors) > 0 {
					b.Fatal(st.Errors)
				}
				// Served rebuilt: the edited check-in's page, as the
				// reloaded browser asks for it.
				stem := strings.TrimSuffix(filepath.Base(bc.edit), ".md")
				if code, _ := l.get("/" + team + "checkins/" + stem + "/"); code != 200 {
					b.Fatalf("check-in page: %d", code)
				}
				if team != "" {
					if code, _ := l.get("/"); code != 200 {
						b.Fatalf("organisation's page: %d", code)
					}
				}
			}
		})
	}
}

// TestBuildWatch: build --watch rewrites public/ on every save, and keeps
// the last good output when a save breaks the site.
func TestBuildWatch(t *testing.T) {
	b := startWatchBuild(t)
	b.waitFor(t, "first build", func() bool { return strings.Contains(b.data(), `"current":150`) })
	b.waitFor(t, "watching", func() bool { return strings.Contains(b.out.String(), "watching") })
	sitetest.WriteFile(t, b.dir, "content/checkins/a.md", checkIn("2026-07-14", 140))
	b.waitFor(t, "rebuild after an edit", func() bool { return strings.Contains(b.data(), `"current":140`) })
	sitetest.WriteFile(t, b.dir, "okr.toml", "title = \n")
	b.waitFor(t, "error reported", func() bool { return strings.Contains(b.errOut.String(), "okr.toml changed: failed") })
	if !strings.Contains(b.data(), `"current":140`) {
		t.Error("a failed rebuild changed public/")
	}
	if index, _ := os.ReadFile(filepath.Join(b.dest, "index.html")); len(index) == 0 || strings.Contains(string(index), "reload.js") {
		t.Error("public/index.html missing, or carrying the live-reload script")
	}
	b.cancel()
	if code := <-b.done; code != 0 {
		t.Errorf("exit %d", code)
	}
}

// TestServeBuildIsBuild: what okrgen serve serves after an edit, PDFs
// rendered on demand included, is byte for byte what okrgen build writes.
func TestServeBuildIsBuild(t *testing.T) {
	l := startServe(t, copyExample(t), "2026-11-23")
	file := "content/checkins/2026-11-17-rbac-everywhere.md"
	b, _ := os.ReadFile(filepath.Join(l.dir, file))
	sitetest.WriteFile(t, l.dir, file, strings.Replace(string(b), "value = 108", "value = 104", 1))
	l.change()

	dest := filepath.Join(t.TempDir(), "public")
	p := &pipeline{src: l.dir, pdfs: true, dest: dest}
	p.asOf.Set("2026-11-23")
	res, err := buildOnce(p, false, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	filepath.WalkDir(dest, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dest, path)
		rel = filepath.ToSlash(rel)
		if rel == ".okrgen-files" {
			return nil
		}
		want, _ := os.ReadFile(path)
		code, got := l.get("/" + rel)
		if strings.HasSuffix(rel, ".html") {
			got = strings.Replace(got, `<script src="/__okrgen/reload.js" data-build="`+l.last.Build+`" defer></script>`, "", 1)
		}
		if code != 200 || got != string(want) {
			t.Errorf("%s: served (%d, %d bytes) differs from built (%d bytes)", rel, code, len(got), len(want))
		}
		compared++
		return nil
	})
	if compared != res.stats.Files || compared < 30 {
		t.Errorf("compared %d of %d files", compared, res.stats.Files)
	}
}

// TestServeRedirectsFolders: a page's folder without its slash leads to it,
// rendered on demand or not.
func TestServeRedirectsFolders(t *testing.T) {
	l := startServe(t, copyExample(t), "2026-11-23")
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(l.url + "/quarters/2026-q3")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/quarters/2026-q3/" {
		t.Errorf("/quarters/2026-q3: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// serveExit runs serveSite on the site in dir until it exits by itself, and
// fails the test if it is still serving after a generous time.
func serveExit(t *testing.T, dir string) (code int, stdout, stderr string) {
	t.Helper()
	o := serveOptions{bind: "127.0.0.1", port: 0, quiet: 25 * time.Millisecond}
	o.p.src = dir
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, errOut := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- serveSite(ctx, o, out, errOut, nil) }()
	select {
	case code = <-done:
	case <-time.After(20 * time.Second):
		cancel()
		<-done
		t.Fatalf("still serving, want an exit\nstdout:\n%s\nstderr:\n%s", out, errOut)
	}
	return code, out.String(), errOut.String()
}

// TestServeBrokenFromStart: a site that fails its first build has nothing
// to serve: serve exits 1 with the errors, as build does.
func TestServeBrokenFromStart(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteFile(t, dir, "okr.toml", liveTOML+"garbage [\n")
	code, stdout, stderr := serveExit(t, dir)
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	at := fmt.Sprintf("okr.toml:%d:9: ", strings.Count(liveTOML, "\n")+1)
	if !strings.Contains(stderr, at) || !strings.Contains(stderr, "okrgen serve: 1 error\n") {
		t.Errorf("stderr lacks the error at %s and its count:\n%s", at, stderr)
	}
	if all := stdout + stderr; strings.Contains(all, "last good build") || strings.Contains(all, "serving http") {
		t.Errorf("claims to serve:\n%s", all)
	}
}

// TestServeNotASiteFolder: -s naming a file or nothing is no site folder.
func TestServeNotASiteFolder(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteFile(t, dir, "okr.toml", liveTOML)
	for _, tt := range []struct{ src, why string }{
		{filepath.Join(dir, "okr.toml"), "it is a file"},
		{filepath.Join(dir, "missing"), "it does not exist"},
	} {
		code, stdout, stderr := serveExit(t, tt.src)
		want := "okrgen serve: " + tt.src + " is not a site folder (" + tt.why + "); expected a folder with okr.toml\n"
		if code != exitError || stderr != want || stdout != "" {
			t.Errorf("-s %s: exit %d\nstdout:\n%s\nstderr:\n%s\nwant stderr:\n%s", tt.src, code, stdout, stderr, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); err == nil {
		t.Error("serve created the missing folder")
	}
}

// TestServePrintsBasePath: the URL printed is where the site is served,
// under base_url's path.
func TestServePrintsBasePath(t *testing.T) {
	l := startServe(t, map[string]string{"okr.toml": liveTOML}, "2026-08-15")
	want := "okrgen: serving " + l.url + "/okrs/, "
	if !strings.Contains(l.stdout.String(), want) {
		t.Fatalf("stdout lacks %q:\n%s", want, l.stdout)
	}
	if code, _ := l.get("/okrs/"); code != 200 {
		t.Errorf("the URL printed answers %d", code)
	}
	// base_url moves: the new URL is printed.
	sitetest.WriteFile(t, l.dir, "okr.toml", strings.Replace(liveTOML, "/okrs/", "/goals/", 1))
	l.change()
	want = "okrgen: base_url changed: now serving " + l.url + "/goals/\n"
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(l.stdout.String(), want); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("stdout lacks %q:\n%s", want, l.stdout)
		}
	}
	if code, _ := l.get("/goals/"); code != 200 {
		t.Errorf("the URL printed answers %d", code)
	}
}

// TestServeURL: the URL printed is one a browser can open: a host to
// connect to for a wildcard bind, brackets around IPv6 hosts.
func TestServeURL(t *testing.T) {
	for _, tt := range []struct{ bind, want string }{
		{"127.0.0.1", "http://127.0.0.1:1414/okrs/"},
		{"localhost", "http://localhost:1414/okrs/"},
		{"0.0.0.0", "http://127.0.0.1:1414/okrs/"},
		{"", "http://127.0.0.1:1414/okrs/"},
		{"::", "http://[::1]:1414/okrs/"},
		{"[::]", "http://[::1]:1414/okrs/"},
		{"::1", "http://[::1]:1414/okrs/"},
		{"[::1]", "http://[::1]:1414/okrs/"},
		{"192.168.1.20", "http://192.168.1.20:1414/okrs/"},
		{"fe80::1%eth0", "http://[fe80::1%25eth0]:1414/okrs/"},
		{"dashboard.local", "http://dashboard.local:1414/okrs/"},
	} {
		if got := serveURL(tt.bind, 1414, "/okrs/"); got != tt.want {
			t.Errorf("serveURL(%q) = %q, want %q", tt.bind, got, tt.want)
		}
	}
}

// TestServeStopsOnSignal: folder trees come and go under content/ while
// two servers and a build --watch follow the site (this deadlocked the
// watcher once); then one SIGINT stops all three promptly.
func TestServeStopsOnSignal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a process cannot send itself an interrupt here")
	}
	dir := t.TempDir()
	outside := t.TempDir()
	sitetest.WriteFile(t, dir, "okr.toml", liveTOML)
	sitetest.WriteFile(t, dir, "content/checkins/a.md", checkIn("2026-07-14", 150))
	type running struct {
		name   string
		out    *syncBuffer
		done   chan int
		cancel context.CancelFunc
	}
	var all []*running
	start := func(name string, f func(ctx context.Context, out *syncBuffer) int) {
		ctx, stop := interruptContext()
		r := &running{name: name, out: &syncBuffer{}, done: make(chan int, 1), cancel: stop}
		go func() { r.done <- f(ctx, r.out) }()
		all = append(all, r)
	}
	for i := 0; i < 2; i++ {
		start(fmt.Sprintf("serve %d", i), func(ctx context.Context, out *syncBuffer) int {
			o := serveOptions{bind: "127.0.0.1", port: 0, quiet: 5 * time.Millisecond}
			o.p.src = dir
			o.p.asOf.Set("2026-08-15")
			return serveSite(ctx, o, out, out, nil)
		})
	}
	start("build --watch", func(ctx context.Context, out *syncBuffer) int {
		p := &pipeline{src: dir, dest: filepath.Join(t.TempDir(), "public")}
		p.asOf.Set("2026-08-15")
		return watchBuild(ctx, p, false, out, out)
	})
	defer func() {
		for _, r := range all {
			r.cancel()
		}
	}()
	for _, r := range all {
		for deadline := time.Now().Add(10 * time.Second); !strings.Contains(r.out.String(), "Ctrl-C to stop"); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s did not start:\n%s", r.name, r.out)
			}
		}
	}

	deadline := time.Now().Add(2 * time.Second)
	for i := 0; i < 300 && time.Now().Before(deadline); i++ {
		name := fmt.Sprintf("t%d", i)
		tree := filepath.Join(dir, "content", name)
		for _, sub := range []string{"a/b/c", "a/d", "e"} {
			if p := filepath.Join(tree, filepath.FromSlash(sub)); os.MkdirAll(p, 0o755) == nil {
				os.WriteFile(filepath.Join(p, "x.md"), []byte("x\n"), 0o644)
			}
		}
		away := filepath.Join(outside, name)
		if os.Rename(tree, away) == nil {
			os.RemoveAll(away)
		}
	}

	self, err := os.FindProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if err := self.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		select {
		case code := <-r.done:
			if code != exitOK || !strings.Contains(r.out.String(), "stopped") && r.name != "build --watch" {
				t.Errorf("%s: exit %d\n%s", r.name, code, r.out)
			}
		case <-time.After(hangTimeout):
			t.Fatalf("%s still running %s after SIGINT:\n%s", r.name, hangTimeout, r.out)
		}
	}
}

// hangTimeout is how long a stop may take before a test calls it a hang:
// far above what it takes (milliseconds), far below forever.
const hangTimeout = 10 * time.Second

// orgFiles is an organisation of two teams whose objectives serve its O1.
func orgFiles() map[string]string {
	team := func(title string) string {
		return strings.Replace(strings.Replace(liveTOML, `title = "Live"`, `title = "`+title+`"`, 1), `title = "Faster"`, "title = \"Faster\"\naligns_to = \"O1\"", 1)
	}
	return map[string]string{
		"okr.toml": "title = \"Acme\"\nbase_url = \"https://acme.github.io/okrs/\"\n" +
			"[[teams]]\nid = \"payments\"\npath = \"teams/payments\"\n[[teams]]\nid = \"web\"\npath = \"teams/web\"\n" +
			"[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"Expand into Europe\"\n",
		"teams/payments/okr.toml":              team("Payments"),
		"teams/payments/content/checkins/a.md": checkIn("2026-07-14", 150),
		"teams/web/okr.toml":                   team("Web"),
		"teams/web/content/checkins/b.md":      checkIn("2026-07-14", 200),
	}
}

// TestServeOrganisation: a save in a team's folder rebuilds the team's
// pages and the organisation's, and only those; teams added by an edit of
// okr.toml are watched, and so is a team folder made after the load that
// missed it.
func TestServeOrganisation(t *testing.T) {
	l := startServe(t, orgFiles(), "2026-08-15")
	// The organisation's O1 is the mean of its teams' O1: 50% and 0%.
	if _, body := l.get("/okrs/data.json"); !strings.Contains(body, `"id":"O1","title":"Expand into Europe"`) || !strings.Contains(body, `"progress":0.25`) {
		t.Fatalf("first build, organisation: %.400s", body)
	}
	sitetest.WriteFile(t, l.dir, "teams/payments/content/checkins/a.md", checkIn("2026-07-14", 120))
	if st := l.change(); len(st.Errors) > 0 {
		t.Fatal(st.Errors)
	}
	if _, body := l.get("/okrs/teams/payments/data.json"); !strings.Contains(body, `"current":120`) {
		t.Errorf("team after the edit: %.300s", body)
	}
	if code, _ := l.get("/okrs/teams/payments/checkins/a/"); code != 200 {
		t.Errorf("team's check-in page: %d", code)
	}
	// Payments at 80%, web at 0%.
	if _, body := l.get("/okrs/data.json"); !strings.Contains(body, `"progress":0.4`) {
		t.Errorf("organisation after the edit: %.400s", body)
	}
	if _, body := l.get("/okrs/"); !strings.Contains(body, "40%") {
		t.Error("the organisation's home page does not show 40%")
	}
	if !strings.Contains(l.stdout.String(), "teams/payments/content/checkins/a.md changed: rebuilt") || !strings.Contains(l.stdout.String(), "rendering 2 of 3 sites") {
		t.Errorf("terminal:\n%s", l.stdout)
	}

	// A team added by okr.toml whose folder is not there yet: the build
	// fails; the folder made (a git submodule checked out), it mends.
	org := orgFiles()["okr.toml"] + "[[teams]]\nid = \"data\"\npath = \"teams/data\"\n"
	sitetest.WriteFile(t, l.dir, "okr.toml", org)
	if st := l.change(); len(st.Errors) == 0 || !strings.Contains(st.Errors[0], "teams/data not found") {
		t.Fatalf("missing team folder: %v", st.Errors)
	}
	sitetest.WriteFile(t, l.dir, "staging/okr.toml", strings.Replace(orgFiles()["teams/web/okr.toml"], `"Web"`, `"Data"`, 1))
	if err := os.Rename(filepath.Join(l.dir, "staging"), filepath.Join(l.dir, "teams/data")); err != nil {
		t.Fatal(err)
	}
	if st := l.change(); len(st.Errors) > 0 {
		t.Fatalf("after the team folder came: %v", st.Errors)
	}
	if code, _ := l.get("/okrs/teams/data/"); code != 200 {
		t.Errorf("new team's home page: %d", code)
	}
	// Its files are watched now.
	sitetest.WriteFile(t, l.dir, "teams/data/content/checkins/c.md", checkIn("2026-07-20", 100))
	if st := l.change(); len(st.Errors) > 0 {
		t.Fatal(st.Errors)
	}
	if _, body := l.get("/okrs/teams/data/data.json"); !strings.Contains(body, `"current":100`) {
		t.Errorf("new team after its first check-in: %.300s", body)
	}
}
