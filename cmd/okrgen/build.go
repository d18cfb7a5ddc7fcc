package main

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/okrgen/okrgen/render"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "[-s DIR] [-d DIR] [--as-of DATE] [--base-url URL] [--no-pdf]", stderr)
	src := fs.String("s", ".", "site `folder` to read")
	dest := fs.String("d", "", "`folder` to write the site to (default <source>/public)")
	var asOf dateFlag
	fs.Var(&asOf, "as-of", "compute the numbers as of this `day` (YYYY-MM-DD)")
	baseURL := fs.String("base-url", "", "base `URL` of the published site, overriding okr.toml's base_url")
	noPDF := fs.Bool("no-pdf", false, "skip the PDF retrospectives")
	watch := fs.Bool("watch", false, "rebuild on every change (not available yet)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "okrgen build: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	if *watch {
		fmt.Fprintln(stderr, "okrgen build: --watch is not available in this version")
		return exitUsage
	}
	if *dest == "" {
		*dest = filepath.Join(*src, "public")
	}
	start := time.Now()
	site, n, err := load(*src, asOf.date())
	if err != nil {
		return report(stderr, "build", err)
	}
	for _, w := range warnings(*src, n) {
		fmt.Fprintln(stderr, w)
	}
	out, err := renderSite(*src, site, n, *baseURL, !*noPDF)
	if err != nil {
		return report(stderr, "build", err)
	}
	for _, w := range out.Warnings {
		fmt.Fprintln(stderr, w)
	}
	if err := render.CheckDest(*src, *dest); err != nil {
		return report(stderr, "build", err)
	}
	if err := render.Write(out, *dest); err != nil {
		return report(stderr, "build", err)
	}
	fmt.Fprintf(stdout, "okrgen: built %d pages, %d PDFs, %d files in %s to %s\n",
		out.Pages(), out.PDFs, len(out.Files), time.Since(start).Round(time.Millisecond), *dest)
	return exitOK
}
