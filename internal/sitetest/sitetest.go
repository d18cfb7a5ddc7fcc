// Package sitetest writes the files of a site for tests: the okr.toml,
// check-ins, data files and themes a test lays out as a map from
// slash-separated path to content.
package sitetest

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes files into a new folder and returns it.
func Write(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	WriteIn(t, dir, files)
	return dir
}

// WriteIn writes files into dir, making the folders they need.
func WriteIn(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		WriteFile(t, dir, name, body)
	}
}

// WriteFile writes one file, name slash-separated and relative to dir,
// making the folders it needs.
func WriteFile(t testing.TB, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
