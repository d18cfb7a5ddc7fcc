package render

import (
	"strings"
	"testing"
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
