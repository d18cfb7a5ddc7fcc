package serve

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/render"
)

// TestRedirectEscapesPath asks for check-in pages whose names mean
// something in a URL without their trailing slash: the redirect must lead
// to the page, its path escaped, not cut at a "?" or "#".
func TestRedirectEscapesPath(t *testing.T) {
	s := New()
	ts := httptest.NewServer(s)
	defer ts.Close()
	site := &render.Site{Files: map[string][]byte{}}
	for _, name := range []string{"what?", "a#b", "100%", "my week"} {
		site.Files["checkins/"+name+"/index.html"] = []byte("<html><head></head><body>" + name + "</body></html>")
	}
	s.Publish(site, "/okrs/")
	tests := map[string]string{
		"/okrs/checkins/what%3F":   "/okrs/checkins/what%3F/",
		"/okrs/checkins/a%23b":     "/okrs/checkins/a%23b/",
		"/okrs/checkins/100%25":    "/okrs/checkins/100%25/",
		"/okrs/checkins/my%20week": "/okrs/checkins/my%20week/",
	}
	for path, want := range tests {
		resp, _ := get(t, ts.URL+path)
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != want {
			t.Errorf("%s: %d to %q, want a redirect to %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
		if resp, body := get(t, ts.URL+want); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d %q", want, resp.StatusCode, body)
		}
	}
}

// TestBasePathEscaped serves a site under a base path with characters
// that must be escaped in a URL: the redirect to it and the live-reload
// script's src are escaped, and the pages are found.
func TestBasePathEscaped(t *testing.T) {
	s := New()
	ts := httptest.NewServer(s)
	defer ts.Close()
	s.Publish(&render.Site{Files: map[string][]byte{"index.html": []byte("<html><head></head><body>home</body></html>")}}, `/o k#"1/`)
	resp, _ := get(t, ts.URL+"/")
	if want := "/o%20k%23%221/"; resp.Header.Get("Location") != want {
		t.Errorf("/: redirect to %q, want %q", resp.Header.Get("Location"), want)
	}
	resp, body := get(t, ts.URL+"/o%20k%23%221/")
	if want := `<script src="/o%20k%23%221/__okrgen/reload.js" data-build="` + resp.Header.Get("X-Okrgen-Build") + `" defer></script>`; resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
		t.Errorf("home page: %d %q, want %q in it", resp.StatusCode, body, want)
	}
}
