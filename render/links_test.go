package render

import (
	"regexp"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

const linksTOML = `title = "T"
[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "O"
description = "See [planning](content/planning.md) and [home](/)."
  [[objectives.key_results]]
  id = "KR1"
  title = "K"
  kind = "milestone"
`

// linkSite is a site whose Markdown links to the site's root, to other
// content files by relative path, and elsewhere.
func linkSite(t *testing.T) string {
	return sitetest.Write(t, map[string]string{
		"okr.toml": linksTOML,
		"content/planning.md": "# Plan\n\n[the dashboard](/) · [Q3](/quarters/2026-q3/) · [week 3](checkins/2026-07-22-week-3.md#next-steps) · " +
			"[retro](retros/2026-Q3.md) · [ext](https://example.com/a.md) · [mail](mailto:a@b.c) · [frag](#plan) · [missing](nowhere.md) · [deep](team/notes.md)\n",
		"content/team/notes.md":                 "[up](../planning.md) [self](notes.md) [root](/)\n",
		"content/checkins/2026-07-22-week-3.md": "+++\ndate = 2026-07-22\nauthor = \"A\"\n+++\nBack to [the plan](../planning.md) and [Week 3](2026-07-22-week-3.md) and\n[gone](../gone.md).\n",
		"content/retros/2026-Q3.md":             "See [the plan](../planning.md) and [the dashboard](/).\n",
	})
}

var hrefRe = regexp.MustCompile(`<a href="([^"]*)">([^<]*)</a>`)

// hrefs returns the links of a page by their text.
func hrefs(page []byte) map[string]string {
	out := map[string]string{}
	for _, m := range hrefRe.FindAllSubmatch(page, -1) {
		out[string(m[2])] = string(m[1])
	}
	return out
}

// TestMarkdownLinks renders a site under a project site's path: links to
// "/" lead to the site's root, links to content files to their pages,
// relative to each page (so that they work from file:// too); other links
// are left alone.
func TestMarkdownLinks(t *testing.T) {
	out := renderDir(t, linkSite(t), okr.NewDate(2026, 8, 1), "https://acme.github.io/okrs/")
	tests := []struct {
		file string
		want map[string]string // link text → href
	}{
		{"planning/index.html", map[string]string{
			"the dashboard": "../", "Q3": "../quarters/2026-q3/", "week 3": "../checkins/2026-07-22-week-3/#next-steps",
			"retro": "../quarters/2026-q3/", "ext": "https://example.com/a.md", "mail": "mailto:a@b.c", "frag": "#plan",
			"missing": "nowhere.md", "deep": "../team/notes/",
		}},
		{"team/notes/index.html", map[string]string{"up": "../../planning/", "self": "../../team/notes/", "root": "../../"}},
		{"checkins/2026-07-22-week-3/index.html", map[string]string{"the plan": "../../planning/", "Week 3": "../../checkins/2026-07-22-week-3/"}},
		{"quarters/2026-q3/index.html", map[string]string{"the plan": "../../planning/", "the dashboard": "../../"}},
		{"index.html", map[string]string{"the plan": "planning/", "the dashboard": "./"}},
		{"quarters/2026-q3/objectives/o1/index.html", map[string]string{"planning": "../../../../planning/", "home": "../../../../"}},
	}
	for _, tt := range tests {
		got := hrefs(out.Files[tt.file])
		for text, want := range tt.want {
			if got[text] != want {
				t.Errorf("%s: link %q leads to %q, want %q", tt.file, text, got[text], want)
			}
		}
	}
	// The feed is read elsewhere: its links are absolute.
	feed := string(out.Files["feed.xml"])
	if !strings.Contains(feed, `href=&#34;https://acme.github.io/okrs/planning/&#34;`) && !strings.Contains(feed, `href=&quot;https://acme.github.io/okrs/planning/&quot;`) {
		t.Errorf("feed: no absolute link to the plan:\n%s", feed)
	}
	// Links to missing content files are warned about, at their line.
	want := []string{
		"content/checkins/2026-07-22-week-3.md:6: warning: link to missing file ../gone.md",
		"content/planning.md:3: warning: link to missing file nowhere.md",
	}
	var warned []string
	for _, w := range out.Stats.Warnings {
		if i := strings.Index(w, "content/"); i >= 0 {
			warned = append(warned, w[i:])
		}
	}
	if strings.Join(warned, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warned, "\n"), strings.Join(want, "\n"))
	}
}

// TestMissingLinks is what okrgen check warns about links: the same as a
// build, without rendering.
func TestMissingLinks(t *testing.T) {
	site, err := okr.Load(linkSite(t))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range MissingLinks(site) {
		got = append(got, e.Error()[strings.Index(e.Error(), "content/"):])
	}
	want := "content/checkins/2026-07-22-week-3.md:6: link to missing file ../gone.md\ncontent/planning.md:3: link to missing file nowhere.md"
	if strings.Join(got, "\n") != want {
		t.Errorf("MissingLinks:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestPDFLinks renders the retrospective of a site whose base URL names a
// host: its links to the site lead there, absolute; without a host they
// are plain text (a relative link leads nowhere from a PDF).
func TestPDFLinks(t *testing.T) {
	dir := linkSite(t)
	site, err := okr.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		base       string
		want, bans []string
	}{
		{"https://acme.github.io/okrs/", []string{"(https://acme.github.io/okrs/planning/)", "(https://acme.github.io/okrs/)"}, []string{"planning.md)"}},
		{"/okrs/", nil, []string{"planning", "/URI"}},
	} {
		out, err := Render(site, okr.Compute(site, okr.NewDate(2026, 10, 15)), Options{BaseURL: tt.base, Theme: themes.Default(), Generator: "okrgen test", PDFs: true})
		if err != nil {
			t.Fatal(err)
		}
		pdf := string(out.Files["quarters/2026-q3/retrospective.pdf"])
		for _, w := range tt.want {
			if !strings.Contains(pdf, "/URI "+w) {
				t.Errorf("base %s: the PDF has no link %s", tt.base, w)
			}
		}
		for _, b := range tt.bans {
			if strings.Contains(pdf, b) {
				t.Errorf("base %s: the PDF holds %q", tt.base, b)
			}
		}
	}
}

// TestMarkdownRoots: one parse rendered for several roots gives what a
// conversion for each root gives, byte for byte (a check-in's page and
// its feed entry share a parse).
func TestMarkdownRoots(t *testing.T) {
	src := []byte("See [the plan](../planning.md#goals), [home](/), [Q3](/quarters/2026-q3/),\n" +
		"[x](https://example.com/a), [frag](#top), [gone](missing.md) and ![chart](/assets/c.png).\n\n" +
		"> [nested](../planning.md)\n")
	targets := &targets{urls: map[string]string{"content/planning.md": "planning/"}}
	r := &renderer{md: newMarkdown(false)}
	roots := []string{"../../", "https://acme.example/okrs/", "/okrs/", ""}
	got := r.markdownRoots(src, &links{source: "content/checkins/a.md", targets: targets}, roots...)
	for i, root := range roots {
		want := r.markdownLinked(src, &links{source: "content/checkins/a.md", root: root, targets: targets})
		if got[i] != want {
			t.Errorf("root %q:\n got %s\nwant %s", root, got[i], want)
		}
	}
	if !strings.Contains(string(got[1]), `href="https://acme.example/okrs/planning/#goals"`) || !strings.Contains(string(got[3]), `href="./"`) {
		t.Errorf("links not rewritten: %s / %s", got[1], got[3])
	}
}
