package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"
)

// A large site's check-in pages are most of its pages, and executing
// html/template for each (a reflective call per action and per escaper)
// cost more than rendering their Markdown. When the layouts a check-in
// page is made of are the built-in theme's, byte for byte, checkInPage
// writes the page itself: the same bytes, from the same values, escaped
// as html/template escapes them. Any other theme, and the built-in one
// once its layouts change, goes through html/template as before.

// builtinCheckInDigest is layoutsDigest of the built-in theme's layouts
// that writeCheckInPage writes, as it writes them. When a built-in layout
// changes, TestBuiltinCheckInFast fails until writeCheckInPage and this
// digest are brought up to date; until then check-in pages go through
// html/template, as every other page does.
const builtinCheckInDigest = "6140eb69c45e5e7e23508494d410383f98fd391bb805e5ba052551ec629eac98"

// checkInLayouts are the layouts a check-in page is executed from, besides
// every partial.
var checkInLayouts = []string{"layouts/base.html", "layouts/checkin.html"}

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

// builtinCheckIn reports whether the theme's check-in page is made of the
// built-in layouts that writeCheckInPage writes.
func builtinCheckIn(theme fs.FS) bool {
	d, err := layoutsDigest(theme, checkInLayouts)
	return err == nil && d == builtinCheckInDigest
}

// writeCheckInPage writes p, a check-in's page, into b as the built-in
// layouts base.html and checkin.html, with the partials, write it.
func (r *renderer) writeCheckInPage(b *bytes.Buffer, p *page) error {
	nav, err := r.nav(p)
	if err != nil {
		return err
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
	if v := p.CheckIn; v != nil {
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
		b.WriteString("\n</article>")
	}
	b.WriteString("\n\n</main>\n<footer class=\"site-footer\">\n  <div class=\"wrap\">\n    <p>")
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
