package render

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// newMarkdown returns the Markdown converter of a site: CommonMark with
// GitHub's extensions; raw HTML is escaped unless unsafe is set.
func newMarkdown(unsafe bool) goldmark.Markdown {
	var ropts []goldmark.Option
	if unsafe {
		ropts = append(ropts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	return goldmark.New(append(ropts, goldmark.WithExtensions(extension.GFM))...)
}

// markdown converts src to HTML.
func (r *renderer) markdown(src []byte) template.HTML {
	var b bytes.Buffer
	if err := r.md.Convert(src, &b); err != nil {
		// goldmark writes to a bytes.Buffer, which does not fail.
		return template.HTML(template.HTMLEscapeString(string(src)))
	}
	return template.HTML(b.String())
}
