package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/corpus"
)

// TestTOMLTestInvalid feeds every document of toml-test's invalid suite to
// okrgen, as okr.toml and as a check-in's front matter: exit status 1, an
// error naming the file and a line, and no panic.
func TestTOMLTestInvalid(t *testing.T) {
	root := corpus.Dir(t, "toml-test-invalid")
	var docs []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "LICENSE" {
			docs = append(docs, p)
		}
		return nil
	})
	if len(docs) < 500 {
		t.Fatalf("%d documents in %s, want 500 or more", len(docs), root)
	}
	for _, doc := range docs {
		src, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(filepath.ToSlash(doc), filepath.ToSlash(root)+"/")
		for _, as := range []struct {
			file  string
			files map[string]string
		}{
			{"okr.toml", map[string]string{"okr.toml": string(src)}},
			{"content/checkins/c.md", map[string]string{"okr.toml": baseTOML, "content/checkins/c.md": "+++\n" + string(src) + "\n+++\nBody.\n"}},
		} {
			dir := t.TempDir()
			for n, body := range as.files {
				writeFile(t, dir, n, body)
			}
			var out, errb bytes.Buffer
			code := run([]string{"check", "-s", dir, "--as-of", "2026-08-01"}, &out, &errb)
			where := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(filepath.ToSlash(filepath.Join(dir, as.file))) + `:\d+(:\d+)?: \S`)
			if code != exitError || !where.MatchString(errb.String()) {
				t.Errorf("%s as %s: exit status %d, stderr:\n%s", name, as.file, code, errb.String())
			}
		}
	}
}
