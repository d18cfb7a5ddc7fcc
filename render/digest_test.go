package render

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
)

// exampleDigests returns the example site's digests over periods that
// give every kind of line: status changes, stale key results, challenges,
// the quarter's last days, a quarter that is over.
func exampleDigests(t *testing.T) map[string]*okr.Digest {
	t.Helper()
	site, err := okr.Load("..")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*okr.Digest{}
	for _, p := range []struct{ since, asOf okr.Date }{
		{okr.NewDate(2026, 11, 9), okr.NewDate(2026, 11, 23)},
		{okr.NewDate(2026, 12, 10), okr.NewDate(2026, 12, 24)},
		{okr.NewDate(2026, 9, 1), okr.NewDate(2026, 9, 30)},
		{okr.NewDate(2027, 2, 1), okr.NewDate(2027, 2, 8)},
	} {
		out[p.since.String()+".."+p.asOf.String()] = okr.NewDigest(site, p.since, p.asOf)
	}
	// And a site with blockers, deadlines and a data file (SPEC section
	// 10), on days that give every line of "Blockers" and "Coming up".
	alertsSite := loadAlertsSite(t, sitetest.Alerts())
	for _, p := range [][2]string{{"2026-07-30", "2026-08-10"}, {"2026-07-20", "2026-07-27"}, {"2026-09-18", "2026-09-25"}} {
		out["alertsSite "+p[0]+".."+p[1]] = okr.NewDigest(alertsSite, mustDate(t, p[0]), mustDate(t, p[1]))
	}
	return out
}

// TestDigestMarkdownBlocks: every line of the Markdown digest is a block
// of its own to a CommonMark reader: a heading, a paragraph of one line or
// a list item of one line. A line after a list, or after a paragraph,
// joins it unless a blank line separates them.
func TestDigestMarkdownBlocks(t *testing.T) {
	for period, d := range exampleDigests(t) {
		src := Digest(d, "Backend", DigestMarkdown)
		lines := 0
		for _, l := range strings.Split(string(src), "\n") {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		doc := goldmark.New().Parser().Parse(text.NewReader(src))
		blocks := 0
		var check func(n ast.Node)
		check = func(n ast.Node) {
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				switch c := c.(type) {
				case *ast.Heading:
					blocks++
				case *ast.Paragraph, *ast.TextBlock:
					blocks++
					if c.Lines().Len() != 1 {
						t.Errorf("%s: %d lines make one block:\n%s", period, c.Lines().Len(), c.Lines().Value(src))
					}
				case *ast.List, *ast.ListItem:
					check(c)
				default:
					t.Errorf("%s: a %s block", period, c.Kind())
				}
			}
		}
		check(doc)
		if blocks != lines || blocks < 10 {
			t.Errorf("%s: %d blocks of %d lines:\n%s", period, blocks, lines, src)
		}
	}
}

// TestDigestTextBlocks: in the plain-text digest too, a blank line ends a
// list and separates paragraphs.
func TestDigestTextBlocks(t *testing.T) {
	for period, d := range exampleDigests(t) {
		src := Digest(d, "Backend", DigestText)
		lines := strings.Split(string(src), "\n")
		for i := 1; i < len(lines); i++ {
			prev, l := lines[i-1], lines[i]
			if prev == "" || l == "" || strings.HasPrefix(l, "---") || strings.HasPrefix(l, "===") {
				continue
			}
			if !strings.HasPrefix(prev, "- ") || !strings.HasPrefix(l, "- ") {
				t.Errorf("%s: line %d %q follows %q without a blank line", period, i+1, l, prev)
			}
		}
		if !bytes.HasSuffix(src, []byte(".\n")) {
			t.Errorf("%s: ends %q", period, src[max(0, len(src)-20):])
		}
	}
}

// TestDigestOneLine: a challenge folds onto one line without its list
// markers, and keeps what only looks like one.
func TestDigestOneLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"one\ntwo", "one two"},
		{"Blocked:\n\n- the vendor\n* the review\n+ the budget", "Blocked: the vendor the review the budget"},
		{"  -   indented item", "indented item"},
		{"**Blocked** on review", "**Blocked** on review"},
		{"*Maybe* late", "*Maybe* late"},
		{"-5% error budget left", "-5% error budget left"},
		{"+1 engineer needed", "+1 engineer needed"},
		{"a\n---\nb", "a b"},
		{"a\n* * *\nb", "a b"},
		{"-", ""},
		{"- ", ""},
	} {
		if got := oneLine(tc.in); got != tc.want {
			t.Errorf("oneLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// acmeDigests returns the sections of the example organisation's digest
// (examples/acme) over the two weeks to asOf, from the numbers of
// org.Compute at both ends, as okrgen digest makes them.
func acmeDigests(t *testing.T, asOf okr.Date) []TeamDigest {
	t.Helper()
	tree, err := org.Load("../examples/acme")
	if err != nil {
		t.Fatal(err)
	}
	now, before := org.Compute(tree, asOf).All(), org.Compute(tree, asOf.AddDays(-14)).All()
	var out []TeamDigest
	for i, x := range now {
		out = append(out, TeamDigest{Name: x.Tree.Name, Digest: okr.DigestOf(x.Tree.Site, x.Numbers, before[i].Numbers), Aligned: x.Aligned})
	}
	return out
}

// TestDigestTree: an organisation's digest has its title and period once,
// then a heading per site at the level below the title, each site's
// sections one level lower, in every format; the organisation's objectives
// name the team objectives that serve them.
func TestDigestTree(t *testing.T) {
	sites := acmeDigests(t, okr.NewDate(2026, 11, 23))
	for _, tc := range []struct {
		format string
		want   []string // lines, in order
	}{
		{DigestMarkdown, []string{"# Acme: update of 2026-11-23", "Period: 2026-11-09 to 2026-11-23.",
			"## Acme Engineering", "### Objectives", "## Backend", "### Objectives", "### Stale key results", "## Payments", "### Blockers"}},
		{DigestText, []string{"Acme: update of 2026-11-23", "==========================", "Period: 2026-11-09 to 2026-11-23.",
			"Acme Engineering", "----------------", "Objectives", "~~~~~~~~~~", "Backend", "-------", "Payments", "--------", "Blockers", "~~~~~~~~"}},
		{DigestHTML, []string{"<h1>Acme: update of 2026-11-23</h1>", "<p>Period: 2026-11-09 to 2026-11-23.</p>",
			"<h2>Acme Engineering</h2>", "<h3>Objectives</h3>", "<h2>Backend</h2>", "<h2>Payments</h2>", "<h3>Blockers</h3>", "</html>"}},
	} {
		out := string(DigestTree(sites, "Acme", tc.format))
		lines := strings.Split(out, "\n")
		i := 0
		for _, l := range lines {
			if i < len(tc.want) && l == tc.want[i] {
				i++
			}
		}
		if i < len(tc.want) {
			t.Errorf("%s: no line %q after %q:\n%s", tc.format, tc.want[i], tc.want[max(0, i-1)], out)
		}
		if n := strings.Count(out, "Period: "); n != 1 {
			t.Errorf("%s: the period %d times", tc.format, n)
		}
		if !strings.Contains(out, "O1 Expand into the European market: ") || !regexp.MustCompile(`; served by Backend O3 \(\d+%\), Payments O1 \(\d+%\)`).MatchString(out) {
			t.Errorf("%s: the shared objective does not name the team objectives serving it:\n%s", tc.format, out)
		}
	}
}

// TestDigestTreeMarkdownBlocks: every line of an organisation's Markdown
// digest is a block of its own, as a site's is.
func TestDigestTreeMarkdownBlocks(t *testing.T) {
	for _, asOf := range []okr.Date{okr.NewDate(2026, 11, 23), okr.NewDate(2026, 9, 30), okr.NewDate(2027, 1, 10)} {
		src := DigestTree(acmeDigests(t, asOf), "Acme", DigestMarkdown)
		lines := 0
		for _, l := range strings.Split(string(src), "\n") {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		blocks := 0
		var count func(n ast.Node)
		count = func(n ast.Node) {
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				switch c.(type) {
				case *ast.List, *ast.ListItem:
					count(c)
				default:
					blocks++
				}
			}
		}
		count(goldmark.New().Parser().Parse(text.NewReader(src)))
		if blocks != lines {
			t.Errorf("%s: %d blocks of %d lines:\n%s", asOf, blocks, lines, src)
		}
	}
}

// TestDigestTreeBefore: an organisation's objective without key results
// moved over the period as its teams' did: its progress at the period's
// start is the one org.Compute gives, not 0.
func TestDigestTreeBefore(t *testing.T) {
	sites := acmeDigests(t, okr.NewDate(2026, 11, 23))
	d := sites[0].Digest
	for _, on := range d.Quarter.Objectives {
		before, now := d.Progress(on)
		if before <= 0 || before >= now {
			t.Errorf("%s: progress %v at the start, %v at the end; want the teams' numbers at both", on.Objective.ID, before, now)
		}
	}
}
