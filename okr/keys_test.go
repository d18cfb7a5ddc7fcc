package okr

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestReferenceDocs keeps docs/reference.md and the code's keys the same:
// every table the code reads has a section listing exactly its keys.
func TestReferenceDocs(t *testing.T) {
	b, err := os.ReadFile("../docs/reference.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string][]string{}
	heading := regexp.MustCompile(`^## (.+)$`)
	row := regexp.MustCompile("^\\| `([a-z_]+)` \\|")
	names := map[string]string{
		"okr.toml": "okr.toml", `[quarters."ID"]`: `[quarters."ID"]`, "[[objectives]]": "[[objectives]]",
		"[[objectives.key_results]]": "[[objectives.key_results]]", "Check-in front matter": "check-in",
		"[[objectives.key_results.revisions]]": "[[objectives.key_results.revisions]]",
		"[[updates]]":                          "[[updates]]", "Page front matter": "page", "[[teams]]": "[[teams]]",
	}
	cur := ""
	for _, line := range strings.Split(string(b), "\n") {
		if m := heading.FindStringSubmatch(line); m != nil {
			cur = names[m[1]]
			continue
		}
		if m := row.FindStringSubmatch(line); m != nil && cur != "" {
			sections[cur] = append(sections[cur], m[1])
		}
	}
	for table, keys := range Keys() {
		got := append([]string{}, sections[table]...)
		want := append([]string{}, keys...)
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: docs list %v, the code reads %v", table, got, want)
		}
	}
	if len(sections) != len(Keys()) {
		t.Errorf("docs have %d sections of keys, the code %d tables", len(sections), len(Keys()))
	}
}
