package okr

import "testing"

// TestQuartersInline: only a root quarters = {...} is an inline table of
// quarters; a [quarters."ID"] table, dotted keys, text in a string and a
// quarters key inside another table are not.
func TestQuartersInline(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{`quarters = { "2026-Q3" = { start = 2026-07-01, end = 2026-09-30 } }`, true},
		{"title = \"T\"\n  \"quarters\"\t=  {}\n", true},
		{"'quarters' = {}\n", true},
		{"[quarters.\"2026-Q3\"]\nstart = 2026-07-01\nend = 2026-09-30\n", false},
		{"quarters.\"2026-Q3\".start = 2026-07-01\nquarters.\"2026-Q3\".end = 2026-09-30\n", false},
		{"description = \"\"\"\nquarters = {} is what we aim for\n\"\"\"\n", false},
		{"# quarters = {}\ntitle = \"T\"\n", false},
		{"[[objectives]]\nquarters = {}\n", false},
		{"title = \"Ünïcode\"\nquarters_x = 1\n", false},
		{"\"é\" = 1\nquarters = {}\n", true},
	} {
		if got := QuartersInline([]byte(tc.src)); got != tc.want {
			t.Errorf("QuartersInline(%q) = %v, want %v", tc.src, got, tc.want)
		}
	}
}
