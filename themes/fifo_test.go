//go:build linux || darwin || freebsd

package themes

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOpenRefusesFIFOs: a theme layout or static file that is a named pipe
// is an error, not a read that blocks for ever.
func TestOpenRefusesFIFOs(t *testing.T) {
	site := t.TempDir()
	for _, p := range []string{"static/pipe.css", "layouts/quarter.html"} {
		full := filepath.Join(site, "themes", "mine", filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := syscall.Mkfifo(full, 0o644); err != nil {
			t.Skip(err)
		}
	}
	th := Open(site, "mine")
	for _, p := range []string{"static/pipe.css", "layouts/quarter.html"} {
		done := make(chan error, 1)
		go func() {
			_, err := fs.ReadFile(th, p)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "is a named pipe, not a regular file") {
				t.Errorf("%s: %v, want an error", p, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("reading %s hangs", p)
		}
	}
}
