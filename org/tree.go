package org

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/okrgen/okrgen/okr"
)

// MaxDepth bounds how deep teams nest: an organisation, its departments,
// their teams, and room to spare.
const MaxDepth = 8

// Tree is a site with the team sites it lists, each a Tree of its own.
type Tree struct {
	Site   *okr.Site
	Ref    *okr.TeamRef // its [[teams]] entry in the parent; nil at the root
	Parent *Tree        // nil at the root
	Teams  []*Tree      // in [[teams]] order
	// Name is the team's name: its [[teams]] entry's name, else its site's
	// team, else its site's title. The root's is its team, else its title.
	Name string
	// Prefix is where the site's output goes within the root's output:
	// "" at the root, "teams/payments/" for a team, and
	// "teams/product/teams/web/" for a team of a team.
	Prefix string
	// Dir is the site's folder as Load opened it: the root's dir, joined
	// with each team's path.
	Dir string
}

// IsOrg reports whether the tree has teams: a site without [[teams]]
// builds as it always did.
func (t *Tree) IsOrg() bool { return len(t.Teams) > 0 }

// ID returns the team's id, "" at the root.
func (t *Tree) ID() string {
	if t.Ref == nil {
		return ""
	}
	return t.Ref.ID
}

// Walk calls f for t and every team below it, parents before their teams,
// teams in [[teams]] order.
func (t *Tree) Walk(f func(*Tree)) {
	f(t)
	for _, c := range t.Teams {
		c.Walk(f)
	}
}

// Find returns the team whose path of ids from t is ids ("payments", or
// "product/web" for a team of a team), or nil.
func (t *Tree) Find(ids string) *Tree {
	cur := t
	for _, id := range strings.Split(ids, "/") {
		var next *Tree
		for _, c := range cur.Teams {
			if c.ID() == id {
				next = c
			}
		}
		if next == nil {
			return nil
		}
		cur = next
	}
	return cur
}

// IDs returns the ids of every team below t as Find takes them, parents
// before their teams.
func (t *Tree) IDs() []string {
	var ids []string
	t.Walk(func(c *Tree) {
		if c != t {
			id := c.ID()
			for a := c.Parent; a != t; a = a.Parent {
				id = a.ID() + "/" + id
			}
			ids = append(ids, id)
		}
	})
	return ids
}

// Loader loads an organisation again and again, as serve does after every
// save: each site of the tree keeps its own okr.Loader, so that only the
// files that changed are parsed again. The zero Loader is ready to use; it
// is not safe for concurrent use.
type Loader struct {
	// Config, when set, is the text of the root site's okr.toml, read in
	// place of the file (okr.Loader's Config).
	Config []byte

	mu      sync.Mutex
	loaders map[string]*okr.Loader // by site folder
	root    string                 // the folder of the last load
	tried   []string               // the site folders of the last load, root first
	// named are the team folders the last load's okr.toml files name,
	// relative to the root with slashes, parents first, whether or not
	// they loaded; kept as they were while the root's own site fails.
	named []string
}

func (ld *Loader) loader(dir string) *okr.Loader {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	ld.tried = append(ld.tried, dir)
	if ld.loaders == nil {
		ld.loaders = map[string]*okr.Loader{}
	}
	l := ld.loaders[dir]
	if l == nil {
		l = new(okr.Loader)
		ld.loaders[dir] = l
	}
	return l
}

// DataFiles returns the data files every site of the last load names
// (even when the load failed: a data file okr.toml names but that is
// missing is what the user is about to create), relative to the root
// folder, with slashes, sorted: what the watcher watches besides each
// site's okr.toml, content/ and themes/.
func (ld *Loader) DataFiles() []string {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for _, dir := range ld.tried {
		rel, err := filepath.Rel(ld.root, dir)
		if err != nil {
			continue
		}
		for _, f := range ld.loaders[dir].DataFiles() {
			p := path.Join(filepath.ToSlash(rel), f)
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Folders returns the folders of the team sites that the last load's
// okr.toml files name, relative to the root folder, with slashes, parents
// first, whether or not they loaded: the watcher watches their okr.toml,
// content/ and themes/ too, so that a team folder made or mended after a
// failed load (git submodule update --init) rebuilds the site.
func (ld *Loader) Folders() []string { return ld.named }

// DataFiles returns the data files of every site of t, relative to t's
// folder, with slashes, sorted.
func (t *Tree) DataFiles() []string {
	if t == nil {
		return nil
	}
	var out []string
	t.Walk(func(c *Tree) {
		for _, f := range c.Site.DataFiles {
			out = append(out, strings.TrimPrefix(c.rel()+"/"+f, "/"))
		}
	})
	sort.Strings(out)
	return out
}

// rel returns the site's folder relative to the root, with slashes ("" at
// the root).
func (t *Tree) rel() string {
	if t.Parent == nil {
		return ""
	}
	return strings.TrimPrefix(t.Parent.rel()+"/"+t.Ref.Path, "/")
}

// Rel returns the site's folder relative to the root's, with slashes: ""
// at the root, "teams/payments" for a team.
func (t *Tree) Rel() string { return t.rel() }

// Load reads the site in dir and, recursively, the team sites it lists,
// and checks the alignment of each team's objectives to its parent's.
// Errors of every site are reported together, each naming its file by
// its path from dir.
func Load(dir string) (*Tree, error) { return new(Loader).Load(dir) }

// Load reads the tree in dir, as the package's Load does.
func (ld *Loader) Load(dir string) (*Tree, error) {
	ld.mu.Lock()
	ld.root, ld.tried = dir, nil
	ld.mu.Unlock()
	root := ld.loader(dir)
	root.Config = ld.Config
	site, err := root.Load(dir)
	if err != nil {
		return nil, err
	}
	t := &Tree{Site: site, Dir: dir, Name: siteName(site)}
	var list okr.ErrorList
	ld.named = nil
	ld.loadTeams(t, 1, &list)
	t.Walk(func(c *Tree) { checkAlignment(c, &list) })
	if err := list.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

func siteName(s *okr.Site) string {
	if n := strings.TrimSpace(s.Config.Team); n != "" {
		return n
	}
	return s.Config.Title
}

// loadTeams loads the teams of t, in parallel, and theirs in turn.
func (ld *Loader) loadTeams(t *Tree, depth int, list *okr.ErrorList) {
	refs := t.Site.Config.Teams
	if len(refs) == 0 {
		return
	}
	cfg := t.Site.Name(okr.ConfigFile)
	if depth > MaxDepth {
		r := refs[0]
		*list = append(*list, &okr.Error{File: cfg, Line: r.Line, Col: r.Col, Msg: fmt.Sprintf("teams nest more than %d levels deep here; expected an organisation of at most %d levels", MaxDepth, MaxDepth)})
		return
	}
	teams := make([]*Tree, len(refs))
	errs := make([]error, len(refs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, r := range refs {
		if msg := overlaps(r, refs); msg != "" {
			line, col := r.PathPos()
			errs[i] = okr.ErrorList{{File: cfg, Line: line, Col: col, Msg: msg}}
			continue
		}
		dir := filepath.Join(t.Dir, filepath.FromSlash(r.Path))
		ld.named = append(ld.named, strings.TrimPrefix(t.rel()+"/"+r.Path, "/"))
		if msg := checkFolder(t.Dir, r.Path); msg != "" {
			line, col := r.PathPos()
			errs[i] = okr.ErrorList{{File: cfg, Line: line, Col: col, Msg: fmt.Sprintf("team %q: %s", r.ID, msg)}}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			site, err := ld.loader(dir).Load(dir)
			if err != nil {
				errs[i] = err
				return
			}
			name := r.Name
			if name == "" {
				name = siteName(site)
			}
			teams[i] = &Tree{Site: site, Ref: r, Parent: t, Name: name, Dir: dir, Prefix: t.Prefix + "teams/" + r.ID + "/"}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		var el okr.ErrorList
		switch {
		case err == nil:
			t.Teams = append(t.Teams, teams[i])
			ld.loadTeams(teams[i], depth+1, list)
		case errors.As(err, &el):
			*list = append(*list, el...)
		default:
			*list = append(*list, &okr.Error{File: cfg, Msg: err.Error()})
		}
	}
}

// overlaps says when r's folder holds, or lies in, another team's.
func overlaps(r *okr.TeamRef, refs []*okr.TeamRef) string {
	for _, o := range refs {
		if o != r && strings.HasPrefix(r.Path+"/", o.Path+"/") {
			return fmt.Sprintf("team %q: path %q is inside team %q's folder %q; expected each team in a folder of its own", r.ID, r.Path, o.ID, o.Path)
		}
	}
	return ""
}

// checkFolder says what is wrong with a team's folder rel (slashes,
// cleaned, inside the site by okr's checks) of the site in dir, or "". No
// part of the path may be a symlink: a team's files are read as the
// site's own, and a link could lead anywhere.
func checkFolder(dir, rel string) string {
	cur := dir
	parts := strings.Split(rel, "/")
	for i, p := range parts {
		cur = filepath.Join(cur, p)
		so := path.Join(parts[:i+1]...)
		fi, err := os.Lstat(cur)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Sprintf("folder %s not found; expected the team's site folder (for a git submodule: git submodule update --init)", rel)
		case err != nil:
			return fmt.Sprintf("folder %s: %v", so, unwrap(err))
		case fi.Mode()&fs.ModeSymlink != 0:
			return fmt.Sprintf("%s is a symlink; expected a folder inside the site (a link could lead out of it)", so)
		case !fi.IsDir():
			return fmt.Sprintf("%s is not a folder; expected the team's site folder", so)
		}
	}
	fi, err := os.Lstat(filepath.Join(cur, okr.ConfigFile))
	switch {
	case errors.Is(err, fs.ErrNotExist) && emptyFolder(cur):
		return fmt.Sprintf("%s is empty; expected a site folder with %s (a git submodule not checked out? run git submodule update --init)", rel, okr.ConfigFile)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("%s has no %s; expected a site folder (run okrgen init %s to make one)", rel, okr.ConfigFile, rel)
	case err != nil:
		return fmt.Sprintf("%s/%s: %v", rel, okr.ConfigFile, unwrap(err))
	case !fi.Mode().IsRegular():
		return fmt.Sprintf("%s/%s is not a regular file", rel, okr.ConfigFile)
	}
	return ""
}

// emptyFolder reports whether dir holds nothing but, perhaps, the .git
// file of a submodule: what an unfetched git submodule leaves.
func emptyFolder(dir string) bool {
	es, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range es {
		if e.Name() != ".git" {
			return false
		}
	}
	return true
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
