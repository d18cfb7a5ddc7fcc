package okr

import (
	"strings"
	"testing"
)

func TestSuggestKRs(t *testing.T) {
	quarter := []string{"O1.KR1", "O1.KR2", "O1.KR3", "O3.KR1", "O3.KR2", "O3.KR3"}
	tests := []struct {
		ref   string
		known []string
		want  string
	}{
		{"O3.KR4", quarter, `; did you mean "O3.KR1", "O3.KR2" or "O3.KR3"?`},
		{"O3.KR4", []string{"O3.KR3", "O1.KR1", "O3.KR1"}, `; did you mean "O3.KR1" or "O3.KR3"?`},
		{"O1.KR9", []string{"O1.KR1"}, `; did you mean "O1.KR1"?`},
		{"o3.kr2", quarter, `; did you mean "O3.KR2"?`},
		{"O3KR2", quarter, `; did you mean "O3.KR2"?`},
		{"Growth.Retention", quarter, ""},
		// More than a few as close: the list of known ones says it.
		{"O9.KR1", []string{"O1.KR1", "O2.KR1", "O3.KR1", "O4.KR1"}, ""},
		{"O1.KR1", nil, ""},
	}
	for _, tt := range tests {
		if got := SuggestKRs(tt.ref, tt.known); got != tt.want {
			t.Errorf("SuggestKRs(%q, %q) = %q, want %q", tt.ref, tt.known, got, tt.want)
		}
	}
}

// TestUnknownKRSuggestsAllClosest: a check-in's unknown KR is told every
// key result as close to it.
func TestUnknownKRSuggestsAllClosest(t *testing.T) {
	toml := strings.Replace(goodTOML, `id = "KR2"`, `id = "KR3"`, 1)
	files := map[string]string{
		"okr.toml":              toml,
		"content/checkins/x.md": "+++\ndate = 2026-07-14\n[[updates]]\nkr = \"O1.KR4\"\nvalue = 1\n+++\n",
	}
	wantError(t, files, "content/checkins/x.md:4:1", `unknown KR "O1.KR4" in 2026-Q3; did you mean "O1.KR1" or "O1.KR3"?; known: O1.KR1, O1.KR3`)
	files["content/checkins/x.md"] = "+++\ndate = 2026-07-14\n[[updates]]\nkr = \"2026-Q3/O1.KR4\"\nvalue = 1\n+++\n"
	wantError(t, files, "content/checkins/x.md:4:1", `did you mean "O1.KR1" or "O1.KR3"?`)
}
