package pdf

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// specFile is the CommonMark spec, in shared/ beside the repository.
const specFile = "../../../shared/corpus/commonmark/spec.txt"

type specExample struct {
	n        int
	md, html string
}

func readSpec(t *testing.T) []specExample {
	b, err := os.ReadFile(specFile)
	if err != nil {
		if os.Getenv("CI") != "" || os.Getenv("OKRGEN_REQUIRE_TOOLS") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	fence := strings.Repeat("`", 32)
	var out []specExample
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		if lines[i] != fence+" example" {
			continue
		}
		var md, h strings.Builder
		cur := &md
		for i++; i < len(lines) && lines[i] != fence; i++ {
			if lines[i] == "." && cur == &md {
				cur = &h
				continue
			}
			cur.WriteString(strings.ReplaceAll(lines[i], "→", "\t") + "\n")
		}
		out = append(out, specExample{n: len(out) + 1, md: md.String(), html: h.String()})
	}
	if len(out) < 600 {
		t.Fatalf("read %d examples from %s, want 650 or so", len(out), specFile)
	}
	return out
}

// newMarkdownDoc returns a document for Markdown alone, as the
// retrospective notes are rendered.
func newMarkdownDoc() (*document, error) {
	f := gofpdf.New("P", "mm", "A4", "")
	cov, err := registerFonts(f, nil)
	if err != nil {
		return nil, err
	}
	d := &document{f: f, cov: cov, o: Options{Markdown: goldmark.New(goldmark.WithExtensions(extension.GFM))}}
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
	examples := readSpec(t)
	d, err := newMarkdownDoc()
	if err != nil {
		t.Fatal(err)
	}
	var current atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, ex := range examples {
			current.Store(int64(ex.n))
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("example %d: panic: %v\n%s", ex.n, r, ex.md)
						d, _ = newMarkdownDoc()
					}
				}()
				d.para(fmt.Sprintf("EXAMPLE-%d-START", ex.n), "", 8, colMuted)
				d.markdown([]byte(ex.md))
				d.para(fmt.Sprintf("EXAMPLE-%d-END", ex.n), "", 8, colMuted)
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
		m := plain.FindStringSubmatch(ex.html)
		if m == nil {
			continue
		}
		start := strings.Index(text, fmt.Sprintf("EXAMPLE-%d-START", ex.n))
		end := strings.Index(text, fmt.Sprintf("EXAMPLE-%d-END", ex.n))
		if start < 0 || end < start {
			t.Errorf("example %d: markers not found", ex.n)
			continue
		}
		want := words(d.cov.clean(html.UnescapeString(m[1])))
		if !strings.Contains(text[start:end], want) {
			t.Errorf("example %d: plain paragraph %q is not in the PDF:\n%s", ex.n, want, text[start:end])
		}
		checked++
	}
	if checked < 100 {
		t.Errorf("only %d plain paragraphs checked", checked)
	}
}
