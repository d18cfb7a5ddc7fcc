package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/okrgen/okrgen/internal/corpus"
	"github.com/okrgen/okrgen/internal/sitetest"
)

// TestTOMLTestInvalid feeds every document of toml-test's invalid suite to
// okrgen, as okr.toml and as a check-in's front matter: exit status 1, an
// error naming the file and a line, and no panic.
func TestTOMLTestInvalid(t *testing.T) {
	for _, doc := range corpus.TOMLInvalid(t) {
		for _, as := range []struct {
			file  string
			files map[string]string
		}{
			{"okr.toml", map[string]string{"okr.toml": string(doc.Src)}},
			{"content/checkins/c.md", map[string]string{"okr.toml": baseTOML, "content/checkins/c.md": "+++\n" + string(doc.Src) + "\n+++\nBody.\n"}},
		} {
			dir := t.TempDir()
			for n, body := range as.files {
				sitetest.WriteFile(t, dir, n, body)
			}
			var out, errb bytes.Buffer
			code := run([]string{"check", "-s", dir, "--as-of", "2026-08-01"}, &out, &errb)
			where := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(filepath.ToSlash(filepath.Join(dir, as.file))) + `:\d+(:\d+)?: \S`)
			if code != exitError || !where.MatchString(errb.String()) {
				t.Errorf("%s as %s: exit status %d, stderr:\n%s", doc.Name, as.file, code, errb.String())
			}
		}
	}
}
