package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
	"github.com/okrgen/okrgen/render"
)

// pipeline is one configuration of load → compute → render, run again on
// every change by serve and build --watch, and once by build.
type pipeline struct {
	src     string
	asOf    dateFlag
	baseURL string // overrides okr.toml's when set
	pdfs    bool
	lazy    bool   // PDFs rendered when asked for (serve)
	dest    string // the folder a build writes (-d); "" for serve
	// reuse lets a build with nothing to do write nothing (uptodate.go):
	// okrgen build, not --watch, serve or the benchmarks of whole builds.
	reuse bool
	// checkReplace makes a build refuse a destination holding files
	// okrgen did not write (render.CheckReplace) before it writes
	// anything; checked while the site loads.
	checkReplace bool

	progress *progress   // shows a build's progress on a terminal, or nil
	loader   *org.Loader // keeps what it parsed for the next run, or nil
}

// result is one run of the pipeline.
type result struct {
	stats    render.Stats
	config   okr.Config
	warnings []string
	took     time.Duration // of a build, swap included (buildOnce)
	sites    int           // of the tree: the root and its teams
	rendered int           // sites rendered (serve renders only what an edit touched)
	reused   bool          // nothing to do: the last build's output stands (uptodate.go)
}

// run builds the site into out: load, then render.
func (p *pipeline) run(out render.Output) (*result, error) {
	n, err := p.load()
	if err != nil {
		return nil, err
	}
	return p.render(n, out)
}

// render renders the loaded tree of n into out.
func (p *pipeline) render(n *org.Numbers, out render.Output) (*result, error) {
	st, err := renderTree(n, p.renderOptions(), out)
	if err != nil {
		return nil, err
	}
	return p.result(n, st, len(n.All())), nil
}

// runCached builds the site into memory as run does, rendering again only
// the sites of the tree that the changes since the last run touched
// (render.TreeCache): serve's rebuild.
func (p *pipeline) runCached(c *render.TreeCache) (*render.Site, *result, error) {
	n, err := p.load()
	if err != nil {
		return nil, nil, err
	}
	site, rendered, err := c.Render(n, p.renderOptions().of(treeThemes(n)))
	if err != nil {
		return nil, nil, err
	}
	return site, p.result(n, site.Stats, len(rendered)), nil
}

// load reads the site and its teams (with p.loader when set), checks the
// destination against every site's sources, and computes the numbers. It
// reads the files afresh, and today's date when no --as-of was given, so a
// server left running across midnight moves on.
func (p *pipeline) load() (*org.Numbers, error) {
	ld := p.loader
	if ld == nil {
		ld = new(org.Loader)
	}
	tree, err := ld.Load(p.src)
	if err != nil {
		return nil, err
	}
	if p.dest != "" {
		if err := checkDestTree(p.src, p.dest, tree); err != nil {
			return nil, err
		}
	}
	return org.Compute(tree, p.asOf.date()), nil
}

func (p *pipeline) renderOptions() renderOptions {
	return renderOptions{baseURL: p.baseURL, pdfs: p.pdfs, lazy: p.lazy}
}

// result is what a run that rendered st says: the build-time warnings of
// every site of the tree, then the render's.
func (p *pipeline) result(n *org.Numbers, st render.Stats, rendered int) *result {
	var ws []string
	for _, x := range n.All() {
		ws = append(ws, warnings(x.Tree.Site, x.Numbers)...)
	}
	ws = append(ws, st.Warnings...)
	return &result{stats: st, config: n.Tree.Site.Config, warnings: ws, sites: len(n.All()), rendered: rendered}
}

// basePath returns where the built site sits: --base-url's path, or okr.toml's.
func (p *pipeline) basePath(cfg okr.Config) string {
	if p.baseURL != "" {
		return render.BasePath(p.baseURL)
	}
	return render.BasePath(cfg.BaseURL)
}

// errorLines returns an error as lines of file:line: message.
func errorLines(err error) []string {
	if list, ok := err.(okr.ErrorList); ok {
		return strings.Split(list.Error(), "\n")
	}
	return []string{err.Error()}
}

// logRebuild prints the one line a rebuild gets: what changed, how long it
// took, and its errors if it failed.
// kept says what stays after a failure.
func logRebuild(w io.Writer, changed []string, res *result, err error, took time.Duration, kept string) {
	what := "build"
	switch len(changed) {
	case 0:
	case 1:
		what = changed[0] + " changed"
	default:
		what = fmt.Sprintf("%s and %d more changed", changed[0], len(changed)-1)
	}
	stamp := time.Now().Format("15:04:05")
	if err != nil {
		lines := errorLines(err)
		fmt.Fprintf(w, "%s %s: failed in %s with %d error%s; %s\n", stamp, what, took.Round(time.Millisecond), len(lines), plural(len(lines)), kept)
		for _, l := range lines {
			fmt.Fprintf(w, "  %s\n", l)
		}
		return
	}
	sites := ""
	if res.sites > 1 {
		sites = fmt.Sprintf(", rendering %d of %d sites", res.rendered, res.sites)
	}
	fmt.Fprintf(w, "%s %s: rebuilt %d pages in %s%s\n", stamp, what, res.stats.Pages, took.Round(time.Millisecond), sites)
	for _, l := range res.warnings {
		fmt.Fprintf(w, "  %s\n", l)
	}
}

// interruptContext returns a context done on the first SIGINT or SIGTERM,
// for serve and build --watch to stop cleanly. The signals are handed back
// to the system at once: should stopping ever hang, a second Ctrl-C kills
// the process. Call stop when done.
func interruptContext() (ctx context.Context, stop context.CancelFunc) {
	ctx, stop = signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}
