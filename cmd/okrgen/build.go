package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/okrgen/okrgen/org"
	"github.com/okrgen/okrgen/render"
	"github.com/okrgen/okrgen/watch"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "", stdout, stderr)
	p := &pipeline{}
	fs.StringVar(&p.src, "s", ".", "read the site in `DIR`")
	fs.StringVar(&p.dest, "d", "", "write the site to `DIR` (default <site>/public)")
	fs.Var(&p.asOf, "as-of", "compute the numbers as of `DATE`, YYYY-MM-DD")
	fs.Var((*urlFlag)(&p.baseURL), "base-url", "the published site's `URL`, overriding okr.toml's base_url")
	noPDF := fs.Bool("no-pdf", false, "skip the PDF retrospectives")
	watchFlag := fs.Bool("watch", false, "rebuild on every change of okr.toml, content/, themes/ or a data file, until interrupted")
	force := fs.Bool("force", false, "replace the destination even if it holds files okrgen did not write")
	quiet := fs.Bool("quiet", false, "print errors only: no progress, summary or warnings")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if err := checkSiteFolder(p.src); err != nil {
		return report(stderr, "build", err)
	}
	p.pdfs = !*noPDF
	if p.dest == "" {
		p.dest = filepath.Join(p.src, "public")
	}
	if err := render.CheckDest(p.src, p.dest); err != nil {
		return report(stderr, "build", err)
	}
	if !*force {
		if err := render.CheckReplace(p.dest); err != nil {
			return report(stderr, "build", err)
		}
	}
	if !*watchFlag {
		var show *progress
		if !*quiet && isTerminal(stdout) {
			show = startProgress(stdout)
			p.progress = show
		}
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
		defer signal.Stop(stop)
		res, err := buildOnce(p, *force, stop, stderr)
		if show != nil {
			show.stop()
		}
		if err != nil {
			return report(stderr, "build", err)
		}
		if *quiet {
			return exitOK
		}
		printWarnings(stderr, res.warnings)
		fmt.Fprintf(stdout, "okrgen: built %s, %s, %s in %s to %s\n",
			count(res.stats.Pages, "page"), count(res.stats.PDFs, "PDF"), count(res.stats.Files, "file"), res.took.Round(time.Millisecond), p.dest)
		return exitOK
	}
	ctx, stop := interruptContext()
	defer stop()
	return watchBuild(ctx, p, *force, stdout, stderr)
}

// buildOnce runs the pipeline, writing the site beside p.dest as it
// renders, and swaps it in once whole. Unless force, it leaves p.dest as
// it was when it holds a file okrgen did not write, saved there since the
// last check.
// A signal on stop (Ctrl-C, SIGTERM; nil for none) before the swap removes
// what was written and exits; after it, the swap completes.
func buildOnce(p *pipeline, force bool, stop <-chan os.Signal, stderr io.Writer) (*result, error) {
	start := time.Now()
	w, err := render.NewDirWriter(p.dest)
	if err != nil {
		return nil, err
	}
	w.Force = force
	if stop != nil {
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case sig := <-stop:
				if w.Interrupt() {
					if p.progress != nil {
						fmt.Fprintln(stderr) // below the progress line
					}
					fmt.Fprintf(stderr, "okrgen build: %v: stopped; %s left as it was\n", sig, p.dest)
					os.Exit(exitError)
				}
			case <-done:
			}
		}()
	}
	var out render.Output = w
	if p.progress != nil {
		p.progress.Output = w
		out = p.progress
	}
	res, err := p.run(out)
	if err != nil {
		w.Abort()
		return nil, err
	}
	if p.progress != nil {
		p.progress.phase.Store("replacing " + p.dest)
	}
	if err := w.Commit(); err != nil {
		return nil, err
	}
	res.warnings = append(res.warnings, w.Warnings()...)
	res.took = time.Since(start)
	return res, nil
}

// watchBuild builds p.dest, then again on every change (of okr.toml,
// content/, themes/ and the data files okr.toml names), until ctx is done.
// Every rebuild applies the rule of a build: unless force, a file saved
// into p.dest meanwhile makes it fail, p.dest left as it was.
func watchBuild(ctx context.Context, p *pipeline, force bool, stdout, stderr io.Writer) int {
	p.loader = &org.Loader{}
	w, err := watch.New(p.src, watch.DefaultQuiet)
	if err != nil {
		return report(stderr, "build", err)
	}
	defer w.Close()
	rebuild := func(changed []string) {
		start := time.Now()
		res, err := buildOnce(p, force, nil, nil)
		w.Also(p.loader.DataFiles())
		out := stdout
		if err != nil {
			out = stderr
		}
		logRebuild(out, changed, res, err, time.Since(start), p.dest+" left as it was")
	}
	rebuild(nil)
	fmt.Fprintf(stdout, "okrgen: watching %s for changes; Ctrl-C to stop\n", p.src)
	w.Run(ctx, rebuild)
	return exitOK
}

// maxWarnings is how many warnings a build prints; okrgen check prints all.
const maxWarnings = 10

func printWarnings(w io.Writer, ws []string) {
	for i, s := range ws {
		if i == maxWarnings {
			fmt.Fprintf(w, "... and %d more warnings; okrgen check lists them all\n", len(ws)-maxWarnings)
			break
		}
		fmt.Fprintln(w, s)
	}
}
