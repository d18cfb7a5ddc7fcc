package render

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
)

// loadAlertsSite writes files into a new folder and loads the site.
func loadAlertsSite(t *testing.T, files map[string]string) *okr.Site {
	t.Helper()
	dir := t.TempDir()
	sitetest.WriteIn(t, dir, files)
	site, err := okr.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// mustDate parses a day or fails the test.
func mustDate(t *testing.T, s string) okr.Date {
	t.Helper()
	d, err := okr.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestWritePlainSite writes plainSiteFiles into $OKRGEN_PLAIN_SITE, to make the
// golden files of the old output with an older okrgen.
func TestWritePlainSite(t *testing.T) {
	dir := os.Getenv("OKRGEN_PLAIN_SITE")
	if dir == "" {
		t.Skip("OKRGEN_PLAIN_SITE not set")
	}
	for name, body := range sitetest.Plain(sitetest.Alerts()) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
