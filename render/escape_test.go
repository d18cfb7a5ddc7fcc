package render

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
)

// escapeCases are strings with every character the escapers treat apart.
var escapeCases = []string{
	"", "plain", "a<b>&c", `"double" 'single'`, "1+1", "nul\x00here", "ünïcode Ελένη",
	"100%", "%41", "%4", "%zz", "a b/c?d=e&f#g", "javascript:alert(1)", "HTTPS://x.y/z",
	"mailto:a@b", "data:text/html,x", "../../", "/okrs/", "x:y/z", "/a:b", "\xff\xfe",
	"\ufdd0\uffff", "tab\tnew\nline", "`back`",
}

// randomString mixes the characters of the cases.
func randomString(rng *rand.Rand) string {
	const chars = "aZ09 <>&\"'+%:/?#=@!$*,;[]-._~\x00\t\nüΕ\xff"
	var b strings.Builder
	for range rng.IntN(12) {
		b.WriteByte(chars[rng.IntN(len(chars))])
	}
	return b.String()
}

// TestEscapeMatchesHTMLTemplate checks that markup built in Go is escaped
// byte for byte as html/template escapes the same values.
func TestEscapeMatchesHTMLTemplate(t *testing.T) {
	text := template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p>`))
	href := template.Must(template.New("").Parse(`<a href="{{index . 0}}{{index . 1}}">`))
	title := template.Must(template.New("").Parse(`<title>{{.}}</title><a href="{{.}}x">`))
	exec := func(tpl *template.Template, v any) string {
		var b strings.Builder
		if err := tpl.Execute(&b, v); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	rng := rand.New(rand.NewPCG(1, 2))
	cases := append([]string{}, escapeCases...)
	for range 2000 {
		cases = append(cases, randomString(rng))
	}
	for i, s := range cases {
		if got, want := `<p title="`+escapeText(s)+`">`+escapeText(s)+`</p>`, exec(text, s); got != want {
			t.Errorf("escapeText(%q):\n got %s\nwant %s", s, got, want)
		}
		if got, want := `<title>`+escapeText(s)+`</title><a href="`+escapeURL(s)+`x">`, exec(title, s); got != want {
			t.Errorf("escapeURL(%q):\n got %s\nwant %s", s, got, want)
		}
		var b strings.Builder
		b.WriteString("<p>")
		writeEscaped(&b, s)
		var bb bytes.Buffer
		if writeEscapedBytes(&bb, []byte(s)); bb.String() != escapeText(s) {
			t.Errorf("writeEscapedBytes(%q) = %q, want %q", s, bb.String(), escapeText(s))
		}
		if got, want := b.String()+"</p>", "<p>"+exec(text, s)[len(`<p title="`+escapeText(s)+`">`):]; got != want {
			t.Errorf("writeEscaped(%q):\n got %s\nwant %s", s, got, want)
		}
		root := escapeCases[i%len(escapeCases)]
		if got, want := `<a href="`+escapeHref(root, s)+`">`, exec(href, []string{root, s}); got != want {
			t.Errorf("escapeHref(%q, %q):\n got %s\nwant %s", root, s, got, want)
		}
	}
}
