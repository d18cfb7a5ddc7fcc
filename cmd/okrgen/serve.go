package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/okrgen/okrgen/okr"
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
	o.p.pdfs, o.p.lazy, o.p.loader = true, true, &okr.Loader{}
	srv := serve.New()
	build := func() (*result, error) {
		site := &render.Site{}
		res, err := o.p.run(site)
		if err != nil {
			return nil, err
		}
		site.Stats = res.stats
		srv.Publish(site, o.p.basePath(res.config))
		return res, nil
	}
	var siteURL func(basePath string) string // set once listening
	rebuild := func(changed []string) {
		start := time.Now()
		before := srv.BasePath()
		res, err := build()
		if err != nil {
			srv.Fail(errorLines(err))
			logRebuild(stderr, changed, nil, err, time.Since(start), "still serving the last good build")
			return
		}
		logRebuild(stdout, changed, res, nil, time.Since(start), "")
		if base := srv.BasePath(); base != before {
			fmt.Fprintf(stdout, "okrgen: base_url changed: now serving %s\n", siteURL(base))
		}
	}

	// Watch before the first build, so that no save during it is missed.
	w, err := watch.New(o.p.src, o.quiet)
	if err != nil {
		return report(stderr, "serve", err)
	}
	defer w.Close()
	start := time.Now()
	res, err := build()
	if err != nil {
		return report(stderr, "serve", err)
	}
	logRebuild(stdout, nil, res, nil, time.Since(start), "")

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

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	hs.RegisterOnShutdown(srv.Close)
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
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	hs.Shutdown(shutdown)
	<-watched
	fmt.Fprintln(stdout, "okrgen: stopped")
	return exitOK
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
