package serve

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/okrgen/okrgen/render"
)

// siteN is a build whose every file names its build number n.
func siteN(n int) *render.Site {
	files := map[string][]byte{}
	for _, p := range []string{"index.html", "quarters/2026-q3/index.html", "data.json", "assets/okrgen.css", "404.html"} {
		files[p] = []byte(fmt.Sprintf("<html><head></head><body>build %d %s</body></html>", n, strings.Repeat("x", n%7*1000)))
	}
	return &render.Site{Files: files}
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestServing(t *testing.T) {
	s := New()
	ts := httptest.NewServer(s)
	defer ts.Close()
	if resp, body := get(t, ts.URL+"/"); resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "reload.js") {
		t.Errorf("before a build: %d %q", resp.StatusCode, body)
	}
	site := siteN(1)
	site.Lazy = map[string]func() ([]byte, error){
		"quarters/2026-q3/retrospective.pdf": func() ([]byte, error) { return []byte("%PDF-1.3"), nil },
		"quarters/2026-q4/retrospective.pdf": func() ([]byte, error) { return nil, errors.New("boom") },
	}
	s.Publish(site, "/okrs/")
	tests := []struct {
		path, ctype, location string
		status                int
		body                  string
	}{
		{"/", "", "/okrs/", http.StatusFound, ""},
		{"/okrs", "", "/okrs/", http.StatusFound, ""},
		{"/okrs/", "text/html; charset=utf-8", "", 200, `<head><script src="/okrs/__okrgen/reload.js" data-build="` + s.nonce + `-1" defer></script></head>`},
		{"/okrs/quarters/2026-q3", "", "/okrs/quarters/2026-q3/", http.StatusFound, ""},
		{"/okrs/quarters/2026-q3/", "text/html; charset=utf-8", "", 200, "build 1"},
		{"/okrs/data.json", "application/json", "", 200, "build 1"},
		{"/okrs/assets/okrgen.css", "text/css; charset=utf-8", "", 200, "build 1"},
		{"/okrs/quarters/2026-q3/retrospective.pdf", "application/pdf", "", 200, "%PDF-1.3"},
		{"/okrs/quarters/2026-q4/retrospective.pdf", "", "", 500, "boom"},
		{"/okrs/nothing/here", "text/html; charset=utf-8", "", 404, "build 1"},
		{"/okrs/../okrs/data.json", "", "", 400, ""},
		{"/okrs/%2e%2e/secret", "", "", 400, ""},
		{"/okrs/a/..%2f..%2fsecret", "", "", 400, ""},
		{"/other/", "", "", 404, ""},
		{"/okrs/__okrgen/reload.js", "text/javascript; charset=utf-8", "", 200, "EventSource"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", ts.URL+tt.path, nil)
		req.URL.RawPath = "" // send the path as written
		req.URL.Opaque = tt.path
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
		}
		if tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype {
			t.Errorf("%s: content type %q, want %q", tt.path, resp.Header.Get("Content-Type"), tt.ctype)
		}
		if tt.location != "" && resp.Header.Get("Location") != tt.location {
			t.Errorf("%s: location %q, want %q", tt.path, resp.Header.Get("Location"), tt.location)
		}
		if !strings.Contains(string(b), tt.body) {
			t.Errorf("%s: body %.80q lacks %q", tt.path, b, tt.body)
		}
	}
	// Built files never carry the script: only served pages do.
	if strings.Contains(string(site.Files["index.html"]), "reload.js") {
		t.Error("Publish changed the build's files")
	}
}

// events reads the state events of a page's stream.
func events(t *testing.T, url string) (<-chan map[string]any, func()) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: content type %q", ct)
	}
	ch := make(chan map[string]any, 16)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var m map[string]any
				json.Unmarshal([]byte(data), &m)
				ch <- m
			}
		}
	}()
	return ch, func() { resp.Body.Close() }
}

func next(t *testing.T, ch <-chan map[string]any) map[string]any {
	t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
	}
	return nil
}

func TestEventsAndErrors(t *testing.T) {
	s := New()
	ts := httptest.NewServer(s)
	defer ts.Close()
	s.Publish(siteN(1), "/")
	ch, stop := events(t, ts.URL+"/__okrgen/events")
	defer stop()
	first := next(t, ch)
	if first["build"] == "" || first["errors"] != nil {
		t.Fatalf("first state %v", first)
	}
	s.Fail([]string{"okr.toml:3:1: invalid TOML"})
	st := next(t, ch)
	if st["build"] != first["build"] || fmt.Sprint(st["errors"]) != "[okr.toml:3:1: invalid TOML]" {
		t.Errorf("after a failed rebuild: %v", st)
	}
	// The last good build is still served.
	if _, body := get(t, ts.URL+"/"); !strings.Contains(body, "build 1") {
		t.Errorf("served %q", body)
	}
	s.Publish(siteN(2), "/")
	st = next(t, ch)
	if st["build"] == first["build"] || st["errors"] != nil {
		t.Errorf("after the fix: %v", st)
	}
	// Close ends the stream, so a server can shut down.
	s.Close()
	select {
	case _, ok := <-ch:
		for ok {
			_, ok = <-ch
		}
	case <-time.After(5 * time.Second):
		t.Error("stream still open after Close")
	}
}

// TestPageKnowsItsBuild: a page names the build it is from, so that its
// script reloads it after a rebuild that came between the page's request
// and its event stream's first message.
func TestPageKnowsItsBuild(t *testing.T) {
	s := New()
	ts := httptest.NewServer(s)
	defer ts.Close()
	s.Publish(siteN(1), "/")
	resp, body := get(t, ts.URL+"/")
	id := resp.Header.Get("X-Okrgen-Build")
	if want := `<script src="/__okrgen/reload.js" data-build="` + id + `" defer></script>`; id == "" || !strings.Contains(body, want) {
		t.Fatalf("build %q; the page lacks %q:\n%s", id, want, body)
	}
	s.Publish(siteN(2), "/") // before the page's stream connects
	ch, stop := events(t, ts.URL+"/__okrgen/events")
	defer stop()
	if st := next(t, ch); st["build"] == id || st["build"] == "" {
		t.Errorf("the stream says build %v to a page of build %s", st["build"], id)
	}
	if !strings.Contains(reloadJS, `getAttribute("data-build")`) {
		t.Error("the script does not read the page's build")
	}
}

// TestAtomicBuilds: 8 readers while 20 builds are published; no request
// fails, and every response is of one build: the build its header names.
func TestAtomicBuilds(t *testing.T) {
	s := New()
	ts := httptest.NewServer(s)
	defer ts.Close()
	s.Publish(siteN(1), "/")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	requests := 0
	for r := 0; r < 8; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			paths := []string{"/", "/data.json", "/quarters/2026-q3/", "/assets/okrgen.css"}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(ts.URL + paths[(i+r)%len(paths)])
				if err != nil {
					t.Errorf("reader %d: %v", r, err)
					return
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					t.Errorf("reader %d: %d %v", r, resp.StatusCode, err)
					return
				}
				id := resp.Header.Get("X-Okrgen-Build")
				n := id[strings.LastIndex(id, "-")+1:]
				if !strings.Contains(string(b), "build "+n+" ") || len(b) != len(siteN(atoi(n)).Files["data.json"])+lenScript(resp) {
					t.Errorf("reader %d: header says build %s, body %.40q (%d bytes)", r, n, b, len(b))
					return
				}
				mu.Lock()
				requests++
				mu.Unlock()
			}
		}(r)
	}
	// Each build is published after one more request: requests overlap
	// the publishing however busy the machine.
	done := func() int {
		mu.Lock()
		defer mu.Unlock()
		return requests
	}
	for b := 2; b <= 21; b++ {
		for n, deadline := done(), time.Now().Add(10*time.Second); done() == n; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("readers stuck")
			}
		}
		s.Publish(siteN(b), "/")
	}
	close(stop)
	wg.Wait()
	if s.BuildID() != 21 || requests < 20 {
		t.Errorf("build %d after 20 rebuilds; %d requests", s.BuildID(), requests)
	}
}

func atoi(s string) int {
	n := 0
	fmt.Sscan(s, &n)
	return n
}

// lenScript is the length of the reload script tag injected into HTML.
func lenScript(resp *http.Response) int {
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		return len(`<script src="/__okrgen/reload.js" data-build="` + resp.Header.Get("X-Okrgen-Build") + `" defer></script>`)
	}
	return 0
}

func TestClean(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"a/b/", "a/b/", true},
		{"a//b", "a/b", true},
		{"./a", "a", true},
		{"../a", "", false},
		{"a/../../b", "", false},
		{"a\\..\\b", "", false},
		{"a\x00", "", false},
	}
	for _, tt := range tests {
		got, ok := clean(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("clean(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
