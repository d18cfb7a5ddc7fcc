package sitetest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := Write(t, map[string]string{"okr.toml": "title = \"T\"\n", "content/checkins/a.md": "a\n"})
	for name, want := range map[string]string{"okr.toml": "title = \"T\"\n", "content/checkins/a.md": "a\n"} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || string(b) != want {
			t.Errorf("%s = %q, %v; want %q", name, b, err, want)
		}
	}
}
