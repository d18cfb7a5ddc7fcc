package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/render/pdf"
)

func runPDF(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("pdf", "[-s DIR] [--quarter ID] [-o FILE] [--as-of DATE]", stderr)
	src := fs.String("s", ".", "site `folder` to read")
	quarter := fs.String("quarter", "", "the quarter, e.g. 2026-Q3 (default: the current quarter)")
	out := fs.String("o", "", "`file` to write (default <quarter>-retrospective.pdf)")
	var asOf dateFlag
	fs.Var(&asOf, "as-of", "compute the numbers as of this `day` (YYYY-MM-DD)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "okrgen pdf: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	site, n, err := load(*src, asOf.date())
	if err != nil {
		return report(stderr, "pdf", err)
	}
	qn := n.Current
	if *quarter != "" {
		qn = nil
		var ids []string
		for _, q := range n.Quarters {
			ids = append(ids, q.Quarter.ID)
			if strings.EqualFold(q.Quarter.ID, *quarter) {
				qn = q
			}
		}
		if qn == nil {
			fmt.Fprintf(stderr, "okrgen pdf: no quarter %q in %s; quarters: %s\n", *quarter, display(*src, okr.ConfigFile), strings.Join(ids, ", "))
			return exitError
		}
	}
	if qn == nil {
		fmt.Fprintf(stderr, "okrgen pdf: %s defines no quarter\n", display(*src, okr.ConfigFile))
		return exitError
	}
	for _, w := range warnings(site, n) {
		fmt.Fprintln(stderr, w)
	}
	res, err := pdf.Retrospective(n, qn, pdf.Options{
		Title: site.Config.Title, Team: site.Config.Team, Generator: generator, Font: site.PDFFont,
	})
	if err != nil {
		return report(stderr, "pdf", err)
	}
	if len(res.Missing) > 0 {
		fmt.Fprintf(stderr, "warning: the PDF font has no glyph for %q, printed as \"?\"; set pdf_font in okr.toml\n", string(res.Missing))
	}
	if *out == "" {
		*out = strings.ToLower(qn.Quarter.ID) + "-retrospective.pdf"
	}
	if err := writeFileAtomic(*out, res.PDF); err != nil {
		return report(stderr, "pdf", err)
	}
	fmt.Fprintf(stdout, "okrgen: wrote %s (%s, %d KB)\n", *out, qn.Quarter.ID, (len(res.PDF)+1023)/1024)
	return exitOK
}

// writeFileAtomic writes data to a new file beside name, then renames it
// over name: a reader never sees half a file.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
