package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// TestPDFTarget covers what the script cannot: the font pdf_font names, a
// link to a PDF of okrgen's, and the producer test itself.
func TestPDFTarget(t *testing.T) {
	dir := t.TempDir()
	own := "%PDF-1.3\n1 0 obj\n<</Producer (\xfe\xff\x00o\x00k\x00r\x00g\x00e\x00n\x00 \x00v\x009)\n>>\nendobj\n%%EOF\n"
	for name, body := range map[string]string{
		"okr.toml":        "title = \"T\"\n",
		"fonts/my.ttf":    "font",
		"own.pdf":         own,
		"other.pdf":       "%PDF-1.3\n<</Producer (\xfe\xff\x00L\x00i\x00b\x00r\x00e)>>\n%%EOF\n",
		"named.pdf":       "%PDF-1.3\nokrgen v1 in a text stream, not as producer\n%%EOF\n",
		"not-a-pdf.txt":   "/Producer (okrgen v1)",
		"outside/new.txt": "",
	} {
		sitetest.WriteFile(t, dir, name, body)
	}
	os.Symlink("own.pdf", filepath.Join(dir, "link.pdf"))
	tests := []struct{ out, want, err string }{
		{"fonts/my.ttf", "", "is the site's pdf_font"},
		{"own.pdf", "own.pdf", ""},
		{"link.pdf", "own.pdf", ""},
		{"new.pdf", "new.pdf", ""},
		{"other.pdf", "", "is not a PDF okrgen wrote"},
		{"named.pdf", "", "is not a PDF okrgen wrote"},
		{"not-a-pdf.txt", "", "is not a PDF okrgen wrote"},
	}
	for _, tt := range tests {
		out := filepath.Join(dir, tt.out)
		got, err := pdfTarget(dir, "fonts/my.ttf", out, "q.pdf")
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: %q, %v; want an error saying %q", tt.out, got, err, tt.err)
			}
			continue
		}
		// The file written: a link is written through, to the file it
		// leads to, so that the link stays.
		gotDir, _ := filepath.EvalSymlinks(filepath.Dir(got))
		wantDir, _ := filepath.EvalSymlinks(dir)
		if err != nil || gotDir != wantDir || filepath.Base(got) != tt.want {
			t.Errorf("%s: %q, %v; want %s in %s", tt.out, got, err, tt.want, wantDir)
		}
	}
}
