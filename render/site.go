package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
	"github.com/okrgen/okrgen/render/pdf"
)

// Options are what a render needs besides the model and its numbers.
type Options struct {
	BaseURL   string // the site's base URL; "" takes okr.toml's
	Theme     fs.FS  // the theme: layouts/ and static/
	Generator string // "okrgen v1.2.3", in data.json and the pages' footer
	PDFs      bool   // write quarters/<id>/retrospective.pdf for every quarter
	Lazy      bool   // leave pages (but the home page) and PDFs in Site.Lazy, rendered when asked for (serve)
	PDFFont   []byte // the TrueType font of okr.toml's pdf_font, or nil
	// Tree is the site's place in an organisation (SPEC section 9): its
	// teams, its parent and the objectives aligned across them. RenderTree
	// sets it; nil renders a site alone.
	Tree *org.Numbers
}

// renderer holds one render's state.
type renderer struct {
	site     *okr.Site
	num      *okr.Numbers
	opt      Options
	baseURL  string
	basePath string // escaped, for links
	md       goldmark.Markdown
	targets  *targets // URLs of content files, for links (see links)
	layouts  map[string]*template.Template
	partials *template.Template            // base.html and the partials, for nav
	navs     sync.Map                      // nav HTML by variant (see nav)
	bodies   map[*okr.CheckIn]*checkInBody // of the check-ins the feed carries
	out      Output
	lazy     *Site       // the output, when it keeps PDFs to render on demand
	teams    []*teamView // the site's teams, for its nav and teams/index.html
	// fast are the layouts of the theme that are the built-in ones,
	// whose pages writeFast writes without html/template.
	fast map[string]bool

	mu    sync.Mutex
	stats Stats
}

// Render renders site as of its numbers n into memory.
func Render(site *okr.Site, n *okr.Numbers, o Options) (*Site, error) {
	s := &Site{Files: map[string][]byte{}}
	st, err := RenderTo(site, n, o, s)
	if err != nil {
		return nil, err
	}
	s.Stats = st
	return s, nil
}

// RenderTo renders site as of its numbers n into out, rendering pages on
// every core. With Options.Lazy, out must be a *Site.
func RenderTo(site *okr.Site, n *okr.Numbers, o Options, out Output) (Stats, error) {
	r := &renderer{site: site, num: n, opt: o, out: out}
	if s, ok := out.(*Site); ok && o.Lazy {
		r.lazy = s
		if s.Lazy == nil {
			s.Lazy = map[string]func() ([]byte, error){}
		}
	}
	r.baseURL = o.BaseURL
	if r.baseURL == "" {
		r.baseURL = site.Config.BaseURL
	}
	r.basePath = baseHref(r.baseURL)
	r.md = newMarkdown(site.Config.UnsafeHTML)
	r.targets = linkTargets(site)
	r.bodies = r.feedBodies()
	if err := r.parseLayouts(); err != nil {
		return Stats{}, err
	}
	files, err := r.static()
	if err != nil {
		return Stats{}, err
	}
	// The longest jobs first, so that no core waits on one at the end.
	files = append(files, r.pdfs()...)
	files = append(files, r.data(), r.feed())
	files = append(files, r.csvs()...)
	files = r.pages(files)
	files = append(files, file{path: ".nojekyll", gen: func() ([]byte, error) { return []byte{}, nil }})
	files = lastOfEachPath(files)
	if err := r.write(files); err != nil {
		return Stats{}, err
	}
	sort.Strings(r.stats.Warnings)
	return r.stats, nil
}

// lastOfEachPath drops the files whose path a later one takes: okrgen's
// own files win over a theme's static file of the same path, as they did
// when written after it.
func lastOfEachPath(files []file) []file {
	last := make(map[string]int, len(files))
	for i, f := range files {
		last[f.path] = i
	}
	out := files[:0]
	for i, f := range files {
		if last[f.path] == i {
			out = append(out, f)
		}
	}
	return out
}

// CheckTheme reads a theme as a render does, its layouts parsed and its
// static files read, and returns the first error a render would meet
// before it makes any page: okrgen check reports what build would.
func CheckTheme(theme fs.FS) error {
	r := &renderer{opt: Options{Theme: theme}}
	if err := r.parseLayouts(); err != nil {
		return err
	}
	_, err := r.static()
	return err
}

// themeError wraps an error of reading the theme. A site's theme file
// that may not be read (okr.SourceError) already names it.
func themeError(err error) error {
	var se *okr.SourceError
	if errors.As(err, &se) {
		return err
	}
	return fmt.Errorf("theme: %w", err)
}

// static returns the theme's static/ files. A site's theme is read as
// every source is (themes.Open): regular files inside the site, each of
// bounded size.
func (r *renderer) static() ([]file, error) {
	var files []file
	err := fs.WalkDir(r.opt.Theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return themeError(err)
		}
		if d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(r.opt.Theme, p)
		if err != nil {
			return themeError(err)
		}
		files = append(files, file{path: strings.TrimPrefix(p, "static/"), shared: true, gen: func() ([]byte, error) { return b, nil }})
		return nil
	})
	return files, err
}

// layoutNames are the page templates of a theme, in layouts/.
var layoutNames = []string{"quarter", "objective", "checkin", "quarters", "page", "404", "teams"}

// parseLayouts parses the theme's layouts, and has html/template check
// each one's escaping, which finds templates that are called but defined
// nowhere ({{template "content" .}} in a layout that defines no
// "content"): such a theme fails every render, not only those that use
// the layout, and okrgen check (CheckTheme).
func (r *renderer) parseLayouts() error {
	// Named files are read, not given to ParseFS: its glob would turn a
	// file that may not be read into "pattern matches no files".
	parse := func(t *template.Template, p string) error {
		b, err := fs.ReadFile(r.opt.Theme, p)
		if err == nil {
			_, err = t.New(path.Base(p)).Parse(string(b))
		}
		return err
	}
	base := template.New("base").Funcs(r.funcs())
	err := parse(base, "layouts/base.html")
	if err == nil {
		// fs.Glob leaves out a folder it cannot read: read it first.
		_, err = fs.ReadDir(r.opt.Theme, "layouts/partials")
	}
	if err == nil {
		_, err = base.ParseFS(r.opt.Theme, "layouts/partials/*.html")
	}
	if err != nil {
		return themeError(err)
	}
	r.partials = base
	r.layouts = map[string]*template.Template{}
	for _, name := range layoutNames {
		t, err := base.Clone()
		if err == nil {
			err = parse(t, "layouts/"+name+".html")
		}
		if err == nil {
			err = escapeErr(t)
		}
		if err != nil {
			var se *okr.SourceError
			if errors.As(err, &se) {
				return err
			}
			return fmt.Errorf("theme: layouts/%s.html: %w", name, err)
		}
		r.layouts[name] = t
	}
	r.fast = builtinLayouts(r.opt.Theme)
	return nil
}

// escapeErr returns the error html/template finds when it first escapes
// the "base" template of t, before it executes anything, or nil. Running t
// without data stops at its first use of data; those errors are not the
// theme's.
func escapeErr(t *template.Template) error {
	err := t.ExecuteTemplate(io.Discard, "base", nil)
	var te *template.Error
	if errors.As(err, &te) {
		return err
	}
	return nil
}

// nav renders the "nav" template of a page, once per variant: pages that
// sit at the same depth and show the same quarter share it.
func (r *renderer) nav(p *page) (template.HTML, error) {
	key := p.Root
	if p.Quarter != nil && !p.Quarter.Home {
		key += "\x00" + p.Quarter.Quarter.ID
	}
	if html, ok := r.navs.Load(key); ok {
		return html.(template.HTML), nil
	}
	var b bytes.Buffer
	if err := r.partials.ExecuteTemplate(&b, "nav", p); err != nil {
		return "", err
	}
	html := template.HTML(b.String())
	r.navs.Store(key, html)
	return html, nil
}

// page is what a layout is executed with.
type page struct {
	Site      *okr.Site
	Numbers   *okr.Numbers
	Generator string
	Root      string // from the page to the site root: "../../", or the base path on 404.html
	File      string // output path
	Title     string
	Charts    bool // whether the page draws charts

	Quarter   *quarterView
	Objective *objectiveView
	CheckIn   *checkInView
	Quarters  []*okr.QuarterNumbers
	QoQ       *charts.Chart
	Page      *okr.Page
	Body      template.HTML

	// An organisation's (SPEC section 9).
	Crumbs []crumb     // a team's way back up, the organisation first
	Teams  []*teamView // a site's teams: its nav and teams/index.html show them
}

type quarterView struct {
	*okr.QuarterNumbers
	Home     bool // the home page shows it
	Charts   []*charts.Chart
	CheckIns []*okr.CheckIn
	Stale    []*okr.KRNumbers
	Blocked  []*okr.KRNumbers // its blocked key results, in okr.toml order
	Retro    template.HTML
	PDF      string
	// An ended quarter's calibration (SPEC section 11): its reliability
	// chart and each KR's confidence history against its outcome.
	Reliability *charts.Chart
	Outcomes    charts.Table
}

type objectiveView struct {
	*okr.ObjectiveNumbers
	Q           *okr.QuarterNumbers
	Description template.HTML
	KRs         []krView
	Confidence  *charts.Chart
	Notes       []*okr.Update
	DataNotes   bool            // a note comes from a data file, not a check-in
	Serves      []objectiveLink // the parent's objectives it serves
	CarriedFrom *objectiveLink  // the objective it carries over, or nil
	CarriedInto []objectiveLink // the later objectives carried over from it
	Aligned     []objectiveCard // the team objectives aligned to it
}

type krView struct {
	*okr.KRNumbers
	Chart *charts.Chart
}

type checkInView struct {
	*okr.CheckIn
	Body template.HTML
}

func (r *renderer) newPage(file, title string) *page {
	return &page{Site: r.site, Numbers: r.num, Generator: r.opt.Generator, Root: rootFor(file), File: file, Title: title, Teams: r.teams}
}

func (r *renderer) exec(layout string, p *page) ([]byte, error) {
	p.Crumbs = r.crumbs(p.Root)
	b := getBuffer()
	defer putBuffer(b)
	if r.writeFast(b, layout, p) {
		return bytes.Clone(b.Bytes()), nil
	}
	b.Reset()
	if err := r.layouts[layout].ExecuteTemplate(b, "base", p); err != nil {
		return nil, fmt.Errorf("theme: layouts/%s.html: %s: %w", layout, p.File, err)
	}
	// The page leaves in a slice of its own size: the pooled buffer,
	// grown once to the largest page, is not grown again for each.
	return bytes.Clone(b.Bytes()), nil
}

// pages appends every HTML page to files; with Options.Lazy, all but the
// home page may wait until asked for.
func (r *renderer) pages(files []file) []file {
	r.teams = r.teamViews()
	// A quarter's view is made by the first of its pages to be rendered
	// and dropped once the last has been (lazyView), rather than every
	// quarter's held through the whole render.
	views := map[*okr.QuarterNumbers]*lazyView{}
	for _, qn := range r.num.Quarters {
		views[qn] = &lazyView{qn: qn, keep: r.lazy != nil}
	}
	home := len(files)
	n := 5 + len(r.num.CheckIns) + len(r.site.Pages)
	for _, qn := range r.num.Quarters {
		n += 1 + len(qn.Objectives)
	}
	files = slices.Grow(files, n)
	job := func(path, layout string, build func() *page) {
		files = append(files, file{path: path, lazy: true, gen: func() ([]byte, error) { return r.exec(layout, build()) }})
	}
	// viewJob is a job whose page shows the quarter view lv: it counts
	// among the view's users, and releases it once the page is made.
	viewJob := func(path, layout string, lv *lazyView, build func(v *quarterView) *page) {
		lv.users++
		files = append(files, file{path: path, lazy: true, gen: func() ([]byte, error) {
			defer lv.release()
			return r.exec(layout, build(lv.get(r)))
		}})
	}
	// Home: the current quarter.
	if cur := r.num.Current; cur != nil {
		lv := views[cur]
		viewJob("index.html", "quarter", lv, func(cv *quarterView) *page {
			home := r.newPage("index.html", r.site.Config.Title)
			v := *cv
			v.Home = true
			v.Retro = r.retro(cur.Quarter, "index.html", false)
			home.Quarter, home.Charts = &v, len(v.Charts) > 0 || v.Reliability != nil
			return home
		})
	} else {
		job("index.html", "quarter", func() *page { return r.newPage("index.html", r.site.Config.Title) })
	}
	job("quarters/index.html", "quarters", func() *page {
		ov := r.newPage("quarters/index.html", "All quarters")
		ov.Quarters = r.num.Quarters
		if len(r.num.Quarters) > 0 {
			ov.QoQ = charts.QuarterOverQuarter("quarter_over_quarter", r.num.Quarters)
			ov.Charts = true
		}
		return ov
	})
	if len(r.teams) > 0 {
		job("teams/index.html", "teams", func() *page { return r.newPage("teams/index.html", "Teams") })
	}
	for _, qn := range r.num.Quarters {
		lv := views[qn]
		path := quarterPath(qn.Quarter) + "index.html"
		viewJob(path, "quarter", lv, func(v *quarterView) *page {
			p := r.newPage(path, qn.Quarter.ID)
			p.Quarter, p.Charts = v, len(v.Charts) > 0 || v.Reliability != nil
			return p
		})
		for _, on := range qn.Objectives {
			path := objectivePath(on.Objective) + "index.html"
			viewJob(path, "objective", lv, func(v *quarterView) *page {
				p := r.newPage(path, on.Objective.ID+" "+on.Objective.Title)
				p.Quarter = v
				p.Objective = r.objectiveView(qn, on)
				p.Objective.Serves = r.serves(p.Root, on.Objective)
				p.Objective.Aligned = r.alignedCards(p.Root, on.Objective)
				p.Objective.CarriedFrom, p.Objective.CarriedInto = r.carried(p.Root, on.Objective)
				p.Charts = true
				return p
			})
		}
	}
	for _, c := range r.num.CheckIns {
		path := checkInPath(c) + "index.html"
		job(path, "checkin", func() *page {
			p := r.newPage(path, c.Title)
			p.CheckIn = &checkInView{CheckIn: c, Body: r.checkInPage(c)}
			return p
		})
	}
	for _, pg := range r.site.Pages {
		path := pagePath(pg) + "index.html"
		job(path, "page", func() *page {
			p := r.newPage(path, pg.Title)
			p.Page, p.Body = pg, r.pageMarkdown(path, markdownDoc{pg.Source, pg.BodyLine, pg.Body}, true)
			return p
		})
	}
	job("404.html", "404", func() *page {
		nf := r.newPage("404.html", "Page not found")
		nf.Root = r.basePath
		return nf
	})
	// The home page is made even in serve mode, so that a broken theme
	// fails the build.
	files[home].lazy = false
	return files
}

// lazyView is a quarter's view, made when a page first needs it and
// dropped when the last of its users (pages) has released it. It is safe
// for concurrent use.
type lazyView struct {
	qn    *okr.QuarterNumbers
	keep  bool // never dropped: a lazy render (serve) makes pages again
	mu    sync.Mutex
	v     *quarterView
	users int // pages that have yet to release it
}

// get returns the view, made on first use (or again, once dropped).
func (lv *lazyView) get(r *renderer) *quarterView {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	if lv.v == nil {
		lv.v = r.quarterView(lv.qn)
	}
	return lv.v
}

// release says a page is done with the view; after the last, it is
// dropped.
func (lv *lazyView) release() {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	lv.users--
	if lv.users <= 0 && !lv.keep {
		lv.v = nil
	}
}

func (r *renderer) quarterView(qn *okr.QuarterNumbers) *quarterView {
	q := qn.Quarter
	v := &quarterView{QuarterNumbers: qn}
	id := charts.ID(q.ID)
	if len(qn.Objectives) > 0 {
		if qn.Phase == okr.Ended {
			v.Charts = append(v.Charts, charts.ObjectiveScores(id+"_objective_scores", qn), charts.KRScores(id+"_kr_scores", qn))
		} else {
			v.Charts = append(v.Charts, charts.QuarterProgress(id+"_progress", qn))
		}
		var krs []*okr.KRNumbers
		for _, on := range qn.Objectives {
			for _, kn := range on.KeyResults {
				krs = append(krs, kn)
				if kn.Stale {
					v.Stale = append(v.Stale, kn)
				}
				if kn.Blocker != nil {
					v.Blocked = append(v.Blocked, kn)
				}
			}
		}
		if c := charts.Confidence(id+"_confidence", q.ID+" confidence over time", krs); c != nil {
			v.Charts = append(v.Charts, c)
		}
		if c := charts.Reliability(id+"_reliability", qn); c != nil {
			v.Reliability, v.Outcomes = c, charts.ConfidenceOutcomes(qn)
		}
	}
	for _, c := range r.num.CheckIns {
		if q.Logs(c) {
			v.CheckIns = append(v.CheckIns, c)
		}
	}
	v.Retro = r.retro(q, quarterPath(q)+"index.html", true)
	if r.opt.PDFs {
		v.PDF = PDFURL(q)
	}
	return v
}

// pdfs returns the retrospective of every quarter.
func (r *renderer) pdfs() []file {
	if !r.opt.PDFs {
		return nil
	}
	cfg := r.site.Config
	var files []file
	for _, qn := range r.num.Quarters {
		opt := pdf.Options{Title: cfg.Title, Team: cfg.Team, Generator: r.opt.Generator, Font: r.opt.PDFFont, Markdown: r.md, Links: r.pdfLinks, Teams: PDFTeams(r.opt.Tree, qn.Quarter.ID)}
		path := pdfPath(qn.Quarter)
		files = append(files, file{path: path, lazy: true, pdf: true, gen: func() ([]byte, error) {
			res, err := pdf.Retrospective(r.num, qn, opt)
			if err != nil {
				return nil, err
			}
			if len(res.Missing) > 0 && r.lazy == nil {
				r.mu.Lock()
				r.stats.Warnings = append(r.stats.Warnings, fmt.Sprintf("%s: warning: the PDF font has no glyph for %q, printed as \"?\"; set pdf_font in okr.toml to a font that has them", path, string(res.Missing)))
				r.mu.Unlock()
			}
			return res.PDF, nil
		}})
	}
	return files
}

func (r *renderer) objectiveView(qn *okr.QuarterNumbers, on *okr.ObjectiveNumbers) *objectiveView {
	o := on.Objective
	v := &objectiveView{ObjectiveNumbers: on, Q: qn, Description: r.pageMarkdown(objectivePath(o)+"index.html", markdownDoc{okr.ConfigFile, o.Line, []byte(o.Description)}, true)}
	for i, kn := range on.KeyResults {
		id := charts.ID("kr", strconv.Itoa(i+1), kn.KR.ID)
		v.KRs = append(v.KRs, krView{KRNumbers: kn, Chart: charts.KeyResult(id, kn)})
		for _, u := range kn.History {
			if u.Note != "" {
				v.Notes = append(v.Notes, u)
				v.DataNotes = v.DataNotes || u.FromData()
			}
		}
	}
	sort.SliceStable(v.Notes, func(i, j int) bool {
		a, b := v.Notes[i], v.Notes[j]
		if a.Date != b.Date {
			return a.Date.After(b.Date)
		}
		return false
	})
	v.Confidence = charts.Confidence(charts.ID(o.ID, "confidence"), o.ID+" confidence over time", on.KeyResults)
	return v
}

// absURL returns the URL of a site path for use outside the site (feeds):
// absolute when the base URL names a host, else from the base path.
func (r *renderer) absURL(p string) string {
	if i := strings.Index(r.baseURL, "://"); i > 0 {
		return strings.TrimSuffix(r.baseURL, "/") + "/" + p
	}
	return r.basePath + p
}

// carried returns the links of an objective's carry-over (SPEC section
// 11), from a page whose root is root: the objective it carries over, and
// those of later quarters carried over from it.
func (r *renderer) carried(root string, o *okr.Objective) (*objectiveLink, []objectiveLink) {
	link := func(o *okr.Objective) objectiveLink {
		return objectiveLink{O: r.objectiveNumbers(o), Href: root + ObjectiveURL(o)}
	}
	var from *objectiveLink
	if o.CarriedFrom != nil {
		l := link(o.CarriedFrom)
		from = &l
	}
	var into []objectiveLink
	for _, c := range o.CarriedInto {
		into = append(into, link(c))
	}
	return from, into
}

// objectiveNumbers returns the numbers of an objective of the site.
func (r *renderer) objectiveNumbers(o *okr.Objective) *okr.ObjectiveNumbers {
	for _, qn := range r.num.Quarters {
		if qn.Quarter != o.Quarter {
			continue
		}
		for _, on := range qn.Objectives {
			if on.Objective == o {
				return on
			}
		}
	}
	return &okr.ObjectiveNumbers{Objective: o}
}
