package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewCheckInRefusesControlCharacters: an --author on two lines is a
// usage error, and no check-in is written.
func TestNewCheckInRefusesControlCharacters(t *testing.T) {
	dir := t.TempDir()
	toml := "title = \"T\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"O\"\n  [[objectives.key_results]]\n  id = \"KR1\"\n  title = \"K\"\n  kind = \"milestone\"\n"
	if err := os.WriteFile(filepath.Join(dir, "okr.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, author := range []string{"two\nlines", "bell\x07", "bad\xffbyte"} {
		var out, errOut bytes.Buffer
		if code := run([]string{"new", "checkin", "-s", dir, "--date", "2026-07-14", "--author", author}, &out, &errOut); code != exitUsage {
			t.Errorf("%q: exit %d, stderr %s", author, code, errOut.String())
		}
		if !strings.Contains(errOut.String(), "okrgen new checkin: --author ") || !strings.Contains(errOut.String(), "holds a control character") {
			t.Errorf("%q: stderr %s", author, errOut.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content")); !os.IsNotExist(err) {
		t.Errorf("content/ made")
	}
}
