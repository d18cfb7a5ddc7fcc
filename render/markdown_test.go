package render

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
)

func TestMarkdownEscapesRawHTML(t *testing.T) {
	tests := []struct {
		name, src  string
		want, bans []string
	}{
		{"block script", "<script>alert(1)</script>\n", []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script"}},
		{"inline", "a <b onclick=\"x()\">bold</b> word\n", []string{"&lt;b onclick=&#34;x()&#34;&gt;bold&lt;/b&gt;"}, []string{"<b "}},
		{"html block", "<div>\n*hi*\n</div>\n", []string{"&lt;div&gt;"}, []string{"<div>"}},
		{"gfm table", "| a | b |\n|---|---|\n| 1 | 2 |\n", []string{"<table>", "<td>1</td>"}, nil},
		{"strikethrough", "~~gone~~\n", []string{"<del>gone</del>"}, nil},
		{"task list", "- [x] done\n", []string{`type="checkbox"`}, nil},
		{"aligned table, no inline style", "| a | b |\n|:-:|--:|\n| 1 | 2 |\n", []string{`<th align="center">a</th>`, `<td align="right">2</td>`}, []string{"style="}},
	}
	r := &renderer{md: newMarkdown(false)}
	for _, tt := range tests {
		got := string(r.markdown([]byte(tt.src)))
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tt.name, got, w)
			}
		}
		for _, b := range tt.bans {
			if strings.Contains(got, b) {
				t.Errorf("%s: %q holds %q", tt.name, got, b)
			}
		}
	}
	unsafe := &renderer{md: newMarkdown(true)}
	if got := string(unsafe.markdown([]byte("<b>x</b>\n"))); !strings.Contains(got, "<b>x</b>") {
		t.Errorf("unsafe_html: %q", got)
	}
}

// adversarial returns Markdown of about n bytes built to make a parser
// work hard: deep nesting, long runs of openers that never close.
func adversarial(n int) map[string]string {
	rep := func(s string) string { return strings.Repeat(s, n/len(s)) }
	lines := func(f func(i int) string) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(f(i))
		}
		return b.String()
	}
	return map[string]string{
		"quotes":             rep(">"),
		"quotes spaced":      rep("> "),
		"ordered markers":    rep("1. "),
		"bullets":            rep("- "),
		"bullets and text":   rep("- a "),
		"mixed containers":   rep("* > 1. > "),
		"indented lists":     lines(func(i int) string { return strings.Repeat("  ", i%2000) + "- a\n" }),
		"indented lists 99":  lines(func(i int) string { return strings.Repeat("  ", i%99) + "- a\n" }),
		"quote lines":        lines(func(i int) string { return strings.Repeat(">", i%3000) + " a\n" }),
		"quote lines 99":     lines(func(i int) string { return strings.Repeat(">", i%99) + " a\n" }),
		"ordered 99 a line":  rep(strings.Repeat("1. ", 99) + "a\n"),
		"mixed 100 a line":   rep(strings.Repeat("* > ", 50) + "a\n"),
		"quotes 100 a line":  rep(strings.Repeat(">", 100) + " [a]\n"),
		"lists 99 then text": rep(strings.Repeat("- ", 99) + "a\n" + strings.Repeat("  ", 99) + "b [c]\n"),
		"emphasis":           rep("*a **a "),
		"emphasis unmatched": rep("_a*"),
		"emphasis closers":   rep("a**"),
		"emphasis in links":  rep("*[a*](b)"),
		"definition labels":  rep("[a]:\n"),
		"definition angles":  rep("[a]: <b\n"),
		"intraword":          rep("x@y.z_"),
		"emphasis mixed":     rep("*a _a "),
		"emphasis lines":     rep("*a\n"),
		"stars":              rep("*"),
		"underscores":        rep("_a"),
		"tildes":             rep("~a"),
		"brackets":           rep("["),
		"closing brackets":   rep("]"),
		"labels":             rep("[a]"),
		"images":             rep("!["),
		"unclosed links":     rep("[a](b"),
		"unclosed angle":     rep("[a](<b"),
		"unclosed parens":    rep("[a](b("),
		"balanced parens":    rep("[a](b(c)"),
		"escaped parens":     rep(`[a](b\)`),
		"unclosed images":    rep("![a](b"),
		"unclosed titles":    rep("[a](b \"c"),
		"reference opens":    rep("[a][b"),
		"nested links":       rep("[a") + rep("](b)"),
		"links per line":     rep("[a](b\n"),
		"links closed":       rep("[a](b)"),
		"backticks":          lines(func(i int) string { return strings.Repeat("`", i%500+1) + "a" }),
		"backtick pairs":     rep("`a``"),
		"table columns":      strings.Repeat("|a", n/8) + "|\n" + strings.Repeat("|-", n/8) + "|\n" + strings.Repeat("|a", n/8) + "|\n",
		"table rows":         "|a|b|\n|-|-|\n" + rep("|a|b|\n"),
		"table wide rows": lines(func(i int) string {
			return strings.Repeat("|a", 2000) + "|\n" + map[bool]string{true: strings.Repeat("|-", 2000) + "|\n"}[i == 0]
		}),
		"html openers":     rep("<a "),
		"html blocks":      rep("<div>\n"),
		"fences":           rep("```\n"),
		"setext":           rep("a\n=\n"),
		"entities":         rep("&a"),
		"autolinks":        rep("www.a"),
		"urls":             rep("http://a.b/"),
		"link definitions": lines(func(i int) string { return "[a" + strings.Repeat("x", i%50) + "]: /x\n" }),
		"task lists":       rep("- [ ] "),
		"list code":        rep("-     "),
		"long word":        rep("a"),
	}
}

// TestAdversarialMarkdown loads a page of each kind of adversarial
// Markdown of the largest size allowed: it is refused at load for nesting
// too deep or links that never close, or it renders, in HTML and PDF.
// The generous time limit catches parsers gone quadratic (minutes), not
// slow machines.
func TestAdversarialMarkdown(t *testing.T) {
	if testing.Short() {
		t.Skip("1 MB inputs")
	}
	const limit = 30 * time.Second
	inputs := adversarial(okr.MaxMarkdownSize - 100)
	names := make([]string, 0, len(inputs))
	for name := range inputs {
		names = append(names, name)
	}
	sort.Strings(names)
	toml := "title = \"T\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"O\"\n  [[objectives.key_results]]\n  id = \"KR1\"\n  title = \"K\"\n  kind = \"milestone\"\n"
	for _, name := range names {
		src := inputs[name]
		if len(src) > okr.MaxMarkdownSize-100 {
			src = src[:okr.MaxMarkdownSize-100]
		}
		dir := sitetest.Write(t, map[string]string{"okr.toml": toml, "content/page.md": src})
		done := make(chan string, 1)
		start := time.Now()
		go func() {
			site, err := okr.Load(dir)
			if err != nil {
				if msg := err.Error(); !strings.Contains(msg, "deep at line") && !strings.Contains(msg, "would take minutes to parse") {
					done <- "refused with the wrong error: " + msg
					return
				}
				done <- ""
				return
			}
			r := &renderer{md: newMarkdown(false)}
			if html := r.markdown(site.Pages[0].Body); len(html) == 0 {
				done <- "rendered nothing"
				return
			}
			done <- ""
		}()
		select {
		case msg := <-done:
			if msg != "" {
				t.Errorf("%s: %s", name, msg)
			}
			t.Logf("%s: %v", name, time.Since(start))
		case <-time.After(limit):
			t.Fatalf("%s: not parsed after %v", name, limit)
		}
	}
}
