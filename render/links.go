package render

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/okrgen/okrgen/okr"
)

// The links users write in Markdown (SPEC §6): "/" and "/quarters/2026-q3/"
// lead to the site's root and below it, under base_url's path too;
// "planning.md", "checkins/2026-07-22-week-3.md#next-steps" and
// "../planning.md", relative to the folder of the file they are written in,
// lead to the page of that content file. Links with a scheme, to another
// host ("//host/"), or to a fragment only are left as they are. A goldmark
// AST transformer does it, with what it needs in the parser's context.

// linksKey is where a document's *links sits in its parser context.
var linksKey = parser.NewContextKey()

// links is how to rewrite the links of one Markdown document.
type links struct {
	source  string   // the document's file, relative to the site: "content/planning.md", or "okr.toml"
	root    string   // from the page it is shown on to the site's root: "../../", "/okrs/" or "https://host/okrs/"
	targets *targets // content file → its URL from the site root
	// missing, when set, is told of each link to a Markdown file that is
	// not in targets, with the offset of the link in the document.
	missing func(offset int, dest string)
	// rooted, when not nil, collects the destinations that lead into the
	// site, for a document rendered for several roots (markdownRoots).
	rooted []rootedDest
}

// rootedDest is a link or image destination that leads to a site path.
type rootedDest struct {
	dest *[]byte
	path string // the site path, with its query and fragment
}

// context returns a parser context that carries l.
func (l *links) context() parser.Context {
	pc := parser.NewContext()
	pc.Set(linksKey, l)
	return pc
}

// targets are the URLs of a site's content files by path. A check-in's
// URL is made when a link asks for it: a site of 100,000 check-ins would
// hold as many URLs for the few that links lead to.
type targets struct {
	checkIns map[string]*okr.CheckIn
	urls     map[string]string // pages' and retrospectives'
}

// url returns the URL of the content file p from the site root, and
// whether the site has it.
func (t *targets) url(p string) (string, bool) {
	if u, ok := t.urls[p]; ok {
		return u, true
	}
	if c, ok := t.checkIns[p]; ok {
		return CheckInURL(c), true
	}
	return "", false
}

// linkTargets returns the URLs of the site's content files by path:
// check-ins and pages have their own, a retrospective is on its quarter's
// page.
func linkTargets(site *okr.Site) *targets {
	t := &targets{checkIns: make(map[string]*okr.CheckIn, len(site.CheckIns)), urls: map[string]string{}}
	for _, c := range site.CheckIns {
		t.checkIns[c.Source] = c
	}
	for _, p := range site.Pages {
		t.urls[p.Source] = PageURL(p)
	}
	for _, q := range site.Quarters {
		if q.Retro != nil {
			t.urls[q.Retro.Source] = QuarterURL(q)
		}
	}
	return t
}

// rewrite returns the URL dest leads to from the document's page, and
// whether it names a Markdown file that the site lacks.
func (l *links) rewrite(dest string) (string, bool) {
	p, rooted, missing := l.sitePath(dest)
	if rooted {
		return l.fromRoot(p), false
	}
	return p, missing
}

// sitePath returns the site path dest leads to (with its query and
// fragment) and true when it leads into the site; else dest as it is, and
// whether it names a Markdown file that the site lacks.
func (l *links) sitePath(dest string) (string, bool, bool) {
	if dest == "" || dest[0] == '#' || strings.HasPrefix(dest, "//") {
		return dest, false, false
	}
	if u, err := url.Parse(dest); err != nil || u.Scheme != "" {
		return dest, false, false
	}
	if dest[0] == '/' {
		return dest[1:], true, false
	}
	p, rest := dest, ""
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		p, rest = dest[:i], dest[i:]
	}
	if !strings.HasSuffix(strings.ToLower(p), ".md") {
		return dest, false, false
	}
	if unescaped, err := url.PathUnescape(p); err == nil {
		p = unescaped
	}
	target, ok := l.targets.url(path.Join(path.Dir(l.source), p))
	if !ok {
		return dest, false, true
	}
	return target + rest, true, false
}

// fromRoot returns the URL of the site path p from the document's page.
func (l *links) fromRoot(p string) string { return fromRoot(l.root, p) }

// fromRoot returns the URL of the site path p from a page whose way to the
// site's root is root.
func fromRoot(root, p string) string {
	if u := root + p; u != "" {
		return u
	}
	return "./"
}

// linkRewriter is the AST transformer that rewrites the links and images
// of a document whose parser context carries *links.
type linkRewriter struct{}

// Transform rewrites the destinations of doc's links and images.
func (linkRewriter) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	l, _ := pc.Get(linksKey).(*links)
	if l == nil {
		return
	}
	// Links and images begin with "[" (inline, reference or "!["); a
	// document without one has none to walk the tree for. Autolinks
	// (<https://…> and linkify's) are other nodes, left as they are.
	if bytes.IndexByte(reader.Source(), '[') < 0 {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest = &n.Destination
		default:
			return ast.WalkContinue, nil
		}
		p, rooted, missing := l.sitePath(string(*dest))
		if missing && l.missing != nil {
			l.missing(n.Pos(), string(*dest))
		}
		if rooted && l.rooted != nil {
			l.rooted = append(l.rooted, rootedDest{dest, p})
		}
		if rooted {
			p = l.fromRoot(p)
		}
		*dest = []byte(p)
		return ast.WalkContinue, nil
	})
}

// lineOf returns the line of offset in src, counting from first: for the
// few links to missing files.
func lineOf(src []byte, offset, first int) int {
	if offset < 0 || offset > len(src) {
		return first
	}
	return first + strings.Count(string(src[:offset]), "\n")
}

// markdownDoc is one Markdown document of a site, with where it is.
type markdownDoc struct {
	source string // its file, relative to the site
	line   int    // the file's line of its first line
	body   []byte
}

// markdownDocs returns every Markdown document of a site: check-ins,
// pages, retrospectives and objectives' descriptions.
func markdownDocs(site *okr.Site) []markdownDoc {
	var docs []markdownDoc
	for _, c := range site.CheckIns {
		docs = append(docs, markdownDoc{c.Source, c.BodyLine, c.Markdown()})
	}
	for _, p := range append(append([]*okr.Page{}, site.Pages...), site.Retros...) {
		docs = append(docs, markdownDoc{p.Source, p.BodyLine, p.Body})
	}
	for _, q := range site.Quarters {
		for _, o := range q.Objectives {
			if o.Description != "" {
				docs = append(docs, markdownDoc{okr.ConfigFile, o.Line, []byte(o.Description)})
			}
		}
	}
	return docs
}

// MissingLinks returns a warning for every link of the site's Markdown to
// a Markdown file that is not one of its content files (okrgen check's;
// a build finds the same as it renders).
func MissingLinks(site *okr.Site) []*okr.Error {
	md := newMarkdown(false)
	targets := linkTargets(site)
	var out []*okr.Error
	for _, d := range markdownDocs(site) {
		l := &links{source: d.source, targets: targets, missing: func(offset int, dest string) {
			out = append(out, missingLink(site, d, offset, dest))
		}}
		md.Parser().Parse(text.NewReader(d.body), parser.WithContext(l.context()))
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].File < out[j].File || out[i].File == out[j].File && out[i].Line < out[j].Line
	})
	return out
}

// missingLink is the warning for a link at offset in d to dest, a file
// the site lacks.
func missingLink(site *okr.Site, d markdownDoc, offset int, dest string) *okr.Error {
	return &okr.Error{File: site.Name(d.source), Line: lineOf(d.body, offset, d.line), Msg: "link to missing file " + dest}
}

// pageMarkdown converts the Markdown document d, shown on the page file,
// to HTML whose links lead from that page. With warn, links to missing
// files become warnings of the build (not in serve's lazy renders).
func (r *renderer) pageMarkdown(file string, d markdownDoc, warn bool) template.HTML {
	return r.markdownLinked(d.body, r.pageLinks(file, d, warn))
}

// pageLinks returns how the links of d lead from the page file; with warn,
// links to missing files become warnings of the build.
func (r *renderer) pageLinks(file string, d markdownDoc, warn bool) *links {
	l := &links{source: d.source, root: rootFor(file), targets: r.targets}
	if warn && r.lazy == nil {
		l.missing = func(offset int, dest string) {
			e := missingLink(r.site, d, offset, dest)
			r.mu.Lock()
			r.stats.Warnings = append(r.stats.Warnings, fmt.Sprintf("%s:%d: warning: %s", e.File, e.Line, e.Msg))
			r.mu.Unlock()
		}
	}
	return l
}

// pdfLinks returns the parser context of the Markdown of source in a PDF:
// its links absolute when the base URL names a host, else relative, which
// a PDF prints as plain text.
func (r *renderer) pdfLinks(source string) parser.Context {
	root := ""
	if strings.Contains(r.baseURL, "://") {
		root = strings.TrimSuffix(r.baseURL, "/") + "/"
	}
	return (&links{source: source, root: root, targets: r.targets}).context()
}

// retro returns the retrospective notes of q, or "", as shown on the page
// file.
func (r *renderer) retro(q *okr.Quarter, file string, warn bool) template.HTML {
	if q.Retro == nil {
		return ""
	}
	return r.pageMarkdown(file, markdownDoc{q.Retro.Source, q.Retro.BodyLine, q.Retro.Body}, warn)
}
