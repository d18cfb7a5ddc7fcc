package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/okrgen/okrgen/okr"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// TestGoldenData compares data.json of testdata/golden/site, as of three
// days, with the files beside it. Run go test ./render -update to rewrite
// them after a deliberate change, and read the diff.
func TestGoldenData(t *testing.T) {
	site, err := okr.Load("testdata/golden/site")
	if err != nil {
		t.Fatal(err)
	}
	for _, asOf := range []string{"2026-07-20", "2026-08-30", "2026-11-05"} {
		d, _ := okr.ParseDate(asOf)
		// Indented, so that a diff of the golden file reads well.
		var buf bytes.Buffer
		if err := json.Indent(&buf, Data(okr.Compute(site, d), site.Config.Title, "okrgen golden", false), "", "  "); err != nil {
			t.Fatal(err)
		}
		got := buf.Bytes()
		file := filepath.Join("testdata", "golden", "data-"+asOf+".json")
		if *update {
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("data.json as of %s differs from %s; run go test ./render -update and read the diff", asOf, file)
		}
	}
}
