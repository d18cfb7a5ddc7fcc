//go:build linux || darwin || freebsd

package okr

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// loadWithin loads the site in dir, failing the test if that takes longer
// than a generous bound: a FIFO read without care blocks for ever.
func loadWithin(t *testing.T, dir string) (*Site, error) {
	t.Helper()
	type result struct {
		site *Site
		err  error
	}
	done := make(chan result, 1)
	go func() {
		s, err := Load(dir)
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		return r.site, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("Load hangs")
		return nil, nil
	}
}

// TestFIFOsAreRefused: a named pipe as okr.toml, a check-in or pdf_font is
// an error naming it, never a hang.
func TestFIFOsAreRefused(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		fifo  string // the site-relative path made a FIFO
		where string
		msg   string
	}{
		{"okr.toml", map[string]string{"content/checkins/a.md": "x"}, "okr.toml", "okr.toml", "is a named pipe, not a regular file"},
		{"check-in", map[string]string{"okr.toml": goodTOML}, "content/checkins/a.md", "content/checkins/a.md", "is a named pipe, not a regular file; expected a Markdown file"},
		{"page", map[string]string{"okr.toml": goodTOML}, "content/about.md", "content/about.md", "is a named pipe"},
		{"pdf_font", map[string]string{"okr.toml": "pdf_font = \"font.ttf\"\n" + goodTOML}, "font.ttf", "okr.toml:1:1", `pdf_font "font.ttf": is a named pipe, not a regular file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sitetest.Write(t, tt.files)
			p := filepath.Join(dir, filepath.FromSlash(tt.fifo))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip(err)
			}
			_, err := loadWithin(t, dir)
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Load: %v, want an ErrorList", err)
			}
			for _, e := range list {
				got := strings.TrimPrefix(e.Error(), dir+"/")
				if strings.HasPrefix(got, tt.where+":") && strings.Contains(got, tt.msg) {
					return
				}
			}
			t.Errorf("no error at %s with %q; got:\n%v", tt.where, tt.msg, err)
		})
	}
}
