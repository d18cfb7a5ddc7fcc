package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// dataTOML is liveTOML with the key result fed by a data file.
var dataTOML = strings.Replace(liveTOML, "  target = 100\n", "  target = 100\n  data = \"data/latency.csv\"\n", 1)

// TestServeRebuildsOnDataFile: a data file lies outside content/ and
// themes/, yet a save of it rebuilds the site, and so does one that
// creates a data file okr.toml names but that was missing.
func TestServeRebuildsOnDataFile(t *testing.T) {
	l := startServe(t, map[string]string{
		"okr.toml":          dataTOML,
		"data/latency.csv":  "date,value\n2026-07-14,150\n",
		"content/about.md":  "About.\n",
		"data/unrelated.md": "x\n",
	}, "2026-08-15")
	if _, body := l.get("/okrs/data.json"); !strings.Contains(body, `"current":150`) {
		t.Fatalf("first build: %.300s", body)
	}
	sitetest.WriteFile(t, l.dir, "data/latency.csv", "date,value\n2026-07-14,150\n2026-08-01,120\n")
	if st := l.change(); len(st.Errors) > 0 {
		t.Fatalf("rebuild failed: %v", st.Errors)
	}
	if _, body := l.get("/okrs/data.json"); !strings.Contains(body, `"current":120`) {
		t.Fatalf("after saving the data file: %.300s", body)
	}
	// okr.toml names a file not there yet: the build fails; making the
	// file mends it.
	sitetest.WriteFile(t, l.dir, "okr.toml", strings.Replace(dataTOML, "data/latency.csv", "feeds/p95.csv", 1))
	if st := l.change(); len(st.Errors) == 0 || !strings.Contains(strings.Join(st.Errors, "\n"), "feeds/p95.csv") {
		t.Fatalf("missing data file: errors %v", st.Errors)
	}
	if err := os.MkdirAll(filepath.Join(l.dir, "feeds"), 0o755); err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, l.dir, "feeds/p95.csv", "date,value\n2026-08-02,110\n")
	if st := l.change(); len(st.Errors) > 0 {
		t.Fatalf("after creating the data file: %v", st.Errors)
	}
	if _, body := l.get("/okrs/data.json"); !strings.Contains(body, `"current":110`) {
		t.Fatalf("after creating the data file: %.300s", body)
	}
}
