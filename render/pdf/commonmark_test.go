package pdf

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/okrgen/okrgen/internal/corpus"
)

// newMarkdownDoc returns a document for Markdown alone, as the
// retrospective notes are rendered.
func newMarkdownDoc() (*document, error) {
	f := gofpdf.New("P", "mm", "A4", "")
	fs, cov, err := newFonts(f, nil)
	if err != nil {
		return nil, err
	}
	d := &document{f: f, fonts: fs, cov: cov, o: Options{Markdown: goldmark.New(goldmark.WithExtensions(extension.GFM))}}
	f.SetMargins(marginL, marginT, marginR)
	f.SetAutoPageBreak(true, marginB)
	f.SetCatalogSort(true)
	f.AddPage()
	return d, nil
}

// TestCommonMarkSpec feeds every example of the CommonMark spec to the PDF
// Markdown renderer, each parsed on its own and drawn one after the other
// into one document: none may panic or hang, and the text of every plain
// paragraph must reach the PDF, between its example's markers.
func TestCommonMarkSpec(t *testing.T) {
	examples := corpus.CommonMark(t)
	d, err := newMarkdownDoc()
	if err != nil {
		t.Fatal(err)
	}
	var current atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, ex := range examples {
			current.Store(int64(ex.N))
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("example %d: panic: %v\n%s", ex.N, r, ex.Markdown)
						d, _ = newMarkdownDoc()
					}
				}()
				d.para(fmt.Sprintf("EXAMPLE-%d-START", ex.N), "", 8, colMuted)
				d.markdown([]byte(ex.Markdown), "")
				d.para(fmt.Sprintf("EXAMPLE-%d-END", ex.N), "", 8, colMuted)
			}()
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
		t.Fatalf("example %d hangs", current.Load())
	}
	var b bytes.Buffer
	if err := d.f.Output(&b); err != nil {
		t.Fatal(err)
	}
	text := words(run(t, b.Bytes(), "pdftotext", "-raw", "-enc", "UTF-8", "FILE", "-"))
	plain := regexp.MustCompile(`^<p>([^<>]*)</p>\n$`)
	checked := 0
	for _, ex := range examples {
		m := plain.FindStringSubmatch(ex.HTML)
		if m == nil {
			continue
		}
		start := strings.Index(text, fmt.Sprintf("EXAMPLE-%d-START", ex.N))
		end := strings.Index(text, fmt.Sprintf("EXAMPLE-%d-END", ex.N))
		if start < 0 || end < start {
			t.Errorf("example %d: markers not found", ex.N)
			continue
		}
		want := words(d.cov.clean(html.UnescapeString(m[1])))
		if !strings.Contains(text[start:end], want) {
			t.Errorf("example %d: plain paragraph %q is not in the PDF:\n%s", ex.N, want, text[start:end])
		}
		checked++
	}
	if checked < 100 {
		t.Errorf("only %d plain paragraphs checked", checked)
	}
}
