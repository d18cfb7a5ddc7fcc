package render

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

// TestPlainSiteSameOutput: a site without the keys of SPEC section 10
// gives the digest and the feed okrgen gave before them, byte for byte
// (the golden files were written by okrgen before issue 14), when it has
// nothing new to say: no check-in reminder (checkin_every_days = 0), the
// quarter's end more than 14 days away or past.
func TestPlainSiteSameOutput(t *testing.T) {
	files := sitetest.Plain(sitetest.Alerts())
	files["okr.toml"] = "checkin_every_days = 0\n" + files["okr.toml"]
	site := loadAlertsSite(t, files)
	for _, asOf := range []string{"2026-08-10", "2026-10-08"} {
		for _, format := range DigestFormats {
			want, err := os.ReadFile(filepath.Join("testdata", "plain-site", asOf+"."+format))
			if err != nil {
				t.Fatal(err)
			}
			end := mustDate(t, asOf)
			got := Digest(okr.NewDigest(site, end.AddDays(-14), end), "Payments", format)
			if !bytes.Equal(got, want) {
				t.Errorf("digest %s %s:\n%s\nwant:\n%s", asOf, format, got, want)
			}
		}
	}
	want, err := os.ReadFile(filepath.Join("testdata", "plain-site", "feed-2026-08-10.xml"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Render(site, okr.Compute(site, mustDate(t, "2026-08-10")), Options{Theme: themes.Default(), Generator: "okrgen v0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	if got := out.Files["feed.xml"]; !bytes.Equal(got, want) {
		t.Errorf("feed.xml:\n%s\nwant:\n%s", got, want)
	}
}
