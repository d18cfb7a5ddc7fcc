package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
	"github.com/okrgen/okrgen/render"
	"github.com/okrgen/okrgen/render/pdf"
)

func runPDF(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("pdf", "", stdout, stderr)
	src := flags.String("s", ".", "read the site in `DIR`")
	var q quarterFlag
	flags.Var(&q, "quarter", "the quarter, by its `ID` such as 2026-Q3 (default the current quarter)")
	out := flags.String("o", "", "write the PDF to `FILE`, - for the standard output (default <quarter>-retrospective.pdf, with --team <team>-<quarter>-retrospective.pdf); only a PDF okrgen wrote is replaced")
	var asOf dateFlag
	flags.Var(&asOf, "as-of", "compute the numbers as of `DATE`, YYYY-MM-DD")
	var team teamFlag
	flags.Var(&team, "team", "write the retrospective of one team of an organisation, by its `ID` as payments or product/web, as the team builds it (default the organisation's, with a section per team)")
	if code, ok := flags.parse(args); !ok {
		return code
	}
	quarter := &q.id
	tree, tn, err := loadTree(*src, asOf.date())
	if err != nil {
		return report(stderr, "pdf", err)
	}
	t, err := team.team(tree, display(*src, okr.ConfigFile))
	if err != nil {
		return flags.usageError("%v", err)
	}
	on := tn.Find(t)
	site, n := t.Site, on.Numbers
	dir := t.Dir // the site's folder, as the user names it
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
			fmt.Fprintf(stderr, "okrgen pdf: no quarter %q in %s; quarters: %s\n", *quarter, display(dir, okr.ConfigFile), strings.Join(ids, ", "))
			return exitError
		}
	}
	if qn == nil {
		fmt.Fprintf(stderr, "okrgen pdf: %s defines no quarter\n", display(dir, okr.ConfigFile))
		return exitError
	}
	// A team's is named after it: beside the organisation's, in the same
	// folder, neither replaces the other.
	def := strings.ToLower(qn.Quarter.ID) + "-retrospective.pdf"
	if t != tree {
		def = strings.ReplaceAll(team.id, "/", "-") + "-" + def
	}
	if *out == "" {
		*out = def
	}
	target := ""
	if *out == "-" && isTerminal(stdout) {
		fmt.Fprintln(stderr, "okrgen pdf: -o - writes the PDF to the standard output, which is a terminal; redirect it to a file or a program")
		return exitUsage
	}
	if *out != "-" {
		if target, err = pdfTargetIn(tree, t, *out, def); err != nil {
			return report(stderr, "pdf", err)
		}
	}
	// The check-ins left out, of the site and of the teams whose sections
	// the PDF holds.
	for _, x := range append([]*org.Numbers{on}, on.Teams...) {
		for _, w := range warnings(x.Tree.Site, x.Numbers) {
			fmt.Fprintln(stderr, w)
		}
	}
	res, err := pdf.Retrospective(n, qn, pdf.Options{
		Title: site.Config.Title, Team: site.Config.Team, Generator: generator, Font: site.PDFFont,
		Teams: render.PDFTeams(on, qn.Quarter.ID),
	})
	if err != nil {
		return report(stderr, "pdf", err)
	}
	if len(res.Missing) > 0 {
		fmt.Fprintf(stderr, "warning: the PDF font has no glyph for %q, printed as \"?\"; set pdf_font in okr.toml\n", string(res.Missing))
	}
	if *out == "-" {
		if _, err := stdout.Write(res.PDF); err != nil {
			return report(stderr, "pdf", err)
		}
		return exitOK
	}
	// Again, for a file made while the PDF was rendering.
	if target, err = pdfTargetIn(tree, t, *out, def); err != nil {
		return report(stderr, "pdf", err)
	}
	if err := writeFileAtomic(target, res.PDF); err != nil {
		return report(stderr, "pdf", fmt.Errorf("cannot write %s: %w", *out, withoutPath(err)))
	}
	of := qn.Quarter.ID
	if t != tree {
		of = t.Name + ", " + of
	}
	fmt.Fprintf(stdout, "okrgen: wrote %s (%s, %d KB)\n", *out, of, (len(res.PDF)+1023)/1024)
	return exitOK
}

// pdfTargetIn is pdfTarget for the PDF of the site of t, of the tree
// root: -o may be a source of no site of the tree, its teams' included.
func pdfTargetIn(root, t *org.Tree, out, def string) (string, error) {
	var err error
	root.Walk(func(c *org.Tree) {
		name, ok := render.InSources(c.Dir, out)
		if !ok || err != nil || c == t {
			return
		}
		what, is := "the organisation", "is inside"
		if c.Parent != nil {
			what = "the team " + c.Name
		}
		if name == okr.ConfigFile {
			is = "is"
		}
		path := filepath.ToSlash(filepath.Join(c.Dir, name))
		if strings.HasSuffix(name, "/") {
			path += "/"
		}
		err = fmt.Errorf("-o %s %s %s, a source of %s, which okrgen reads; expected a file outside every site's okr.toml, content/ and themes/", out, is, path, what)
	})
	if err != nil {
		return "", err
	}
	return pdfTarget(t.Dir, t.Site.Config.PDFFont, out, def)
}

// pdfTarget returns the file to write for -o out, or why not: okrgen pdf
// replaces only a PDF it wrote, never a source of the site in src (even a
// PDF), and names the folder that is missing or not one. A link to a PDF
// of okrgen's is written through. def is the default file name.
func pdfTarget(src, font, out, def string) (string, error) {
	if name, ok := render.InSources(src, out); ok {
		if name == okr.ConfigFile {
			return "", fmt.Errorf("-o %s is the site's okr.toml, which okrgen reads; expected a file outside okr.toml, content/ and themes/", out)
		}
		return "", fmt.Errorf("-o %s is inside the site's %s, which okrgen reads; expected a file outside okr.toml, content/ and themes/", out, name)
	}
	if font != "" {
		if !filepath.IsAbs(font) {
			font = filepath.Join(src, font)
		}
		a, errA := os.Stat(font)
		b, errB := os.Stat(out)
		if errA == nil && errB == nil && os.SameFile(a, b) {
			return "", fmt.Errorf("-o %s is the site's pdf_font; expected a file of its own", out)
		}
	}
	fi, err := os.Stat(out)
	switch {
	case err == nil && fi.IsDir():
		return "", fmt.Errorf("-o %s is a folder; expected a file name such as %s", out, filepath.ToSlash(filepath.Join(out, def)))
	case err == nil && !fi.Mode().IsRegular():
		return "", fmt.Errorf("-o %s is not a regular file; expected a file name, or - for the standard output", out)
	case err == nil:
		ok, err := writtenByOkrgen(out, fi.Size())
		if err != nil {
			return "", fmt.Errorf("-o %s: %w", out, withoutPath(err))
		}
		if !ok {
			return "", fmt.Errorf("-o %s exists and is not a PDF okrgen wrote; choose another file name, or delete it first", out)
		}
		return filepath.EvalSymlinks(out)
	}
	if _, lerr := os.Lstat(out); lerr == nil {
		return "", fmt.Errorf("-o %s is a link to a file that does not exist; expected a file name", out)
	}
	dir := filepath.Dir(out)
	if dfi, derr := os.Stat(dir); errors.Is(derr, fs.ErrNotExist) {
		return "", fmt.Errorf("cannot write %s: folder %s does not exist", out, dir)
	} else if derr == nil && !dfi.IsDir() || errors.Is(derr, syscall.ENOTDIR) {
		return "", fmt.Errorf("cannot write %s: %s is not a folder", out, dir)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("cannot write %s: %w", out, withoutPath(err))
	}
	return out, nil
}

// pdfTail is how much of the end of a PDF writtenByOkrgen reads: the
// document information sits just before the cross-reference table, 20
// bytes an object.
const pdfTail = 1 << 20

// writtenByOkrgen reports whether the file name, of size bytes, is a PDF
// okrgen wrote: it starts with "%PDF-", and its document information near
// the end names okrgen as its producer (in UTF-16, as gofpdf writes it).
func writtenByOkrgen(name string, size int64) (bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 5)
	if _, err := io.ReadFull(f, head); err != nil || string(head) != "%PDF-" {
		return false, nil
	}
	off := max(size-pdfTail, 0)
	tail := make([]byte, size-off)
	if _, err := f.ReadAt(tail, off); err != nil && err != io.EOF {
		return false, err
	}
	return bytes.Contains(tail, producerUTF16) || bytes.Contains(tail, []byte("/Producer (okrgen v")), nil
}

// producerUTF16 starts the producer of a PDF okrgen wrote, in gofpdf's
// UTF-16 with a byte order mark.
var producerUTF16 = func() []byte {
	b := []byte("/Producer (\xfe\xff")
	for _, r := range "okrgen v" {
		b = append(b, 0, byte(r))
	}
	return b
}()

// withoutPath shortens a *PathError to its cause: the caller names the file.
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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
