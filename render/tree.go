package render

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

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
	root := opts(n.Tree)
	base := root.BaseURL
	if base == "" {
		base = n.Tree.Site.Config.BaseURL
	}
	var all []*org.Numbers
	var walk func(*org.Numbers)
	walk = func(x *org.Numbers) {
		all = append(all, x)
		for _, c := range x.Teams {
			walk(c)
		}
	}
	walk(n)
	stats := make([]Stats, len(all))
	errs := make([]error, len(all))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, x := range all {
		o := root
		if x != n {
			o = opts(x.Tree)
			o.BaseURL = strings.TrimSuffix(base, "/") + "/" + escapePath(x.Tree.Prefix)
		}
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
	if prefix == "" {
		return RenderTo(x.Tree.Site, x.Numbers, o, out)
	}
	if s, ok := out.(*Site); ok && o.Lazy {
		team := &Site{}
		st, err := RenderTo(x.Tree.Site, x.Numbers, o, team)
		if err != nil {
			return st, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.Files == nil {
			s.Files = map[string][]byte{}
		}
		if s.Lazy == nil {
			s.Lazy = map[string]func() ([]byte, error){}
		}
		for p, b := range team.Files {
			s.Files[prefix+p] = b
		}
		for p, f := range team.Lazy {
			s.Lazy[prefix+p] = f
		}
		return st, nil
	}
	st, err := RenderTo(x.Tree.Site, x.Numbers, o, prefixed{out, prefix})
	if err != nil {
		return st, fmt.Errorf("team %s: %w", x.Tree.Name, err)
	}
	return st, nil
}

// prefixed puts files under a folder of another output.
type prefixed struct {
	out    Output
	prefix string
}

func (p prefixed) Put(path string, data []byte) error { return p.out.Put(p.prefix+path, data) }
