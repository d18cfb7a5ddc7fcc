package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
	"github.com/okrgen/okrgen/render"
	"github.com/okrgen/okrgen/themes"
)

// The pipeline every command shares: load (files → model), compute
// (model → numbers), render (numbers → files in memory).

// load reads the site in src and computes its numbers as of asOf. Output
// paths are checked only by the commands that write a site (renderSite)
// and by check: pdf, digest and new checkin write none.
func load(src string, asOf okr.Date) (*okr.Site, *okr.Numbers, error) {
	if err := checkSiteFolder(src); err != nil {
		return nil, nil, err
	}
	site, err := okr.Load(src)
	if err != nil {
		return nil, nil, err
	}
	return site, okr.Compute(site, asOf), nil
}

// loadTree reads the site in src with its teams (SPEC section 9) and
// computes the numbers of every site of the tree as of asOf. A site
// without [[teams]] is a tree of one.
func loadTree(src string, asOf okr.Date) (*org.Tree, *org.Numbers, error) {
	if err := checkSiteFolder(src); err != nil {
		return nil, nil, err
	}
	t, err := org.Load(src)
	if err != nil {
		return nil, nil, err
	}
	return t, org.Compute(t, asOf), nil
}

// checkSiteFolder returns an error unless src, a command's -s, is a
// folder. Every command that reads a site checks it before anything else
// touches the path: "/etc/passwd/public: not a directory" helps no one.
// A folder without okr.toml is left to the loader, which says so.
func checkSiteFolder(src string) error {
	if src == "" {
		src = "."
	}
	fi, err := os.Stat(src)
	var pe *fs.PathError
	why := ""
	switch {
	case errors.Is(err, fs.ErrNotExist):
		why = "it does not exist"
	case errors.As(err, &pe):
		why = pe.Err.Error()
	case err != nil:
		why = err.Error()
	case fi.Mode().IsRegular():
		why = "it is a file"
	case !fi.IsDir():
		why = "it is not a folder"
	default:
		return nil
	}
	return fmt.Errorf("%s is not a site folder (%s); expected a folder with okr.toml", src, why)
}

// renderOptions are the choices of a render besides the site.
type renderOptions struct {
	baseURL string // overrides okr.toml's base_url when set
	pdfs    bool
	lazy    bool
}

// renderTree renders a loaded site and its teams into out, once
// checkTree has found no two sources of a site writing the same path.
func renderTree(n *org.Numbers, o renderOptions, out render.Output) (render.Stats, error) {
	themes, err := checkTree(n)
	if err != nil {
		return render.Stats{}, err
	}
	return render.RenderTree(n, o.of(themes), out)
}

// treeThemes opens the theme of every site of the tree.
func treeThemes(n *org.Numbers) map[*org.Tree]fs.FS {
	out := map[*org.Tree]fs.FS{}
	for _, x := range n.All() {
		out[x.Tree] = themes.Open(x.Tree.Dir, x.Tree.Site.Config.Theme)
	}
	return out
}

// checkTree opens the theme of every site of the tree and checks, with
// render.CheckPaths, that no two sources of a site write the same path.
// It returns the themes, or every site's errors.
func checkTree(n *org.Numbers) (map[*org.Tree]fs.FS, error) {
	var errs okr.ErrorList
	themesOf := treeThemes(n)
	for _, x := range n.All() {
		t := x.Tree
		if err := render.CheckPaths(t.Site, themesOf[t]); err != nil {
			var el okr.ErrorList
			if !errors.As(err, &el) {
				return nil, err
			}
			errs = append(errs, el...)
		}
	}
	return themesOf, errs.Err()
}

// of returns the render options of each site of a tree, given their themes.
func (o renderOptions) of(themes map[*org.Tree]fs.FS) func(*org.Tree) render.Options {
	return func(t *org.Tree) render.Options {
		var font []byte
		if o.pdfs {
			font = t.Site.PDFFont
		}
		return render.Options{
			BaseURL:   o.baseURL,
			Theme:     themes[t],
			Generator: generator,
			PDFs:      o.pdfs,
			Lazy:      o.lazy,
			PDFFont:   font,
		}
	}
}

// warnings returns what a build says of a site that did not fail: the
// check-ins left out for being dated after --as-of. okrgen check says more.
func warnings(site *okr.Site, n *okr.Numbers) []string {
	var out []string
	for _, c := range n.Later {
		out = append(out, warning(&okr.Error{File: site.Name(c.Source), Line: 1,
			Msg: fmt.Sprintf("dated %s, after --as-of %s: left out", c.Date, n.AsOf)}))
	}
	return out
}

// warning formats a warning for editors' problem matchers and CI logs:
// file:line:col: warning: message.
func warning(e *okr.Error) string {
	loc := e.File
	if e.Line > 0 {
		loc += fmt.Sprintf(":%d", e.Line)
		if e.Col > 0 {
			loc += fmt.Sprintf(":%d", e.Col)
		}
	}
	return loc + ": warning: " + e.Msg
}

// display returns the path of a site file as the user named the site.
func display(src, rel string) string {
	if src == "" || src == "." {
		return rel
	}
	return filepath.ToSlash(filepath.Join(src, rel))
}

// report prints err, one problem a line, and returns exit status 1.
func report(w io.Writer, cmd string, err error) int {
	var list okr.ErrorList
	if e, ok := err.(*okr.Error); ok {
		list = okr.ErrorList{e}
	}
	if list != nil || errors.As(err, &list) {
		fmt.Fprintln(w, list.Error())
		fmt.Fprintf(w, "okrgen %s: %d error%s\n", cmd, len(list), plural(len(list)))
		return exitError
	}
	fmt.Fprintf(w, "okrgen %s: %v\n", cmd, err)
	return exitError
}

// count returns "1 quarter", "2 quarters".
func count(n int, noun string) string { return fmt.Sprintf("%d %s%s", n, noun, plural(n)) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// writeNew writes a file that must not exist yet: one made since the caller
// looked (init, new checkin) is never replaced.
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
