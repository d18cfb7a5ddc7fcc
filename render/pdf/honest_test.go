package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/okr"
)

// honestSite is a small site with the keys of SPEC section 11: a moved
// target, confidences on its updates and an objective carried over from
// the quarter before.
var honestSite = map[string]string{
	"okr.toml": `title = "Payments"

[[objectives]]
id = "O2"
quarter = "2026-Q2"
title = "Faster settlement"

  [[objectives.key_results]]
  id = "KR1"
  title = "Settlement time"
  unit = "h"
  start = 48
  target = 24

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Faster settlement, again"
carried_from = "2026-Q2/O2"

  [[objectives.key_results]]
  id = "KR1"
  title = "Checkout throughput"
  unit = "RPS"
  start = 1000
  target = 5000

    [[objectives.key_results.revisions]]
    date = 2026-08-03
    target = 4500
    why = "Holiday traffic forecast cut by the sales team"

  [[objectives.key_results]]
  id = "KR2"
  title = "Card fraud rate"
  kind = "threshold"
  direction = "at_most"
  unit = "%"
  target = 0.5
`,
	"content/checkins/2026-05-04.md": honestCheckIn("2026-05-04", "O2.KR1", "value = 40", "6"),
	"content/checkins/2026-07-06.md": honestCheckIn("2026-07-06", "O1.KR1", "value = 1600", "8", "O1.KR2", "value = 0.4", "7"),
	"content/checkins/2026-07-27.md": honestCheckIn("2026-07-27", "O1.KR1", "value = 2400", "6", "O1.KR2", "value = 0.7", "3"),
	"content/checkins/2026-08-17.md": honestCheckIn("2026-08-17", "O1.KR1", "value = 3000", "5"),
	"content/checkins/2026-09-28.md": honestCheckIn("2026-09-28", "O1.KR1", "value = 4200", "9"),
}

// honestCheckIn is a check-in of the updates ups: key result, value and
// confidence, in threes.
func honestCheckIn(date string, ups ...string) string {
	s := "+++\ndate = " + date + "\ntitle = \"Week of " + date + "\"\n"
	for i := 0; i+2 < len(ups); i += 3 {
		s += "[[updates]]\nkr = \"" + ups[i] + "\"\n" + ups[i+1] + "\nconfidence = " + ups[i+2] + "\n"
	}
	return s + "+++\n\n## Progress\n\nSome.\n"
}

// honestPDF renders the site's quarter id as of asOf.
func honestPDF(t *testing.T, id string, asOf okr.Date) []byte {
	t.Helper()
	site := loadAlertsSite(t, honestSite)
	n := okr.Compute(site, asOf)
	for _, qn := range n.Quarters {
		if qn.Quarter.ID == id {
			doc := retrospective(t, site, n, qn)
			if dir := os.Getenv("OKRGEN_HONEST_PDF"); dir != "" {
				os.WriteFile(filepath.Join(dir, id+"-"+asOf.String()+".pdf"), doc, 0o644)
			}
			return doc
		}
	}
	t.Fatalf("no quarter %s", id)
	return nil
}

// TestHonestText: the PDF shows SPEC section 11: the target in force in
// the summary and the key result's facts, the move with its reason, "at
// this pace" while the quarter runs, a "Moved targets" section with both
// scores once it ended, "How well did we predict?" with the Brier score
// and the confidence histories, and the carried objective's line on both
// quarters; both sections are in the outline.
func TestHonestText(t *testing.T) {
	for _, tc := range []struct {
		id      string
		asOf    okr.Date
		want    []string
		not     []string
		outline []string
	}{
		{"2026-Q3", okr.NewDate(2026, 8, 20), []string{
			"O1.KR1 Checkout throughput 1000 RPS 4500 RPS 3000 RPS 57%",
			"Target from 1000 RPS to 4500 RPS",
			"at this pace: 4852 RPS by Sep 30 (likely achieved)",
			"target moved from 5000 to 4500 RPS on Aug 3: Holiday traffic forecast cut by the sales team",
			"carried from 2026-Q2 O2 Faster settlement",
			"Moved targets",
			"Value (RPS) Target Expected pace Trend",
		}, []string{"How well did we predict?", "against the original target"},
			[]string{"Cover", "Summary", "Charts", "Objectives", "  O1 Faster settlement, again", "Moved targets", "Notes", "Check-in log"}},
		{"2026-Q3", okr.NewDate(2026, 10, 5), []string{
			"O1.KR1 Checkout throughput 1000 RPS 4500 RPS 4200 RPS 0.91 achieved",
			"• target moved from 5000 to 4500 RPS on Aug 3: Holiday traffic forecast cut by the sales team",
			// (4200-1000)/(5000-1000) = 0.80; (4200-1000)/(4500-1000) = 0.914.
			"Score 0.80 against the original target (5000 RPS), 0.91 against the target in force (4500 RPS).",
			"How well did we predict?",
			"6 updates with a confidence",
			// KR1 achieved (o = 1): (0.8-1)² + (0.6-1)² + (0.5-1)² + (0.9-1)² = 0.04+0.16+0.25+0.01 = 0.46;
			// KR2 partial (o = 0): 0.7² + 0.3² = 0.49+0.09 = 0.58; (0.46+0.58)/6 = 0.173.
			// Bias: mean p (0.8+0.6+0.5+0.9+0.7+0.3)/6 = 0.633, mean o 4/6 = 0.667: -0.03.
			"Brier score 0.17: well calibrated (0 is perfect; always saying 5 scores 0.25).",
			"0-3 1 30% 0%", "4-6 2 55% 100%", "7-10 3 80% 67%",
			"Bias -0.03",
			"O1.KR1 Checkout throughput 8 on Jul 6, 6 on Jul 27, 5 on Aug 17, 9 on Sep 28 achieved",
			"O1.KR2 Card fraud rate 7 on Jul 6, 3 on Jul 27 partial",
		}, []string{"at this pace", "Trend"},
			[]string{"Cover", "Summary", "Charts", "Objectives", "  O1 Faster settlement, again", "Moved targets", "How well did we predict?", "Retrospective notes", "Check-in log"}},
		{"2026-Q2", okr.NewDate(2026, 10, 5), []string{
			"carried into 2026-Q3 O1 Faster settlement, again",
			// One update: p = 0.6, missed (o = 0): (0.6-0)² = 0.36, bias 0.6.
			"How well did we predict?", "Brier score 0.36: no better than always saying 5, and over-confident", "Bias +0.60",
		}, []string{"Moved targets", "target moved"}, nil},
	} {
		doc := honestPDF(t, tc.id, tc.asOf)
		run(t, doc, "qpdf", "--check", "FILE")
		if again := honestPDF(t, tc.id, tc.asOf); !bytes.Equal(doc, again) {
			t.Errorf("%s as of %s: two runs differ", tc.id, tc.asOf)
		}
		text := words(run(t, doc, "pdftotext", "-layout", "-enc", "UTF-8", "FILE", "-"))
		for _, w := range tc.want {
			if !strings.Contains(text, words(w)) {
				t.Errorf("%s as of %s: the PDF's text lacks %q:\n%s", tc.id, tc.asOf, w, text)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(text, words(w)) {
				t.Errorf("%s as of %s: the PDF's text has %q", tc.id, tc.asOf, w)
			}
		}
		if tc.outline != nil {
			if got := outlineTitles(t, doc); strings.Join(got, "\n") != strings.Join(tc.outline, "\n") {
				t.Errorf("%s as of %s: outline:\n%s\nwant:\n%s", tc.id, tc.asOf, strings.Join(got, "\n"), strings.Join(tc.outline, "\n"))
			}
		}
	}
}

// TestBinLabelsClearOfLines: each bin's label on the reliability chart
// (60 mm square, labels 17 mm wide) stays inside the plot and overlaps
// neither the segments joining the dots nor another label, for the
// example's bins and for rising, falling and zig-zag ones. Page
// coordinates: y grows downwards.
func TestBinLabelsClearOfLines(t *testing.T) {
	const side, w = 60.0, 17.0
	px := func(v float64) float64 { return side * v }
	py := func(v float64) float64 { return side - side*v }
	cases := map[string][][2]float64{
		"example":   {{0.30, 0.33}, {0.53, 0.27}, {0.80, 0.85}},
		"rising":    {{0.2, 0.1}, {0.5, 0.5}, {0.8, 0.9}},
		"falling":   {{0.2, 0.9}, {0.5, 0.5}, {0.8, 0.1}},
		"peak":      {{0.2, 0.1}, {0.5, 0.9}, {0.8, 0.1}},
		"valley":    {{0.2, 0.9}, {0.5, 0.1}, {0.8, 0.9}},
		"two, left": {{0.1, 0.5}, {0.3, 0.2}},
		"one":       {{0.7, 0.7}},
	}
	for name, pts := range cases {
		var xs, ys []float64
		for _, p := range pts {
			xs, ys = append(xs, px(p[0])), append(ys, py(p[1]))
		}
		var placed []rect
		for i := range xs {
			r, _ := binLabelAt(xs, ys, i, 0, side, px(0.6), w, placed)
			if r.x < 0 || r.x+r.w > side {
				t.Errorf("%s: label %d spans %.1f to %.1f, outside the plot", name, i, r.x, r.x+r.w)
			}
			for k := 1; k < len(xs); k++ {
				if r.crosses(xs[k-1], ys[k-1], xs[k], ys[k]) {
					t.Errorf("%s: label %d at (%.1f, %.1f) covers segment %d", name, i, r.x, r.y, k)
				}
			}
			for k, o := range placed {
				if r.overlaps(o) {
					t.Errorf("%s: label %d overlaps label %d", name, i, k)
				}
			}
			placed = append(placed, r)
		}
	}
}
