package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/okrgen/okrgen/org"
	"github.com/okrgen/okrgen/render"
	"github.com/okrgen/okrgen/serve"
	"github.com/okrgen/okrgen/watch"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "", stdout, stderr)
	o := serveOptions{quiet: watch.DefaultQuiet}
	port := portFlag(1414)
	fs.StringVar(&o.p.src, "s", ".", "read the site in `DIR`")
	o.bind = "127.0.0.1"
	fs.Var((*bindFlag)(&o.bind), "bind", "listen on `ADDRESS`; anything but loopback exposes the dashboard to your network")
	fs.Var(&port, "port", "listen on `PORT`, 0 for any free one")
	fs.Var(&o.p.asOf, "as-of", "compute the numbers as of `DATE`, YYYY-MM-DD")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	o.port = int(port)
	ctx, stop := interruptContext()
	defer stop()
	return serveSite(ctx, o, stdout, stderr, nil)
}

// serveOptions configure serveSite.
type serveOptions struct {
	p     pipeline
	bind  string
	port  int
	quiet time.Duration // the watcher's debounce
}

// serveSite builds the site in memory, serves it and rebuilds it on every
// change until ctx is done. ready, if set, is told the address listened on.
// A site that fails its first build has nothing to serve: serveSite then
// reports the errors, as build does, and returns exitError.
func serveSite(ctx context.Context, o serveOptions, stdout, stderr io.Writer, ready func(addr string)) int {
	if err := checkSiteFolder(o.p.src); err != nil {
		return report(stderr, "serve", err)
	}
	o.p.pdfs, o.p.lazy, o.p.loader = true, true, &org.Loader{}
	srv := serve.New()
	// Each build renders again only the sites of an organisation that the
	// changes since the last good one touched.
	cache := &render.TreeCache{}
	var w *watch.Watcher // made before the first build
	build := func() (*render.Site, *result, error) {
		site, res, err := o.p.runCached(cache)
		w.Sites(o.p.loader.Folders())
		w.Also(o.p.loader.DataFiles())
		return site, res, err
	}
	var siteURL func(basePath string) string // set once listening
	// A rebuild says what it did on the terminal before it tells open
	// pages: whoever follows both never sees a reload or an error overlay
	// the terminal does not explain yet. Once serve stops, a rebuild still
	// running says and publishes nothing.
	var logMu sync.Mutex
	stopped := false
	// A rebuild begins once the changes pause for buildPause, and what it
	// made is said and published once they have paused for o.quiet: the
	// debounce editors' saves need overlaps the build. One overtaken by a
	// change is dropped, its changes said with the next.
	var unsaid []string
	rebuild := func(changed []string) {
		start := time.Now()
		site, res, err := build()
		if !w.Settled(start, o.quiet) {
			unsaid = append(unsaid, changed...)
			return
		}
		changed, unsaid = mergeChanged(unsaid, changed), nil
		logMu.Lock()
		defer logMu.Unlock()
		if stopped {
			return
		}
		if err != nil {
			logRebuild(stderr, changed, nil, err, time.Since(start), "still serving the last good build")
			srv.Fail(errorLines(err))
			return
		}
		logRebuild(stdout, changed, res, nil, time.Since(start), "")
		base := o.p.basePath(res.config)
		if base != srv.BasePath() {
			fmt.Fprintf(stdout, "okrgen: base_url changed: now serving %s\n", siteURL(base))
		}
		srv.Publish(site, base)
	}

	// Watch before the first build, so that no save during it is missed.
	w, err := watch.New(o.p.src, min(o.quiet, buildPause))
	if err != nil {
		return report(stderr, "serve", err)
	}
	defer w.Close()
	start := time.Now()
	site, res, err := build()
	if err != nil {
		return report(stderr, "serve", err)
	}
	logRebuild(stdout, nil, res, nil, time.Since(start), "")
	srv.Publish(site, o.p.basePath(res.config))

	bind := unbracket(o.bind)
	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(o.port)))
	if err != nil {
		return report(stderr, "serve", err)
	}
	if ip := net.ParseIP(bind); bind == "" || ip != nil && ip.IsUnspecified() {
		all := "all interfaces"
		if bind != "" {
			all += " (" + bind + ")"
		}
		fmt.Fprintf(stderr, "okrgen serve: warning: listening on %s, not only loopback: anyone who can reach this machine can read the dashboard\n", all)
	} else if bind != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "okrgen serve: warning: listening on %s, not loopback: anyone who can reach this machine can read the dashboard\n", o.bind)
	}

	var fresh freshConns
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ConnState: fresh.track}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	addr := ln.Addr().String()
	port := ln.Addr().(*net.TCPAddr).Port
	siteURL = func(basePath string) string { return serveURL(bind, port, basePath) }
	fmt.Fprintf(stdout, "okrgen: serving %s, rebuilding on every change; Ctrl-C to stop\n", siteURL(srv.BasePath()))
	if ready != nil {
		ready(addr)
	}

	watched := make(chan struct{})
	go func() {
		defer close(watched)
		w.Run(ctx, rebuild)
	}()
	select {
	case <-ctx.Done():
	case err := <-served:
		if !errors.Is(err, http.ErrServerClosed) {
			return report(stderr, "serve", err)
		}
	}
	stopServing(hs, srv, &fresh, watched)
	logMu.Lock()
	stopped = true
	logMu.Unlock()
	fmt.Fprintln(stdout, "okrgen: stopped")
	return exitOK
}

// stopGrace is how long serve waits, once told to stop, for the requests
// in flight and a rebuild in progress.
const stopGrace = 100 * time.Millisecond

// stopServing stops serving within stopGrace: it ends the open pages'
// event streams and closes the connections that have sent nothing yet
// (browsers open them ahead of need; Shutdown alone waits seconds for
// them), lets requests in flight finish, then closes every connection. A
// rebuild still running then is left behind: serve writes no file, so
// nothing is lost. watched is closed once the watcher stops.
func stopServing(hs *http.Server, srv *serve.Server, fresh *freshConns, watched <-chan struct{}) {
	ctx, cancel := context.WithTimeout(context.Background(), stopGrace)
	defer cancel()
	srv.Close()
	fresh.close()
	if hs.Shutdown(ctx) != nil {
		hs.Close()
	}
	select {
	case <-watched:
	case <-ctx.Done():
	}
}

// freshConns are a server's connections that have sent no request yet.
type freshConns struct {
	mu    sync.Mutex
	conns map[net.Conn]bool
}

// track follows a connection's state; it is an http.Server's ConnState.
func (f *freshConns) track(c net.Conn, st http.ConnState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if st != http.StateNew {
		delete(f.conns, c)
		return
	}
	if f.conns == nil {
		f.conns = map[net.Conn]bool{}
	}
	f.conns[c] = true
}

// close closes the connections that have sent no request yet.
func (f *freshConns) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.conns {
		c.Close()
	}
}

// serveURL returns the URL to open for a server bound to bind (as --bind
// gives it) on port, with the site under basePath. A wildcard bind
// (0.0.0.0, ::, or none) listens on every interface: the URL names
// loopback, which is one of them.
func serveURL(bind string, port int, basePath string) string {
	host := unbracket(bind)
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip != nil && ip.To4() == nil {
			host = "::1"
		}
	}
	u := url.URL{Scheme: "http", Host: net.JoinHostPort(host, strconv.Itoa(port)), Path: basePath}
	return u.String()
}

// unbracket returns an IPv6 address given as "[::1]" without brackets.
func unbracket(host string) string {
	if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		return host[1 : len(host)-1]
	}
	return host
}

// buildPause is how long the changes pause before serve begins a rebuild,
// which it publishes only once they have paused for its debounce.
const buildPause = 5 * time.Millisecond

// mergeChanged returns the paths of a and b, sorted, each once.
func mergeChanged(a, b []string) []string {
	if len(a) == 0 {
		return b
	}
	return slices.Compact(slices.Sorted(slices.Values(append(a, b...))))
}
