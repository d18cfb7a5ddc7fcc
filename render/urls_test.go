package render

import (
	"encoding/json"
	"encoding/xml"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

// oddNames are check-in and page names with characters that mean
// something in a URL, or must be escaped in one.
var oddNames = []string{"a#b", "what?", "100%", "my week", "my%20week", "zoë", "a+b&c", "it's;x", "a:b", "[x]", `back\slash`, "x=1"}

// oddSite returns a site whose check-ins and pages carry oddNames.
func oddSite(t *testing.T) string {
	files := map[string]string{
		"okr.toml": `title = "T"
[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "O"
  [[objectives.key_results]]
  id = "KR1"
  title = "K"
  start = 0
  target = 10
`,
	}
	for i, name := range oddNames {
		files["content/checkins/"+name+".md"] = "+++\ndate = 2026-07-" + twoDigits(i+2) + "\n[[updates]]\nkr = \"O1.KR1\"\nvalue = " + strconv.Itoa(i) + "\nnote = \"n\"\n+++\nBody.\n"
		files["content/"+name+".md"] = "A page.\n"
		files["content/team notes/"+name+".md"] = "A page in a folder.\n"
	}
	return sitetest.Write(t, files)
}

func twoDigits(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }

// TestEscapedLinksResolve builds a site whose check-ins and pages have
// names such as "a#b", "what?" and "100%", writes it to a folder as a
// build does, and follows every internal link as a browser would: each
// href and src of every page, the url, pdf and checkin fields of
// data.json and the links of feed.xml, resolved against the page's URL and
// URL-decoded, must name a file that exists.
func TestEscapedLinksResolve(t *testing.T) {
	dir := oddSite(t)
	site, err := okr.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	const base = "https://acme.example/okrs/"
	out, err := Render(site, okr.Compute(site, okr.NewDate(2026, 7, 30)), Options{BaseURL: base, Theme: themes.Default(), Generator: "g", PDFs: true})
	if err != nil {
		t.Fatal(err)
	}
	public := filepath.Join(t.TempDir(), "public")
	if err := writeSite(out, public); err != nil {
		t.Fatal(err)
	}
	baseURL, _ := url.Parse(base)
	links := 0
	// follow checks that ref, found in file (whose URL is from), leads to
	// a file of the site.
	follow := func(file string, from *url.URL, ref string) {
		t.Helper()
		u, err := url.Parse(ref)
		if err != nil {
			t.Errorf("%s: bad URL %q: %v", file, ref, err)
			return
		}
		if strings.Contains(ref, "ZgotmplZ") {
			t.Errorf("%s: %q: html/template refused the URL", file, ref)
		}
		abs := from.ResolveReference(u)
		if abs.Host != baseURL.Host || (abs.Path == from.Path && u.Fragment != "") {
			return // another site, or a place on the page
		}
		p, ok := strings.CutPrefix(abs.Path, baseURL.Path) // decoded
		if !ok {
			t.Errorf("%s: %q leads out of the site, to %s", file, ref, abs.Path)
			return
		}
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		links++
		if fi, err := os.Stat(filepath.Join(public, filepath.FromSlash(p))); err != nil || fi.IsDir() {
			t.Errorf("%s: %q leads to %s, which is not a file of the site", file, ref, p)
		}
	}
	pages := 0
	hrefs := map[string]bool{}
	for _, p := range out.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		pages++
		from := *baseURL
		from.Path += strings.TrimSuffix(p, "index.html") // decoded, as on disk
		for _, m := range attrURL.FindAllStringSubmatch(string(out.Files[p]), -1) {
			ref := html.UnescapeString(m[1])
			hrefs[ref] = true
			follow(p, &from, ref)
		}
	}
	if want := 3*len(oddNames) + 5; pages < want {
		t.Errorf("%d pages, want at least %d", pages, want)
	}
	// "my week" and "my%20week" are two pages with two links.
	if !hrefs["../../checkins/my%20week/"] || !hrefs["../../checkins/my%2520week/"] {
		t.Errorf("the check-ins my week and my%%20week do not have links of their own")
	}

	var data any
	if err := json.Unmarshal(out.Files["data.json"], &data); err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && (k == "url" || k == "pdf" || k == "checkin") {
					follow("data.json", baseURL, s)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(data)

	var feed struct {
		Links []struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID   string `xml:"id"`
			Link struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(out.Files["feed.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	for _, l := range feed.Links {
		follow("feed.xml", baseURL, l.Href)
	}
	for _, e := range feed.Entries {
		follow("feed.xml", baseURL, e.Link.Href)
		if u, err := url.Parse(e.ID); err != nil || strings.Contains(e.ID, " ") || u.Fragment != "" && !strings.HasPrefix(u.Fragment, "status-") {
			t.Errorf("feed.xml: entry id %q is not the URI of its entry", e.ID)
		}
	}
	// Without a host in the base URL, entry ids are URNs: escaped too.
	out, err = Render(site, okr.Compute(site, okr.NewDate(2026, 7, 30)), Options{BaseURL: "/okrs/", Theme: themes.Default(), Generator: "g"})
	if err != nil {
		t.Fatal(err)
	}
	feed.Entries = nil
	if err := xml.Unmarshal(out.Files["feed.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	for _, e := range feed.Entries {
		if strings.ContainsAny(e.ID, " #?") {
			t.Errorf("feed.xml: entry id %q is not a URN", e.ID)
		}
	}
	if links < 10*pages {
		t.Errorf("followed %d links on %d pages", links, pages)
	}
}

// TestURLs checks the escaping of each kind of URL: every path segment
// escaped once, as url.PathEscape does, and a colon too.
func TestURLs(t *testing.T) {
	q := &okr.Quarter{ID: "2026-Q3"}
	o := &okr.Objective{ID: "O1", Quarter: q}
	tests := []struct{ got, want string }{
		{QuarterURL(q), "quarters/2026-q3/"},
		{ObjectiveURL(o), "quarters/2026-q3/objectives/o1/"},
		{PDFURL(q), "quarters/2026-q3/retrospective.pdf"},
		{CSVURL(q), "quarters/2026-q3/okrs.csv"},
		{CheckInURL(&okr.CheckIn{Stem: "2026-07-14-week-2"}), "checkins/2026-07-14-week-2/"},
		{CheckInURL(&okr.CheckIn{Stem: "a#b"}), "checkins/a%23b/"},
		{CheckInURL(&okr.CheckIn{Stem: "what?"}), "checkins/what%3F/"},
		{CheckInURL(&okr.CheckIn{Stem: "100%"}), "checkins/100%25/"},
		{CheckInURL(&okr.CheckIn{Stem: "my week"}), "checkins/my%20week/"},
		{CheckInURL(&okr.CheckIn{Stem: "my%20week"}), "checkins/my%2520week/"},
		{CheckInURL(&okr.CheckIn{Stem: "zoë"}), "checkins/zo%C3%AB/"},
		{PageURL(&okr.Page{Slug: "planning"}), "planning/"},
		{PageURL(&okr.Page{Slug: "team notes/q&a?"}), "team%20notes/q&a%3F/"},
		{PageURL(&okr.Page{Slug: "a:b"}), "a%3Ab/"}, // not the scheme "a:"
		// The base path: unescaped for a server to compare with a
		// request's path, escaped in links (404.html, the feed).
		{BasePath("https://acme.github.io/my%20okrs"), "/my okrs/"},
		{baseHref("https://acme.github.io/my%20okrs"), "/my%20okrs/"},
		{baseHref("/a%23b/"), "/a%23b/"},
		{baseHref("https://acme.github.io"), "/"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
