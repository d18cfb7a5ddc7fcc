package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/okrgen/okrgen/okr"
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
	watchFlag := fs.Bool("watch", false, "rebuild on every change of okr.toml, content/, themes/ or a data file, the teams' too, until interrupted")
	force := fs.Bool("force", false, "replace the destination even if it holds files okrgen did not write")
	quiet := fs.Bool("quiet", false, "print errors only: no progress, summary or warnings")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	limitMemory()
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
	if !*force && *watchFlag {
		if err := render.CheckReplace(p.dest); err != nil {
			return report(stderr, "build", err)
		}
	}
	if !*watchFlag {
		p.checkReplace = !*force
		// Today is read once: the record and the numbers of a build that
		// runs past midnight are of the same day.
		p.asOf.settle()
		p.reuse = true
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
	// One build of a destination at a time: two would compare with, link
	// from and swap the same folder, and record each other's output.
	defer render.LockDest(p.dest)()
	// A destination holding files okrgen did not write is refused before
	// anything is done; it is looked through while the rest goes on.
	replace := make(chan error, 1)
	if p.checkReplace {
		go func() { replace <- render.CheckReplace(p.dest) }()
	} else {
		replace <- nil
	}
	// Nothing to do when the destination holds what this build would
	// write (uptodate.go).
	rec, inputs := upToDate(p)
	if rec != nil {
		if err := <-replace; err != nil {
			return nil, err
		}
		return &result{stats: rec.Stats, warnings: rec.Warnings, took: time.Since(start), reused: true}, nil
	}
	// Loaded first: the destination is checked against every team's
	// folder before anything is made beside it.
	n, err := p.load()
	if err := cmp.Or(<-replace, err); err != nil {
		return nil, err
	}
	w, err := render.NewDirWriterSpare(p.dest, spareFor(p.dest))
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
	res, err := p.render(n, out)
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
	saveRecord(p, inputs, res)
	res.took = time.Since(start)
	return res, nil
}

// watchBuild builds p.dest, then again on every change (of okr.toml,
// content/, themes/ and the data files okr.toml names, in the site's
// folder and its teams'), until ctx is done.
// Every rebuild applies the rule of a build: unless force, a file saved
// into p.dest meanwhile makes it fail, p.dest left as it was.
func watchBuild(ctx context.Context, p *pipeline, force bool, stdout, stderr io.Writer) int {
	p.loader = &org.Loader{}
	w, err := watch.New(p.src, watch.DefaultQuiet)
	if err != nil {
		return report(stderr, "build", err)
	}
	defer w.Close()
	first := true
	rebuild := func(changed []string) error {
		start := time.Now()
		res, err := buildOnce(p, force, nil, nil)
		w.Sites(p.loader.Folders())
		w.Also(p.loader.DataFiles())
		// A destination refused for what the teams read is refused, as
		// one in the site's own sources is, before watching; later it
		// only fails a rebuild (an edit of okr.toml may add a team whose
		// folder holds it).
		if first && errors.As(err, new(destError)) {
			return err
		}
		first = false
		out := stdout
		if err != nil {
			out = stderr
		}
		logRebuild(out, changed, res, err, time.Since(start), p.dest+" left as it was")
		return nil
	}
	if err := rebuild(nil); err != nil {
		return report(stderr, "build", err)
	}
	fmt.Fprintf(stdout, "okrgen: watching %s for changes; Ctrl-C to stop\n", p.src)
	w.Run(ctx, func(changed []string) { rebuild(changed) })
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

// checkDestTree refuses a destination that a build of the tree would
// wreck or feed back into itself: one that is a team's folder, holds one,
// or lies in what a team reads (its okr.toml, content/ or themes/), and
// one that is, or holds, a data file of any site (render.CheckDestData).
// render.CheckDest has checked the root's own sources.
func checkDestTree(src, dest string, tree *org.Tree) error {
	d, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	d = realPath(d)
	suggest := filepath.Join(src, "public")
	var problem error
	tree.Walk(func(t *org.Tree) {
		if t.Parent == nil || problem != nil {
			return
		}
		dir, err := filepath.Abs(t.Dir)
		if err != nil {
			problem = err
			return
		}
		dir = realPath(dir)
		rel := filepath.ToSlash(display(src, t.Rel()))
		switch name, in := render.InSources(t.Dir, dest); {
		case d == dir:
			problem = fmt.Errorf("destination %s is the folder of team %q (%s); expected a folder of its own such as %s", dest, t.Name, rel, suggest)
		case inside(d, dir):
			problem = fmt.Errorf("destination %s holds the folder of team %q (%s), which a build would delete; expected a folder of its own such as %s", dest, t.Name, rel, suggest)
		case in && name == okr.ConfigFile:
			problem = fmt.Errorf("destination %s is %s/%s of team %q; expected a folder of its own such as %s", dest, rel, name, t.Name, suggest)
		case in:
			problem = fmt.Errorf("destination %s is inside %s/%s of team %q, which okrgen reads (and build --watch watches); expected a folder outside every team's okr.toml, content/ and themes/, such as %s", dest, rel, name, t.Name, suggest)
		}
	})
	if problem != nil {
		return destError{problem}
	}
	if err := render.CheckDestData(src, dest, tree.DataFiles()); err != nil {
		return destError{err}
	}
	return nil
}

// destError is a destination that checkDestTree refuses.
type destError struct{ error }

func (e destError) Unwrap() error { return e.error }

// inside reports whether p is strictly inside dir.
func inside(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// realPath follows the symbolic links of p as far as its folders exist.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	parent := filepath.Dir(p)
	if parent == p {
		return p
	}
	return filepath.Join(realPath(parent), filepath.Base(p))
}

// buildMemory is the heap a build asks the garbage collector to keep
// under, unless GOMEMLIMIT says otherwise: it collects more often as the
// heap nears it. A site of 10,000 check-ins stays well below it, and one
// of 100,000 peaks at about 440 MB with it rather than 580 MB, for about
// a sixth more CPU, and at about 450 MB with its PDFs (one at a time at
// that size: render's pdfJobs).
const buildMemory = 420 << 20

// buildGC is the garbage collector's GOGC in a build, unless GOGC says
// otherwise: the heap grows 150% over what is live before a collection
// rather than 100%, a tenth less time for a site of 10,000 check-ins
// (peaking at about 125 MB rather than 100 MB); buildMemory bounds
// larger sites.
const buildGC = 150

// limitMemory sets the garbage collector of a build: buildGC and the
// soft memory limit buildMemory.
func limitMemory() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(buildGC)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(buildMemory)
	}
}
