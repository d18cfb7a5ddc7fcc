// Package serve is okrgen's local server for planning sessions: it serves
// the latest good build of a site from memory, under the base URL's path as
// GitHub Pages will, and reloads open pages after every rebuild. A failed
// rebuild shows its errors over the open page while the last good build
// stays served. Each request sees one whole build: builds are swapped
// atomically.
package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/okrgen/okrgen/render"
)

// Prefix is the path, under the base path, of the server's own endpoints.
const Prefix = "__okrgen/"

// Server serves a site's latest good build. The zero value is not usable;
// call New.
type Server struct {
	nonce string // tells one server run's builds from another's
	state atomic.Pointer[state]
	pdfMu sync.Mutex // gofpdf is not safe for concurrent use

	mu      sync.Mutex
	clients map[chan struct{}]bool
	closed  chan struct{}
	once    sync.Once
}

// state is what every request reads, swapped whole.
type state struct {
	basePath string // "/okrs/": where the site sits, from its base_url
	build    *build
	errors   []string // of the last rebuild, when it failed
}

// build is one good build.
type build struct {
	id   int
	site *render.Site
	mu   sync.Mutex
	lazy map[string]*lazyFile
}

// New returns a server with nothing to serve yet.
func New() *Server {
	s := &Server{
		nonce:   strconv.FormatInt(time.Now().UnixNano()%1e9, 36),
		clients: map[chan struct{}]bool{},
		closed:  make(chan struct{}),
	}
	s.state.Store(&state{basePath: "/"})
	return s
}

// Publish makes site the served build, under basePath ("/okrs/"), clears
// any errors shown, and reloads open pages.
func (s *Server) Publish(site *render.Site, basePath string) {
	old := s.state.Load()
	id := 1
	if old.build != nil {
		id = old.build.id + 1
	}
	b := &build{id: id, site: site, lazy: map[string]*lazyFile{}}
	s.state.Store(&state{basePath: basePath, build: b})
	s.notify()
}

// Fail shows errors (one per line, file:line: message) over open pages and
// keeps serving the last good build.
func (s *Server) Fail(errs []string) {
	old := s.state.Load()
	s.state.Store(&state{basePath: old.basePath, build: old.build, errors: errs})
	s.notify()
}

// BasePath returns the path the site is served under.
func (s *Server) BasePath() string { return s.state.Load().basePath }

// BuildID returns the id of the build served, 0 before the first.
func (s *Server) BuildID() int {
	if b := s.state.Load().build; b != nil {
		return b.id
	}
	return 0
}

// Close ends the event streams of open pages, so that an http.Server can
// shut down; use it with http.Server.RegisterOnShutdown.
func (s *Server) Close() { s.once.Do(func() { close(s.closed) }) }

func (s *Server) notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// ServeHTTP serves the site under the base path, the live-reload script
// and its event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	st := s.state.Load()
	base := st.basePath
	p := r.URL.Path
	if strings.HasPrefix(p, "/"+Prefix) {
		// The server's own endpoints answer at the root too.
		p = base + strings.TrimPrefix(p, "/")
	}
	if !strings.HasPrefix(p, base) {
		if p == "/" || p+"/" == base {
			http.Redirect(w, r, urlEscapedPath(base), http.StatusFound)
			return
		}
		http.NotFound(w, r)
		return
	}
	rel := strings.TrimPrefix(p, base)
	switch rel {
	case Prefix + "reload.js":
		serveBytes(w, r, "reload.js", []byte(reloadJS), 0)
		return
	case Prefix + "events":
		s.events(w, r)
		return
	}
	if st.build == nil {
		// No good build yet: a page that shows the errors and reloads
		// once a build succeeds.
		page := []byte("<!DOCTYPE html><html><head><title>okrgen</title></head><body><p>okrgen: waiting for a first good build.</p></body></html>")
		w.Header().Set("Retry-After", "1")
		serveBytes(w, r, "wait.html", inject(page, base, ""), http.StatusServiceUnavailable)
		return
	}
	name, ok := clean(rel)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	b := st.build
	data, found, err := b.file(name, &s.pdfMu)
	if !found && name != "" && !strings.HasSuffix(name, "/") {
		if b.has(name + "/index.html") {
			http.Redirect(w, r, urlEscapedPath(base+name+"/"), http.StatusFound)
			return
		}
	}
	if strings.HasSuffix(name, "/") || name == "" {
		name += "index.html"
		data, found, err = b.file(name, &s.pdfMu)
	}
	if err != nil {
		// A theme's template failed on this page.
		http.Error(w, "okrgen: "+err.Error(), http.StatusInternalServerError)
		return
	}
	status := http.StatusOK
	if !found {
		status = http.StatusNotFound
		name = "404.html"
		if data, found, err = b.file(name, &s.pdfMu); !found || err != nil {
			data = []byte("404 page not found\n")
			name = "404.txt"
		}
	}
	id := s.buildID(b)
	if strings.HasSuffix(name, ".html") {
		data = inject(data, base, id)
	}
	w.Header().Set("X-Okrgen-Build", id)
	serveBytes(w, r, name, data, status)
}

// file returns a file of the build, rendering a lazy one on first use: a
// build renders its home page only, the rest as browsers ask for it. Each
// lazy file is rendered once; requests for others do not wait for it.
func (b *build) file(name string, pdfMu *sync.Mutex) (data []byte, found bool, err error) {
	if data, ok := b.site.Files[name]; ok {
		return data, true, nil
	}
	gen, ok := b.site.Lazy[name]
	if !ok {
		return nil, false, nil
	}
	b.mu.Lock()
	e := b.lazy[name]
	if e == nil {
		e = &lazyFile{}
		b.lazy[name] = e
	}
	b.mu.Unlock()
	e.once.Do(func() {
		if strings.HasSuffix(name, ".pdf") {
			pdfMu.Lock()
			defer pdfMu.Unlock()
		}
		e.data, e.err = gen()
	})
	return e.data, true, e.err
}

// has reports whether the build has a file, rendered or lazy.
func (b *build) has(name string) bool {
	_, ok := b.site.Files[name]
	_, lazy := b.site.Lazy[name]
	return ok || lazy
}

// lazyFile is a file rendered on first request.
type lazyFile struct {
	once sync.Once
	data []byte
	err  error
}

// clean turns a request path below the base path into a file name of the
// site. Paths that climb out (.., encoded or not) are refused.
func clean(rel string) (string, bool) {
	if strings.Contains(rel, "\x00") || strings.Contains(rel, "\\") {
		return "", false
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == ".." {
			return "", false
		}
	}
	c := path.Clean("/" + rel)
	if c == "/" {
		return "", true
	}
	c = strings.TrimPrefix(c, "/")
	if strings.HasSuffix(rel, "/") {
		c += "/"
	}
	return c, true
}

// contentType returns the type of a file by its name.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".xml":
		return "application/atom+xml; charset=utf-8"
	case ".pdf":
		return "application/pdf"
	case ".txt", "", ".nojekyll":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// CSP is the Content-Security-Policy serve sends: the pages load nothing
// from elsewhere and use no inline script or style.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'"

func serveBytes(w http.ResponseWriter, r *http.Request, name string, data []byte, status int) {
	h := w.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("Content-Type", contentType(name))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// buildID names a build to pages: the server run's nonce and the build's
// number. It is "" for no build.
func (s *Server) buildID(b *build) string {
	if b == nil {
		return ""
	}
	return s.nonce + "-" + strconv.Itoa(b.id)
}

// inject adds the live-reload script to a page, after <head>. Only the
// server does this: built files never carry it. The tag names the build
// the page is from, so that a page reloads after a rebuild that came
// between its request and its event stream's first message.
func inject(page []byte, basePath, buildID string) []byte {
	tag := []byte(`<script src="` + urlEscapedPath(basePath+Prefix) + `reload.js" data-build="` + buildID + `" defer></script>`)
	i := bytes.Index(page, []byte("<head>"))
	if i < 0 {
		return append(append([]byte{}, page...), tag...)
	}
	i += len("<head>")
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// events streams the build state to a page (Server-Sent Events): the
// build id and the errors of the last rebuild, now and after each rebuild.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan struct{}, 1)
	s.mu.Lock()
	s.clients[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	send := func() bool {
		st := s.state.Load()
		msg := struct {
			Build  string   `json:"build"`
			Errors []string `json:"errors"`
		}{Build: s.buildID(st.build), Errors: st.errors}
		b, _ := json.Marshal(msg)
		_, err := fmt.Fprintf(w, "event: state\ndata: %s\n\n", b)
		fl.Flush()
		return err == nil
	}
	if !send() {
		return
	}
	keepAlive := time.NewTicker(20 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		case <-c:
			if !send() {
				return
			}
		case <-keepAlive.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			fl.Flush()
		}
	}
}

// urlEscapedPath escapes a path for a URL: a file or base path may hold "?",
// "#", "%" or a quote.
func urlEscapedPath(p string) string { return (&url.URL{Path: p}).EscapedPath() }
