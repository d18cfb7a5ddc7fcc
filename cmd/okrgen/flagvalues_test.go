package main

import (
	"flag"
	"strings"
	"testing"
)

// TestFlagValues: each kind of flag value takes the well-formed values and
// refuses the malformed ones, saying why.
func TestFlagValues(t *testing.T) {
	tests := []struct {
		value flag.Value
		in    string
		err   string // "" for none
	}{
		{new(dateFlag), "2026-07-14", ""},
		{new(dateFlag), "2024-02-29", ""},
		{new(dateFlag), "2026-02-29", "2026-02-29 is not a day: February 2026 has 28 days"},
		{new(dateFlag), "2026-13-01", "2026-13-01 is not a day: a year has 12 months"},
		{new(dateFlag), "2026-00-10", "2026-00-10 is not a day: a year has 12 months"},
		{new(dateFlag), "2026-12-32", "2026-12-32 is not a day: December 2026 has 31 days"},
		{new(dateFlag), "2026-7-14", `"2026-7-14" is not a date; expected YYYY-MM-DD`},
		{new(quarterFlag), "2026-Q4", ""},
		{new(quarterFlag), "2026-q1", ""},
		{new(quarterFlag), "2026-Q0", `"2026-Q0" is not a quarter`},
		{new(quarterFlag), "Q3", `"Q3" is not a quarter`},
		{new(refsFlag), "O1.KR1, 2026-Q3/O2.KR3", ""},
		{new(refsFlag), "2026-q3/O2.KR3", ""},
		{new(refsFlag), "O1.KR1,KR2", `"KR2" is not a key result`},
		{new(refsFlag), "2026-Q9/O1.KR1", `"2026-Q9/O1.KR1" is not a key result`},
		{new(teamFlag), "payments", ""},
		{new(teamFlag), "product/web", ""},
		{new(teamFlag), "Payments/", ""},
		{new(teamFlag), "/", `"/" is not a team; expected a team's id`},
		{new(teamFlag), "", `"" is not a team`},
		{new(portFlag), "0", ""},
		{new(portFlag), "65535", ""},
		{new(portFlag), "-1", `"-1" is not a port`},
		{new(portFlag), "80x", `"80x" is not a port`},
		{new(bindFlag), "", ""},
		{new(bindFlag), "0.0.0.0", ""},
		{new(bindFlag), "::", ""},
		{new(bindFlag), "[::1]", ""},
		{new(bindFlag), "localhost", ""},
		{new(bindFlag), "build-box.example.com", ""},
		{new(bindFlag), "[::1]:1414", `"[::1]:1414" holds a port; expected the address alone: --bind ::1 --port 1414`},
		{new(bindFlag), "http://localhost", `is not an address`},
		{&sinceFlag{}, "7d", ""},
		{&sinceFlag{}, "2026-07-01", ""},
		{&sinceFlag{}, "-3d", `"-3d" is not a number of days`},
		{&sinceFlag{}, "2026-06-31", "2026-06-31 is not a day: June 2026 has 30 days"},
		{&choiceFlag{what: "format", choices: []string{"a", "b", "c"}}, "d", `unknown format "d"; expected a, b or c`},
	}
	for _, tt := range tests {
		err := tt.value.Set(tt.in)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%T.Set(%q): %v", tt.value, tt.in, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%T.Set(%q): %v, want an error with %q", tt.value, tt.in, err, tt.err)
		}
	}
}

// TestRefsFlagQuarterCase: --kr 2026-q3/O1.KR1 names the key result as a
// check-in's kr = "2026-q3/O1.KR1" does: the quarter's case is free.
func TestRefsFlagQuarterCase(t *testing.T) {
	var r refsFlag
	if err := r.Set("2026-q3/O1.KR1,O2.KR2"); err != nil {
		t.Fatal(err)
	}
	if got := r.String(); got != "2026-Q3/O1.KR1,O2.KR2" {
		t.Errorf("refs = %q, want 2026-Q3/O1.KR1,O2.KR2", got)
	}
}
