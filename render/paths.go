package render

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/okrgen/okrgen/okr"
)

// CheckPaths finds the output paths that two sources of a site would
// write, before anything is written: a page content/data.json.md (whose
// page data.json/ needs a folder where data.json is), a theme's static
// file named quarters or index.html, a page in the folder of another. Two
// sources collide when they claim the same path, or when one claims a file
// where the other needs a folder. It returns an okr.ErrorList with an error
// for each collision, naming both sources, or nil. theme is the site's
// theme, as Options.Theme.
//
// On a site with teams (SPEC section 9), okrgen writes teams/index.html,
// and each team's site under teams/<id>/: none of the site's own pages or
// theme files may be there.
func CheckPaths(site *okr.Site, theme fs.FS) error {
	claims := outputPaths(site, theme)
	sort.SliceStable(claims, func(i, j int) bool { return claims[i].path < claims[j].path })
	files := map[string]*claim{} // the first claim of each path
	for i := range claims {
		if c := &claims[i]; files[c.path] == nil {
			files[c.path] = c
		}
	}
	var list okr.ErrorList
	seen := map[string]bool{}
	report := func(e *okr.Error) {
		if k := e.File + "\x00" + e.Msg; !seen[k] {
			seen[k] = true
			list = append(list, e)
		}
	}
	for i := range claims {
		b := &claims[i]
		// In a team's folder.
		if b.rank() < rankGenerated {
			for _, t := range site.Config.Teams {
				if dir := "teams/" + t.ID + "/"; strings.HasPrefix(b.path, dir) {
					report(b.errorf(site, "%scollides with the site of team %s (%s), which okrgen writes in the folder %s; expected another name", b.subject(), t.ID, t.Path, dir))
				}
			}
		}
		// The same path.
		if a := files[b.path]; a != b {
			if a.rank() <= b.rank() {
				a, b = b, a
			}
			report(b.errorf(site, "%scollides with %s; %s", b.subject(), a.what, a.expected(b.path, "")))
		}
		// A file where b needs a folder.
		for dir := path.Dir(b.path); dir != "."; dir = path.Dir(dir) {
			a := files[dir]
			if a == nil {
				continue
			}
			if a.rank() < b.rank() {
				report(a.errorf(site, "%scollides with %s (in a folder %s/); %s", a.subject(), b.groupIn(dir), dir, b.expected(dir, "the folder ")))
			} else {
				report(b.errorf(site, "%sneeds a folder %s/, which collides with %s; %s", b.subject(), dir, a.what, a.expected(dir, "")))
			}
		}
	}
	return list.Err()
}

// claim is one output path and the source that writes it.
type claim struct {
	path     string
	source   string // the source's path in the site, as errors name it; "" for what okrgen makes of okr.toml
	own      string // what the source writes, as an error on it says: "its page planning/"
	what     string // how an error on another source names it: "the page of content/planning.md"
	group    string // how it is named among the files of a folder it shares with others, or ""
	groupDir string // the folder above which group names it, or "" for any folder
}

// Ranks of claims: which of two colliding sources an error is reported on.
const (
	rankStatic    = iota // a theme's static file
	rankContent          // a page or check-in
	rankGenerated        // what okrgen makes of okr.toml
)

func (c *claim) rank() int {
	switch {
	case c.source == "":
		return rankGenerated
	case c.own == "":
		return rankStatic
	}
	return rankContent
}

// subject opens an error on c's source: "its page planning/ ", or "".
func (c *claim) subject() string {
	if c.own == "" {
		return ""
	}
	return c.own + " "
}

// groupIn names c as one of the files in the folder dir.
func (c *claim) groupIn(dir string) string {
	if c.group != "" && (c.groupDir == "" || len(dir) <= len(c.groupDir)) {
		return c.group
	}
	return c.what
}

// expected says what an error on the source colliding with c at path p
// expects: another name, as okrgen's own files keep theirs. kind is
// "the folder " when c needs p to be a folder, or "".
func (c *claim) expected(p, kind string) string {
	if c.rank() == rankGenerated {
		if kind != "" {
			p += "/"
		}
		return "expected another name: okrgen writes " + kind + p
	}
	return "expected another name for one of the two"
}

// errorf returns an error on c's source.
func (c *claim) errorf(site *okr.Site, format string, args ...any) *okr.Error {
	file := c.source
	if file == "" {
		file = okr.ConfigFile
	}
	return &okr.Error{File: site.Name(file), Msg: fmt.Sprintf(format, args...)}
}

// outputPaths returns every path a render of site writes (PDFs included)
// and a build adds (the Manifest), with their sources.
func outputPaths(site *okr.Site, theme fs.FS) []claim {
	var claims []claim
	generated := func(p, what string) { claims = append(claims, claim{path: p, what: what}) }
	fs.WalkDir(theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			name := "themes/" + site.Config.Theme + "/" + p
			claims = append(claims, claim{path: strings.TrimPrefix(p, "static/"), source: name, what: name})
		}
		return nil // the render reports what cannot be read
	})
	generated("index.html", "the home page (index.html)")
	generated("404.html", "the generated 404.html")
	generated("data.json", "the generated data.json")
	generated("feed.xml", "the generated feed.xml")
	generated(".nojekyll", "the generated .nojekyll")
	generated(Manifest, "okrgen's list of the files it wrote ("+Manifest+")")
	if len(site.Config.Teams) > 0 {
		generated("teams/index.html", "the page of all teams (teams/index.html)")
	}
	quarter := func(p, what string) {
		claims = append(claims, claim{path: p, what: what, group: "the quarter pages"})
	}
	quarter("quarters/index.html", "the page of all quarters (quarters/index.html)")
	for _, q := range site.Quarters {
		quarter(quarterPath(q)+"index.html", "the page of quarter "+q.ID)
		quarter(pdfPath(q), "the retrospective PDF of "+q.ID)
		quarter(csvPath(q), "the okrs.csv of "+q.ID)
		for _, o := range q.Objectives {
			quarter(objectivePath(o)+"index.html", "the page of objective "+q.ID+" "+o.ID)
		}
	}
	for _, c := range site.CheckIns {
		dir := checkInPath(c)
		claims = append(claims, claim{path: dir + "index.html", source: c.Source, own: "its page " + dir,
			what: "the page of " + site.Name(c.Source), group: "the check-in pages", groupDir: "checkins"})
	}
	for _, p := range site.Pages {
		dir := pagePath(p)
		claims = append(claims, claim{path: dir + "index.html", source: p.Source, own: "its page " + dir,
			what: "the page of " + site.Name(p.Source)})
	}
	return claims
}
