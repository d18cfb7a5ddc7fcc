package okr

import (
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
)

func TestNesting(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"plain text", 0},
		{"> quote", 1},
		{">>> quote", 3},
		{"> > > quote", 3},
		{"- item", 1},
		{"1. item", 1},
		{"1) item", 1},
		{"- > 1. > - x", 5},
		{"-not a list", 0},
		{"1.5 is a number", 0},
		{"1234567890. too many digits", 0},
		{"- - -", 0}, // a thematic break
		{"* * * * * * * *", 0},
		{"> - - -", 1}, // a thematic break in a quote
		{"- - - a", 3},
		{"      - a", 4}, // three levels of indentation
		{"\t\t- a", 5},
		{"                    code, not a list", 0},
		{strings.Repeat(">", 150), 150},
		{strings.Repeat("1. ", 150) + "x", 150},
	}
	for _, tt := range tests {
		if got := nesting([]byte(tt.line)); got != tt.want {
			t.Errorf("nesting(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

func TestLinkScan(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"no links", 0},
		{"[a](b) c", 1},
		{"[a](b(c)d) e", 5},
		{"[a](b\\)c) e", 4},
		{"[a](b(c)d[a](b(c)d", 14 + 5},
		{"[a]()", 0},
		{"[a](<b c>) d", 4},
		{"[a](b[a](b", 6 + 1},
		{"[a]( b d", 1},
	}
	for _, tt := range tests {
		if got := linkScan([]byte(tt.line)); got != tt.want {
			t.Errorf("linkScan(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
	// Linear: a long line of unclosed links counts its quadratic work
	// without doing it.
	long := []byte(strings.Repeat("[a](b", 200000))
	if got := linkScan(long); got < 1<<30 {
		t.Errorf("linkScan of 1 MB of [a](b = %d, want the square of its length", got)
	}
}

// TestMarkdownBounds loads check-ins, pages and retrospectives whose
// Markdown nests too deep or holds too many links that never close:
// refused at load, at the line where the problem is, once per file.
func TestMarkdownBounds(t *testing.T) {
	deep := "para\n\n" + strings.Repeat("> ", 101) + "x\n" + strings.Repeat(">", 500) + "\n"
	tests := []struct {
		name, body, want string
	}{
		{"quotes", deep, ":6: blockquotes and lists nested 101 deep at line 6; expected at most 100"},
		{"ordered", strings.Repeat("1. ", 2000) + "\n", ":4: blockquotes and lists nested 2000 deep at line 4; expected at most 100"},
		{"indented", indentedList(300), ":104: blockquotes and lists nested 101 deep at line 104; expected at most 100"},
		{"links", strings.Repeat("[a](b", 20000) + "\n", `:4: links that never close ("](" without its ")") on line 4`},
		{"brackets", "para\n\n" + strings.Repeat("[a]\n", 20000), `:6: the paragraph of 20000 lines from line 6 holds 20000 "]" that would take minutes to parse`},
		{"emphasis", "para\n\n" + strings.Repeat("_a*", 30000) + "\n", `:6: the paragraph of 1 line from line 6 holds 60000 runs of emphasis marks (*, _, ~) that would take minutes to parse`},
		{"emphasis over lines", strings.Repeat("_a *b\n", 15000), `:4: the paragraph of 15000 lines from line 4 holds 30000 runs of emphasis marks`},
		{"brackets after a closed fence", "```\ncode\n```\n" + strings.Repeat("[a]\n", 20000), `:7: the paragraph of 20000 lines from line 7 holds 20000 "]"`},
		{"brackets after a fence in a quote", "> ```\n> code\n" + strings.Repeat("[a]\n", 20000), `:6: the paragraph of 20000 lines from line 6 holds 20000 "]"`},
		{"link definitions", "\n" + strings.Repeat("[a]: /x\n", 20000), `:5: the paragraph of 20000 lines from line 5 holds 20000 "]"`},
	}
	for _, tt := range tests {
		for _, file := range []string{"content/checkins/x.md", "content/page.md", "content/retros/2026-Q3.md"} {
			_, err := Load(sitetest.Write(t, map[string]string{"okr.toml": goodTOML, file: "+++\ndate = 2026-07-14\n+++\n" + tt.body}))
			if strings.HasSuffix(file, "page.md") || strings.Contains(file, "retros") {
				_, err = Load(sitetest.Write(t, map[string]string{"okr.toml": goodTOML, file: "+++\ntitle = \"P\"\n+++\n" + tt.body}))
			}
			if err == nil {
				t.Errorf("%s in %s: loaded", tt.name, file)
				continue
			}
			list := err.(ErrorList)
			if len(list) != 1 || !strings.Contains(list[0].Error(), file+tt.want) {
				t.Errorf("%s in %s: %v; want one error %s%s", tt.name, file, err, file, tt.want)
			}
		}
	}
	// An objective's description is Markdown too.
	toml := strings.Replace(goodTOML, "title = \"Objective\"\n", "title = \"Objective\"\ndescription = \"\"\"\nintro\n"+strings.Repeat("1. ", 500)+"\n\"\"\"\n", 1)
	_, err := Load(sitetest.Write(t, map[string]string{"okr.toml": toml}))
	if err == nil || !strings.HasSuffix(err.Error(), "/okr.toml:6: blockquotes and lists nested 500 deep at line 6; expected at most 100") {
		t.Errorf("deep description: %v", err)
	}
	// Just within the bounds: loads.
	for i, ok := range []string{
		strings.Repeat("> ", 100) + "x\n" + indentedList(99) + strings.Repeat("[a](b) ", 20000) + "\n\n" + strings.Repeat("[a]\n", 10000),
		strings.Repeat("- [a]\n", 20000) + strings.Repeat("> [a]\n>\n", 20000),
		"```\n" + strings.Repeat("f[0](y)", 30000) + "\n```\n" + "~~~~\n" + strings.Repeat("int *p = *q; [a] _a*\n", 30000) + "~~~\n~~~~\n",
		strings.Repeat("snake_case_name a * b ", 20000) + "\n\n" + strings.Repeat("Some *emphasis* and __strong__ words.\n\n", 10000),
	} {
		if _, err := Load(sitetest.Write(t, map[string]string{"okr.toml": goodTOML, "content/checkins/x.md": "+++\ndate = 2026-07-14\n+++\n" + ok})); err != nil {
			t.Errorf("Markdown within the bounds (%d): %v", i, err)
		}
	}
}

// indentedList returns a list nested n deep by indentation.
func indentedList(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- a\n")
	}
	return b.String()
}
