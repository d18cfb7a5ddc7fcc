package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/render"
	"github.com/okrgen/okrgen/serve"
	"github.com/okrgen/okrgen/watch"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "[-s DIR] [--bind 127.0.0.1] [--port 1414] [--as-of DATE]", stderr)
	o := serveOptions{quiet: watch.DefaultQuiet}
	fs.StringVar(&o.p.src, "s", ".", "site `folder` to read")
	fs.StringVar(&o.bind, "bind", "127.0.0.1", "`address` to listen on; anything but loopback exposes the dashboard to your network")
	fs.IntVar(&o.port, "port", 1414, "`port` to listen on (0 picks a free one)")
	fs.Var(&o.p.asOf, "as-of", "compute the numbers as of this `day` (YYYY-MM-DD; default today)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "okrgen serve: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	if o.port < 0 || o.port > 65535 {
		fmt.Fprintf(stderr, "okrgen serve: invalid port %d\n", o.port)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
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
func serveSite(ctx context.Context, o serveOptions, stdout, stderr io.Writer, ready func(addr string)) int {
	o.p.pdfs, o.p.lazy, o.p.loader = true, true, &okr.Loader{}
	srv := serve.New()
	rebuild := func(changed []string) {
		start := time.Now()
		site := &render.Site{}
		res, err := o.p.run(site)
		if err != nil {
			srv.Fail(errorLines(err))
			logRebuild(stderr, changed, nil, err, time.Since(start), "still serving the last good build")
			return
		}
		site.Stats = res.stats
		srv.Publish(site, o.p.basePath(res.config))
		logRebuild(stdout, changed, res, nil, time.Since(start), "")
	}

	w, err := watch.New(o.p.src, o.quiet)
	if err != nil {
		return report(stderr, "serve", err)
	}
	defer w.Close()
	ln, err := net.Listen("tcp", net.JoinHostPort(o.bind, strconv.Itoa(o.port)))
	if err != nil {
		return report(stderr, "serve", err)
	}
	if ip := net.ParseIP(o.bind); o.bind != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "okrgen serve: warning: listening on %s, not loopback: anyone who can reach this machine can read the dashboard\n", o.bind)
	}
	rebuild(nil)

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	hs.RegisterOnShutdown(srv.Close)
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	addr := ln.Addr().String()
	fmt.Fprintf(stdout, "okrgen: serving http://%s%s, rebuilding on every change; Ctrl-C to stop\n", addr, srv.BasePath())
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
