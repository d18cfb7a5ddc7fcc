package render

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmrenderer "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is GitHub-flavoured Markdown (extension.GFM) with table alignment as
// align attributes rather than inline styles, which a strict
// Content-Security-Policy refuses.
var gfm = []goldmark.Extender{
	extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
	extension.Strikethrough,
	extension.Linkify,
	extension.TaskList,
}

// newMarkdown returns the Markdown converter of a site: CommonMark with
// GitHub's extensions. Raw HTML is shown as text, escaped, unless unsafe is
// set: a <script> in a check-in reaches the page as the characters typed.
// Links are rewritten as the links of the document's parser context say
// (see links).
func newMarkdown(unsafe bool) goldmark.Markdown {
	opts := []goldmark.Option{
		goldmark.WithExtensions(gfm...),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(linkRewriter{}, 100))),
	}
	if unsafe {
		opts = append(opts, goldmark.WithRendererOptions(html.WithUnsafe()))
	} else {
		opts = append(opts, goldmark.WithRendererOptions(
			gmrenderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100))))
	}
	return goldmark.New(opts...)
}

// escapedHTML renders raw HTML, inline and in blocks, as escaped text.
type escapedHTML struct{}

func (escapedHTML) RegisterFuncs(reg gmrenderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
	reg.Register(ast.KindRawHTML, renderRawHTML)
}

func renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if !entering {
		return ast.WalkContinue, nil
	}
	w.WriteString(`<p class="raw-html">`)
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		w.WriteString(template.HTMLEscapeString(string(seg.Value(src))))
	}
	if n.HasClosure() {
		w.WriteString(template.HTMLEscapeString(string(n.ClosureLine.Value(src))))
	}
	w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}

func renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		w.WriteString(template.HTMLEscapeString(string(seg.Value(src))))
	}
	return ast.WalkSkipChildren, nil
}

// markdown converts src to HTML, leaving its links as written.
func (r *renderer) markdown(src []byte) template.HTML { return r.markdownLinked(src, nil) }

// markdownLinked converts src to HTML, rewriting its links as l says.
func (r *renderer) markdownLinked(src []byte, l *links) template.HTML {
	b := getBuffer()
	defer putBuffer(b)
	b.Grow(len(src) + len(src)/4)
	var opts []parser.ParseOption
	if l != nil {
		opts = append(opts, parser.WithContext(l.context()))
	}
	if err := r.md.Convert(src, bufWriter{b}, opts...); err != nil {
		// goldmark writes to a bytes.Buffer, which does not fail.
		return template.HTML(template.HTMLEscapeString(string(src)))
	}
	return template.HTML(b.String())
}

// markdownRoots converts src once and renders it for each of roots: the
// HTML each page or feed that shows the same document gets, its links
// leading from there, for the cost of one parse. l's root is not used.
func (r *renderer) markdownRoots(src []byte, l *links, roots ...string) []template.HTML {
	l.rooted = []rootedDest{}
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(l.context()))
	out := make([]template.HTML, len(roots))
	b := getBuffer()
	defer putBuffer(b)
	for i, root := range roots {
		for _, d := range l.rooted {
			*d.dest = []byte(fromRoot(root, d.path))
		}
		b.Reset()
		b.Grow(len(src) + len(src)/4)
		if err := r.md.Renderer().Render(bufWriter{b}, src, doc); err != nil {
			out[i] = template.HTML(template.HTMLEscapeString(string(src)))
			continue
		}
		out[i] = template.HTML(b.String())
	}
	return out
}

// bufWriter lets goldmark write straight into a bytes.Buffer, where it
// would otherwise put a bufio.Writer of its own in front.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Buffered() int { return 0 }
func (bufWriter) Flush() error  { return nil }
