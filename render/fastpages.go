package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"

	"github.com/okrgen/okrgen/charts"
)

// A large site's check-in and objective pages are most of its pages, and
// executing html/template for each (a reflective call per action and per
// escaper) cost more than rendering their Markdown. When the files a
// page's layout is parsed from (base.html, its layout and every partial,
// any of which may redefine a template) are the built-in theme's, byte
// for byte, writeFast writes the page itself: the same bytes, from the
// same values, escaped as html/template escapes them. Any other theme, a
// page its writer does not write, and the built-in theme once its layouts
// change, go through html/template as before.

// builtinDigests are, for each layout written without html/template,
// layoutsDigest of the built-in theme's files that it is written from, as
// its writer writes them. When a built-in layout or partial changes,
// TestBuiltinLayoutsFast fails until the writers and these digests are
// brought up to date; until then those pages go through html/template, as
// every other page does.
var builtinDigests = map[string]string{
	"checkin":   "6140eb69c45e5e7e23508494d410383f98fd391bb805e5ba052551ec629eac98",
	"objective": "18c50c58d202abe045c8f229976dc834fe61fbb0ab7bb729055083d2b9287a45",
}

// layoutFiles returns the layouts a page of layout is executed from,
// besides every partial.
func layoutFiles(layout string) []string {
	return []string{"layouts/base.html", "layouts/" + layout + ".html"}
}

// layoutsDigest returns a digest of the files of theme that the named
// layouts and every partial (which may define any template) are parsed
// from: their names and bytes.
func layoutsDigest(theme fs.FS, layouts []string) (string, error) {
	partials, err := fs.Glob(theme, "layouts/partials/*.html")
	if err != nil {
		return "", err
	}
	sort.Strings(partials)
	h := sha256.New()
	for _, p := range append(append([]string{}, layouts...), partials...) {
		b, err := fs.ReadFile(theme, p)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\n%d\n", p, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// builtinLayouts returns the layouts of theme that are the built-in ones
// their writers write.
func builtinLayouts(theme fs.FS) map[string]bool {
	out := map[string]bool{}
	for layout, want := range builtinDigests {
		d, err := layoutsDigest(theme, layoutFiles(layout))
		out[layout] = err == nil && d == want
	}
	return out
}

// errTemplate says that a page is one its writer leaves to html/template:
// a rare case it does not write, or one where the template fails (its
// error is the one to report).
var errTemplate = errors.New("left to html/template")

// writeFast writes p, a page of layout, into b without html/template when
// the theme's layouts are the built-in ones and the page is one their
// writer writes, and reports whether it did.
func (r *renderer) writeFast(b *bytes.Buffer, layout string, p *page) bool {
	if !r.fast[layout] {
		return false
	}
	var content func(*bytes.Buffer, *page) error
	switch layout {
	case "checkin":
		content = writeCheckInContent
	case "objective":
		content = writeObjectiveContent
	default:
		return false
	}
	return r.writeBase(b, p, content) == nil
}

// writeBase writes p into b as the built-in base.html does, its
// "content" written by content.
func (r *renderer) writeBase(b *bytes.Buffer, p *page, content func(*bytes.Buffer, *page) error) error {
	nav, err := r.nav(p)
	if err != nil {
		return errTemplate
	}
	title := escapeText(p.Site.Config.Title)
	root := escapeURL(p.Root)
	generator := escapeText(p.Generator)
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if p.Title != p.Site.Config.Title {
		writeEscaped(b, p.Title)
		b.WriteString(" · ")
	}
	b.WriteString(title)
	b.WriteString("</title>\n<meta name=\"generator\" content=\"")
	b.WriteString(generator)
	b.WriteString("\">\n<link rel=\"stylesheet\" href=\"")
	b.WriteString(root)
	b.WriteString("assets/okrgen.css\">\n<link rel=\"icon\" href=\"")
	b.WriteString(root)
	b.WriteString("assets/favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
	b.WriteString(title)
	b.WriteString(" check-ins\" href=\"")
	b.WriteString(root)
	b.WriteString("feed.xml\">")
	if p.Charts {
		b.WriteString("\n<script src=\"")
		b.WriteString(root)
		b.WriteString("assets/echarts/echarts.min.js\" defer></script>\n<script src=\"")
		b.WriteString(root)
		b.WriteString("assets/okrgen.js\" defer></script>")
	}
	b.WriteString("\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\">\n  <div class=\"wrap\">\n    ")
	if len(p.Crumbs) > 0 {
		b.WriteString("<nav class=\"crumbs\" aria-label=\"Breadcrumb\">")
		for _, c := range p.Crumbs {
			b.WriteString("<a href=\"")
			b.WriteString(escapeURL(c.Href))
			b.WriteString("\">")
			writeEscaped(b, c.Name)
			b.WriteString("</a> <span aria-hidden=\"true\">›</span> ")
		}
		b.WriteString("</nav>")
	}
	b.WriteString("<a class=\"brand\" href=\"")
	b.WriteString(root)
	b.WriteString("\">")
	b.WriteString(title)
	b.WriteString("</a>\n    <nav aria-label=\"Site\">\n      ")
	b.WriteString(string(nav))
	b.WriteString("\n    </nav>\n  </div>\n</header>\n<main id=\"main\" class=\"wrap\">\n")
	if err := content(b, p); err != nil {
		return err
	}
	b.WriteString("\n</main>\n<footer class=\"site-footer\">\n  <div class=\"wrap\">\n    <p>")
	if team := p.Site.Config.Team; team != "" {
		writeEscaped(b, team)
		b.WriteString(" · ")
	}
	b.WriteString("As of ")
	writeEscaped(b, p.Numbers.AsOf.String())
	b.WriteString(" · <a href=\"")
	b.WriteString(root)
	b.WriteString("data.json\">data.json</a> · <a href=\"")
	b.WriteString(root)
	b.WriteString("feed.xml\">Atom feed</a> · Made with ")
	b.WriteString(generator)
	b.WriteString("</p>\n  </div>\n</footer>\n</body>\n</html>\n")
	return nil
}

// writeCheckInContent writes the "content" of checkin.html.
func writeCheckInContent(b *bytes.Buffer, p *page) error {
	v := p.CheckIn
	if v == nil {
		b.WriteString("\n")
		return nil
	}
	date := escapeText(v.Date.String())
	b.WriteString("\n<header class=\"page-head\">\n  <p class=\"eyebrow\">Check-in · <time datetime=\"")
	b.WriteString(date)
	b.WriteString("\">")
	b.WriteString(date)
	b.WriteString("</time>")
	if v.Author != "" {
		b.WriteString(" · ")
		writeEscaped(b, v.Author)
	}
	b.WriteString("</p>\n  <h1>")
	writeEscaped(b, v.Title)
	b.WriteString("</h1>\n</header>")
	if len(v.Updates) > 0 {
		b.WriteString("\n<section aria-labelledby=\"updates-h\">\n  <h2 id=\"updates-h\">Updates</h2>\n  <div class=\"table-wrap\"><table class=\"updates stack\">\n    <thead><tr><th scope=\"col\">Key result</th><th scope=\"col\">Reported</th><th scope=\"col\">Target</th><th scope=\"col\">Confidence</th><th scope=\"col\">Note</th></tr></thead>\n    <tbody>")
		writeUpdateRows(b, p.Root, v.Updates)
		b.WriteString("\n    </tbody>\n  </table></div>\n</section>")
	}
	b.WriteString("\n<article class=\"prose\">\n")
	b.WriteString(string(v.Body))
	b.WriteString("\n</article>\n")
	return nil
}

// writeObjectiveContent writes the "content" of objective.html. The
// objectives of a team aligned to an objective (an organisation's) are
// left to html/template.
func writeObjectiveContent(b *bytes.Buffer, p *page) error {
	v := p.Objective
	if v == nil {
		b.WriteString("\n")
		return nil
	}
	if len(v.Aligned) > 0 {
		return errTemplate
	}
	o := v.Objective
	b.WriteString("\n<header class=\"page-head\">\n  <p class=\"eyebrow\"><a href=\"")
	b.WriteString(escapeHref(p.Root, QuarterURL(v.Q.Quarter)))
	b.WriteString("\">")
	writeEscaped(b, v.Q.Quarter.ID)
	b.WriteString("</a> · objective · ")
	writeEscaped(b, o.Kind)
	b.WriteString("</p>")
	if len(v.Serves) > 0 {
		b.WriteString("\n  <p class=\"meta serves\">Serves ")
		for i, s := range v.Serves {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString("<a href=\"")
			b.WriteString(escapeURL(s.Href))
			b.WriteString("\">")
			writeEscaped(b, s.Team)
			b.WriteString(": <span class=\"ref\">")
			writeEscaped(b, s.O.Objective.ID)
			b.WriteString("</span> ")
			writeEscaped(b, s.O.Objective.Title)
			b.WriteString("</a>")
		}
		b.WriteString("</p>")
	}
	b.WriteString("\n  <h1><span class=\"ref\">")
	writeEscaped(b, o.ID)
	b.WriteString("</span> ")
	writeEscaped(b, o.Title)
	b.WriteString("</h1>")
	if c := v.CarriedFrom; c != nil {
		writeCarried(b, "from", *c, true)
	}
	for _, c := range v.CarriedInto {
		writeCarried(b, "into", c, false)
	}
	b.WriteString("\n  <div class=\"stats\">\n    <div class=\"stat\"><span class=\"stat-label\">")
	if v.Score != nil {
		b.WriteString("Score</span><span class=\"stat-value\">")
		writeEscaped(b, scoreText(v.Score))
	} else {
		b.WriteString("Progress</span><span class=\"stat-value\">")
		writeEscaped(b, charts.Percent(v.Progress))
	}
	b.WriteString("</span></div>\n    <div class=\"stat\"><span class=\"stat-label\">Quarter elapsed</span><span class=\"stat-value\">")
	writeEscaped(b, charts.Percent(v.Q.Elapsed))
	b.WriteString("</span></div>\n    <div class=\"stat\"><span class=\"stat-label\">")
	if v.Grade != "" {
		b.WriteString("Grade")
	} else {
		b.WriteString("Status")
	}
	b.WriteString("</span><span class=\"stat-value\">")
	writeState(b, v.Grade, v.Status)
	b.WriteString("</span></div>\n    <div class=\"stat\"><span class=\"stat-label\">Owner</span><span class=\"stat-value small\">")
	writeOr(b, o.Owner)
	b.WriteString("</span></div>\n  </div>\n  ")
	writeBar(b, progressBar(v.Progress, v.Expected, v.Status))
	if o.Description != "" {
		b.WriteString("<div class=\"prose\">")
		b.WriteString(string(v.Description))
		b.WriteString("</div>")
	}
	b.WriteString("\n</header>\n<section aria-labelledby=\"krs-h\">\n  <h2 id=\"krs-h\">Key results</h2>")
	for _, kr := range v.KRs {
		if err := writeKRCard(b, kr); err != nil {
			return err
		}
	}
	b.WriteString("\n</section>")
	if v.Confidence != nil {
		b.WriteString("\n<section aria-labelledby=\"conf-h\">\n  <h2 id=\"conf-h\">Confidence</h2>\n  ")
		writeChart(b, v.Confidence)
		b.WriteString("\n</section>")
	}
	b.WriteString("\n<section aria-labelledby=\"notes-h\">\n  <h2 id=\"notes-h\">Notes from check-ins")
	if v.DataNotes {
		b.WriteString(" and data files")
	}
	b.WriteString("</h2>")
	if len(v.Notes) > 0 {
		b.WriteString("\n  <ol class=\"notes\">")
		writeNoteItems(b, p.Root, v.Notes)
		b.WriteString("\n  </ol>")
	} else {
		b.WriteString("<p>No notes yet.</p>")
	}
	b.WriteString("\n</section>\n")
	return nil
}

// writeKRCard writes a key result's card of objective.html.
func writeKRCard(b *bytes.Buffer, kr krView) error {
	if kr.Chart == nil {
		return errTemplate
	}
	k := kr.KR
	b.WriteString("\n  <article class=\"card kr-card\">\n    <header class=\"card-head\">\n      <h3><span class=\"ref\">")
	writeEscaped(b, k.Ref())
	b.WriteString("</span> ")
	writeEscaped(b, k.Title)
	b.WriteString("</h3>\n      ")
	writeState(b, kr.Grade, kr.Status)
	b.WriteString("\n    </header>")
	if bl := kr.Blocker; bl != nil {
		since := escapeText(bl.Since.String())
		b.WriteString("\n    <p class=\"flag-blocked blocker-note\"><span aria-hidden=\"true\">⊘</span> Blocked since <time datetime=\"")
		b.WriteString(since)
		b.WriteString("\">")
		b.WriteString(since)
		b.WriteString("</time>: <span class=\"blocker-text\">")
		writeEscaped(b, bl.Text)
		b.WriteString("</span></p>")
	}
	b.WriteString("\n    ")
	writeBar(b, progressBar(kr.Progress, kr.Expected, kr.Status))
	b.WriteString("\n    <dl class=\"facts\">\n      <div><dt>Now</dt><dd>")
	writeEscaped(b, charts.Current(kr.KRNumbers))
	b.WriteString("</dd></div>\n      <div><dt>Target</dt><dd>")
	writeEscaped(b, charts.TargetInForce(kr.KRNumbers))
	b.WriteString("</dd></div>\n      <div><dt>Progress</dt><dd>")
	writeEscaped(b, charts.Percent(kr.Progress))
	b.WriteString("</dd></div>")
	if pace := charts.AtThisPace(kr.KRNumbers); pace != "" {
		b.WriteString("<div><dt>Forecast</dt><dd>")
		writeEscaped(b, pace)
		b.WriteString("</dd></div>")
	}
	if kr.Score != nil {
		b.WriteString("<div><dt>Score</dt><dd>")
		writeEscaped(b, scoreText(kr.Score))
		b.WriteString("</dd></div>")
	}
	b.WriteString("\n      <div><dt>Confidence</dt><dd>")
	if kr.Confidence != nil {
		b.WriteString(strconv.Itoa(*kr.Confidence))
		b.WriteString("/10")
	} else {
		b.WriteString("—")
	}
	b.WriteString("</dd></div>\n      <div><dt>Owner</dt><dd>")
	writeOr(b, k.Owner)
	b.WriteString("</dd></div>")
	if kr.Due != nil {
		due := escapeText(kr.Due.String())
		b.WriteString("<div><dt>Due</dt><dd><time datetime=\"")
		b.WriteString(due)
		b.WriteString("\">")
		b.WriteString(due)
		b.WriteString("</time>")
		if kr.Overdue {
			b.WriteString(" <span class=\"flag-overdue\"><span aria-hidden=\"true\">◷</span> overdue</span>")
		}
		b.WriteString("</dd></div>")
	}
	b.WriteString("\n      <div><dt>Kind</dt><dd>")
	writeEscaped(b, k.Kind)
	if k.Weight != 1.0 {
		b.WriteString(", weight ")
		writeEscaped(b, charts.Number(k.Weight))
	}
	b.WriteString("</dd></div>")
	if k.Data != "" {
		b.WriteString("<div><dt>Data file</dt><dd><code>")
		writeEscaped(b, k.Data)
		b.WriteString("</code></dd></div>")
	}
	b.WriteString("\n      <div><dt>Last update</dt><dd>")
	if kr.LastUpdate.IsZero() {
		b.WriteString("none")
	} else {
		writeEscaped(b, kr.LastUpdate.String())
	}
	if kr.Stale {
		b.WriteString(" <span class=\"flag-stale\"><span aria-hidden=\"true\">◆</span> stale</span>")
	}
	b.WriteString("</dd></div>\n    </dl>")
	if len(kr.Revisions) > 0 {
		b.WriteString("\n    <ul class=\"revisions\">")
		for i, r := range kr.Revisions {
			b.WriteString("\n      <li>")
			writeEscaped(b, charts.MovedText(k, i))
			b.WriteString(": ")
			writeEscaped(b, r.Why)
			b.WriteString("</li>")
		}
		b.WriteString("\n    </ul>")
	}
	b.WriteString("\n    ")
	writeChart(b, kr.Chart)
	b.WriteString("\n  </article>")
	return nil
}

// writeCarried writes the line of objective.html that links the
// objective an objective is carried from or into, with its grade for
// "from".
func writeCarried(b *bytes.Buffer, word string, c objectiveLink, grade bool) {
	b.WriteString("\n  <p class=\"meta\">carried ")
	b.WriteString(word)
	b.WriteString(" <a href=\"")
	b.WriteString(escapeURL(c.Href))
	b.WriteString("\">")
	writeEscaped(b, c.O.Objective.Quarter.ID)
	b.WriteString(" ")
	writeEscaped(b, c.O.Objective.ID)
	b.WriteString("</a> ")
	writeEscaped(b, c.O.Objective.Title)
	if g := c.O.Grade; grade && g != "" {
		b.WriteString(" (")
		writeEscaped(b, g)
		b.WriteString(")")
	}
	b.WriteString("</p>")
}

// writeOr writes s escaped, or "—" for "", as {{or s "—"}} does.
func writeOr(b *bytes.Buffer, s string) {
	if s == "" {
		s = "—"
	}
	writeEscaped(b, s)
}

// writeState writes the "state" partial: the grade, else the status.
func writeState(b *bytes.Buffer, grade, status string) {
	if grade != "" {
		writeStatus(b, grade)
	} else {
		writeStatus(b, status)
	}
}

// writeStatus writes the "status" partial.
func writeStatus(b *bytes.Buffer, s string) {
	b.WriteString("<span class=\"badge badge-")
	if s != "" {
		writeEscaped(b, s)
	} else {
		b.WriteString("ended")
	}
	b.WriteString("\"><span class=\"mark\" aria-hidden=\"true\">")
	writeEscaped(b, statusMark(s))
	b.WriteString("</span> ")
	writeEscaped(b, charts.StatusText(s))
	b.WriteString("</span>")
}

// writeBar writes the "bar" partial.
func writeBar(b *bytes.Buffer, v bar) {
	b.WriteString("<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"progress ")
	writeEscaped(b, charts.Percent(v.P))
	if v.E != 0 {
		b.WriteString(", expected ")
		writeEscaped(b, charts.Percent(v.E))
	}
	b.WriteString("\"><rect class=\"bar-track\" x=\"0\" y=\"1\" width=\"100\" height=\"8\" rx=\"2\"/><rect class=\"bar-fill\" x=\"0\" y=\"1\" width=\"")
	writeEscaped(b, width(v.P))
	b.WriteString("\" height=\"8\" rx=\"2\"/>")
	if v.E != 0 {
		e := escapeText(width(v.E))
		b.WriteString("<line class=\"bar-expected\" x1=\"")
		b.WriteString(e)
		b.WriteString("\" x2=\"")
		b.WriteString(e)
		b.WriteString("\" y1=\"0\" y2=\"10\"/>")
	}
	b.WriteString("</svg>")
}

// writeChart writes the "chart" partial.
func writeChart(b *bytes.Buffer, c *charts.Chart) {
	b.WriteString("<figure class=\"chart\">\n  <div class=\"chart-canvas\" id=\"chart_")
	writeEscaped(b, c.ID)
	b.WriteString("\" data-chart=\"")
	writeEscapedBytes(b, c.Option)
	b.WriteString("\" role=\"img\" aria-label=\"")
	writeEscaped(b, c.Title)
	b.WriteString(": see the table below\"></div>\n  <details class=\"chart-table\"")
	if len(c.Option) == 0 {
		b.WriteString(" open")
	}
	b.WriteString(">\n    <summary>")
	writeEscaped(b, c.Title)
	b.WriteString(": data as a table</summary>\n    ")
	writeChartTable(b, c.Table)
	b.WriteString("\n  </details>\n</figure>")
}
