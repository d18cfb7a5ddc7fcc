package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
)

// RenderTree renders an organisation (SPEC section 9): the root site, and
// every team's whole site under its prefix (teams/<id>/), teams rendered
// in parallel. opts gives each site's options (its theme, its PDF font);
// a team's base URL is always the root's followed by its prefix. A tree
// without teams renders exactly as RenderTo renders its site.
//
// With Options.Lazy, out must be a *Site; each team is rendered into a
// Site of its own, then copied under its prefix.
func RenderTree(n *org.Numbers, opts func(*org.Tree) Options, out Output) (Stats, error) {
	all := n.All()
	options := treeOptions(n, opts)
	stats := make([]Stats, len(all))
	errs := make([]error, len(all))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, x := range all {
		o := options[i]
		o.Tree = x
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			stats[i], errs[i] = renderInto(x, o, out)
		}()
	}
	wg.Wait()
	var total Stats
	for i := range all {
		if errs[i] != nil {
			return Stats{}, errs[i]
		}
		total.Files += stats[i].Files
		total.Pages += stats[i].Pages
		total.PDFs += stats[i].PDFs
		total.Warnings = append(total.Warnings, stats[i].Warnings...)
	}
	sort.Strings(total.Warnings)
	return total, nil
}

// renderInto renders one site of the tree into out under its prefix.
func renderInto(x *org.Numbers, o Options, out Output) (Stats, error) {
	prefix := x.Tree.Prefix
	wrap := func(err error) error {
		if err == nil || prefix == "" {
			return err
		}
		return teamError(x.Tree, err)
	}
	if s, ok := out.(*Site); ok && o.Lazy && (prefix != "" || x.Tree.IsOrg()) {
		// Each site of an organisation into a Site of its own (RenderTo
		// fills Site.Lazy unlocked), then copied under its prefix.
		one := &Site{}
		st, err := RenderTo(x.Tree.Site, x.Numbers, o, one)
		if err != nil {
			return st, wrap(err)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.Files == nil {
			s.Files = map[string][]byte{}
		}
		if s.Lazy == nil {
			s.Lazy = map[string]func() ([]byte, error){}
		}
		for p, b := range one.Files {
			s.Files[prefix+p] = b
		}
		for p, f := range one.Lazy {
			s.Lazy[prefix+p] = f
		}
		return st, nil
	}
	if prefix == "" {
		return RenderTo(x.Tree.Site, x.Numbers, o, out)
	}
	st, err := RenderTo(x.Tree.Site, x.Numbers, o, prefixed{out, prefix})
	return st, wrap(err)
}

// teamError names the team whose render failed, and its folder as the
// user named the organisation's: "team Web (teams/web): theme: ...".
func teamError(t *org.Tree, err error) error {
	return fmt.Errorf("team %s (%s): %w", t.Name, t.Site.Name("."), err)
}

// prefixed puts files under a folder of another output.
type prefixed struct {
	out    Output
	prefix string
}

func (p prefixed) Put(path string, data []byte) error { return p.out.Put(p.prefix+path, data) }

func (p prefixed) PutShared(path string, data []byte) error {
	return putShared(p.out, p.prefix+path, data)
}

// TreeCache keeps an organisation rendered in memory (Options.Lazy), each
// site of the tree apart, from one render to the next: a render after an
// edit renders again only the sites the edit touches, and takes the others
// as they were. Serve keeps one. The zero TreeCache is ready to use; it is
// not safe for concurrent use.
//
// A site is rendered again when its own inputs changed (Unchanged), when
// one of its teams', at any depth, did (its aligned objectives' numbers,
// its feed and its teams' page show theirs), when the okr.toml of one of
// its parents did (its pages name the objectives they serve, and their
// parents), when the tree's shape changed (a team added, removed, moved or
// renamed: every page's way up and across), or when the date of the
// numbers or the options did. So a team's pages may show, of the rest of
// the tree, its teams' numbers and its parents' names and definitions,
// never a parent's or another team's numbers: TestTreeCacheRendersWhatChanged
// holds the rendering to that.
type TreeCache struct {
	shape string                 // of the tree last rendered
	sites map[string]*cachedSite // by Tree.Prefix
	gen   int                    // renders made
}

// cachedSite is one site of the tree as last rendered.
type cachedSite struct {
	x     *org.Numbers
	opt   Options
	theme string // themeKey of opt.Theme
	files map[string][]byte
	lazy  map[string]func() ([]byte, error)
	stats Stats
	gen   int // the render that made it
}

// maxGenerations bounds how many past renders' trees the sites taken as
// they were keep alive: each site's pages hold its tree's numbers, and
// with them every site's of that render. The sites of the render that
// made fewest of them are rendered again beyond it.
const maxGenerations = 3

// Render renders the tree of n into a new Site, as RenderTree does with
// Options.Lazy, rendering again only the sites whose pages may differ from
// their last render, and returns it with the prefixes of the sites it
// rendered (not those taken as they were), in tree order. It checks the
// output paths (CheckPaths) of the sites it renders, and returns the
// collisions of all of them; those taken as they were passed before.
func (c *TreeCache) Render(n *org.Numbers, opts func(*org.Tree) Options) (*Site, []string, error) {
	all := n.All()
	options := treeOptions(n, opts)
	var shape strings.Builder
	for _, x := range all {
		fmt.Fprintf(&shape, "%s\x00%s\x00%s\x00", x.Tree.Prefix, x.Tree.Name, x.Tree.Dir)
	}
	if shape.String() != c.shape {
		c.sites = nil
	}
	themes := make([]string, len(all))
	for i := range all {
		themes[i] = themeKey(options[i].Theme)
	}
	// own: its own inputs changed; config: its okr.toml did.
	own := map[*org.Numbers]bool{}
	config := map[*org.Numbers]bool{}
	for i, x := range all {
		e := c.sites[x.Tree.Prefix]
		if e == nil || !sameOptions(e.opt, options[i]) || e.theme != themes[i] || e.x.AsOf != x.AsOf || !Unchanged(e.x.Tree.Site, x.Tree.Site) {
			own[x] = true
		}
		config[x] = e == nil || !sameConfig(e.x.Tree.Site, x.Tree.Site)
	}
	dirty := map[*org.Numbers]bool{}
	for _, x := range all {
		if !own[x] {
			continue
		}
		for a := x; a != nil; a = a.Parent {
			dirty[a] = true
		}
	}
	for _, x := range all {
		for a := x.Parent; a != nil; a = a.Parent {
			if config[a] {
				dirty[x] = true
			}
		}
	}
	// Keep the sites taken as they were to a few past renders.
	count := map[int]int{}
	for _, x := range all {
		if !dirty[x] {
			count[c.sites[x.Tree.Prefix].gen]++
		}
	}
	var gens []int
	for g := range count {
		gens = append(gens, g)
	}
	sort.Slice(gens, func(i, j int) bool {
		if count[gens[i]] != count[gens[j]] {
			return count[gens[i]] > count[gens[j]]
		}
		return gens[i] > gens[j]
	})
	for _, g := range gens[min(len(gens), maxGenerations):] {
		for _, x := range all {
			if !dirty[x] && c.sites[x.Tree.Prefix].gen == g {
				dirty[x] = true
			}
		}
	}

	c.gen++
	var redo []int
	var collisions okr.ErrorList
	for i, x := range all {
		if !dirty[x] {
			continue
		}
		redo = append(redo, i)
		if err := CheckPaths(x.Tree.Site, options[i].Theme); err != nil {
			var el okr.ErrorList
			if !errors.As(err, &el) {
				return nil, nil, err
			}
			collisions = append(collisions, el...)
		}
	}
	if err := collisions.Err(); err != nil {
		return nil, nil, err
	}
	made := make([]*cachedSite, len(redo))
	errs := make([]error, len(redo))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for j, i := range redo {
		x, o := all[i], options[i]
		o.Lazy, o.Tree = true, x
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			s := &Site{}
			st, err := RenderTo(x.Tree.Site, x.Numbers, o, s)
			if err != nil {
				if x.Tree.Prefix != "" {
					err = teamError(x.Tree, err)
				}
				errs[j] = err
				return
			}
			e := &cachedSite{x: x, opt: options[i], theme: themes[i], stats: st, gen: c.gen,
				files: make(map[string][]byte, len(s.Files)), lazy: make(map[string]func() ([]byte, error), len(s.Lazy))}
			for p, b := range s.Files {
				e.files[x.Tree.Prefix+p] = b
			}
			for p, f := range s.Lazy {
				e.lazy[x.Tree.Prefix+p] = f
			}
			made[j] = e
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	sites := map[string]*cachedSite{}
	for _, x := range all {
		if !dirty[x] {
			sites[x.Tree.Prefix] = c.sites[x.Tree.Prefix]
		}
	}
	var rendered []string
	for j, i := range redo {
		sites[all[i].Tree.Prefix] = made[j]
		rendered = append(rendered, all[i].Tree.Prefix)
	}
	c.sites, c.shape = sites, shape.String()

	out := &Site{Files: map[string][]byte{}, Lazy: map[string]func() ([]byte, error){}}
	for _, x := range all {
		e := sites[x.Tree.Prefix]
		maps.Copy(out.Files, e.files)
		maps.Copy(out.Lazy, e.lazy)
		out.Stats.Files += e.stats.Files
		out.Stats.Pages += e.stats.Pages
		out.Stats.PDFs += e.stats.PDFs
		out.Stats.Warnings = append(out.Stats.Warnings, e.stats.Warnings...)
	}
	sort.Strings(out.Stats.Warnings)
	return out, rendered, nil
}

// treeOptions returns the options of every site of the tree of n, in
// n.All() order, as RenderTree gives them: a team's base URL is the root's
// followed by its prefix.
func treeOptions(n *org.Numbers, opts func(*org.Tree) Options) []Options {
	all := n.All()
	out := make([]Options, len(all))
	root := opts(n.Tree)
	base := root.BaseURL
	if base == "" {
		base = n.Tree.Site.Config.BaseURL
	}
	for i, x := range all {
		o := root
		if x != n {
			o = opts(x.Tree)
			o.BaseURL = strings.TrimSuffix(base, "/") + "/" + escapePath(x.Tree.Prefix)
		}
		out[i] = o
	}
	return out
}

// sameOptions reports whether two renders' options (their theme and tree
// aside) make the same pages of the same site.
func sameOptions(a, b Options) bool {
	return a.BaseURL == b.BaseURL && a.Generator == b.Generator && a.PDFs == b.PDFs && a.Lazy == b.Lazy && bytes.Equal(a.PDFFont, b.PDFFont)
}

// themeKey identifies the files of a theme as they are now: their paths,
// sizes and modification times. A theme of the site's own is a few files;
// the built-in one, in the binary, costs no system call.
func themeKey(theme fs.FS) string {
	if theme == nil {
		return ""
	}
	var b strings.Builder
	fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(&b, "%s\x00error %v\x00", p, err)
			return nil
		}
		if d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			fmt.Fprintf(&b, "%s\x00error %v\x00", p, err)
			return nil
		}
		fmt.Fprintf(&b, "%s\x00%d\x00%d\x00", p, fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	return b.String()
}

// Unchanged reports whether two loads of a site read the same sources, as
// an okr.Loader that loaded both tells: the same okr.toml (the Loader
// keeps its definitions while it does not change), the same content files
// (kept while their size and modification time do not change), the same
// data rows and PDF font.
func Unchanged(a, b *okr.Site) bool {
	if a == b {
		return true
	}
	if a.Dir != b.Dir || !sameConfig(a, b) || !slices.Equal(a.CheckIns, b.CheckIns) || !slices.Equal(a.Pages, b.Pages) ||
		!slices.Equal(a.Retros, b.Retros) || !bytes.Equal(a.PDFFont, b.PDFFont) || !slices.Equal(a.DataFiles, b.DataFiles) {
		return false
	}
	for _, q := range a.Quarters {
		for _, o := range q.Objectives {
			for _, kr := range o.KeyResults {
				if kr.Data != "" && !sameRows(a.DataRows(kr), b.DataRows(kr)) {
					return false
				}
			}
		}
	}
	return true
}

// sameConfig reports whether two loads of a site read the same okr.toml:
// an okr.Loader keeps the quarters it parsed while the file stays the same.
func sameConfig(a, b *okr.Site) bool {
	if len(a.Quarters) != len(b.Quarters) {
		return false
	}
	if len(a.Quarters) > 0 {
		return &a.Quarters[0] == &b.Quarters[0]
	}
	return reflect.DeepEqual(a.Config, b.Config)
}

// sameRows reports whether two loads read the same rows of a data file.
func sameRows(a, b []*okr.Update) bool {
	return slices.EqualFunc(a, b, func(u, v *okr.Update) bool {
		return u.Source == v.Source && u.Date == v.Date && u.Index == v.Index && u.Line == v.Line && u.Note == v.Note &&
			equalPtr(u.Value, v.Value) && equalPtr(u.Done, v.Done) && equalPtr(u.Confidence, v.Confidence) && equalPtr(u.Blocker, v.Blocker)
	})
}

func equalPtr[T comparable](a, b *T) bool {
	return a == b || a != nil && b != nil && *a == *b
}
