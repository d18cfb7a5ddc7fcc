package pdf

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
)

// alertsSite is a small site with the keys of SPEC section 10: blockers set,
// restated, cleared and replaced; due dates met and missed; a data file
// with a note.
var alertsSite = map[string]string{
	"okr.toml": `title = "Payments"

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Reliable payments"

  [[objectives.key_results]]
  id = "KR1"
  title = "Cards tokenised"
  owner = "Ana"
  start = 0
  target = 10
  due = 2026-08-15

  [[objectives.key_results]]
  id = "KR2"
  title = "HSM in production"
  owner = "Ben"
  kind = "milestone"
  due = 2026-07-31

  [[objectives.key_results]]
  id = "KR3"
  title = "API uptime"
  kind = "threshold"
  direction = "at_least"
  unit = "%"
  target = 99.9
  data = "data/uptime.csv"

[[objectives]]
id = "O2"
quarter = "2026-Q3"
title = "New checkout"

  [[objectives.key_results]]
  id = "KR1"
  title = "Checkout redesign shipped"
  owner = "Cy"
  kind = "milestone"
  due = 2026-08-31
`,
	"data/uptime.csv":                "date,value,note\n2026-07-02,99.95,\n2026-07-09,99.5,dip after the deploy\n2026-07-16,99.99,\n",
	"content/checkins/2026-07-06.md": alertCheckIn("2026-07-06", "O1.KR1", "value = 2", `blocker = "Waiting for the HSM vendor's firmware"`),
	"content/checkins/2026-07-20.md": alertCheckIn("2026-07-20", "O1.KR1", "value = 4", `blocker = "Waiting for the HSM vendor's firmware"`),
	"content/checkins/2026-07-27.md": alertCheckIn("2026-07-27", "O1.KR1", "value = 5", `blocker = ""`),
	"content/checkins/2026-07-28.md": alertCheckIn("2026-07-28", "O1.KR2", "done = true", ""),
	"content/checkins/2026-08-03.md": alertCheckIn("2026-08-03", "O1.KR1", "value = 6", `blocker = "Legal review"`),
	"content/checkins/2026-08-04.md": alertCheckIn("2026-08-04", "O2.KR1", "done = false", `blocker = "Waiting for design"`),
}

// alertCheckIn is a check-in of one update.
func alertCheckIn(date, kr, value, extra string) string {
	return "+++\ndate = " + date + "\ntitle = \"Week of " + date + "\"\n[[updates]]\nkr = \"" + kr + "\"\n" + value + "\n" + extra + "\n+++\n\n## Progress\n\nSome.\n"
}

// loadAlertsSite writes files into a new folder and loads the site.
func loadAlertsSite(t *testing.T, files map[string]string) *okr.Site {
	t.Helper()
	dir := t.TempDir()
	sitetest.WriteIn(t, dir, files)
	site, err := okr.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// plainSite is alertsSite without the keys of SPEC section 10.
func plainSite() map[string]string {
	out := map[string]string{}
	for name, body := range alertsSite {
		if strings.HasPrefix(name, "data/") {
			continue
		}
		out[name] = regexp.MustCompile(`(?m)^\s*(due|data|blocker) = .*\n`).ReplaceAllString(body, "")
	}
	return out
}

// alertsPDF renders the site's 2026-Q3 PDF as of asOf.
func alertsPDF(t *testing.T, site *okr.Site, asOf okr.Date) []byte {
	t.Helper()
	n := okr.Compute(site, asOf)
	return retrospective(t, site, n, n.Quarters[0])
}

// TestBlockersDeadlinesDataText: the PDF marks blocked key results in the
// summary table, gives the blocker and its since on the key result, its
// due date in its facts and on its chart, and marks the notes of data-file
// rows as coming from the file (SPEC section 10).
func TestBlockersDeadlinesDataText(t *testing.T) {
	site := loadAlertsSite(t, alertsSite)
	for _, tc := range []struct {
		asOf      okr.Date
		want, not []string
		// rows: summary-table lines (pdftotext -layout) holding the
		// first string must hold the second (or not, when it starts with !).
		rows [][2]string
	}{
		{okr.NewDate(2026, 8, 20), []string{
			"Blocked since 3 August 2026: Legal review",
			"Blocked since 4 August 2026: Waiting for design",
			"due 15 August 2026 (overdue)", "due 31 July 2026", "due 31 August 2026",
			"due Aug 15", "due Jul 31",
			"values from data/uptime.csv",
			"2026-07-09 · O1.KR3 99.5% · from data/uptime.csv dip after the deploy",
			"Blocked: see the key result for its blocker.",
		}, []string{"Waiting for the HSM vendor's firmware", "due 15 August 2026 · overdue"},
			[][2]string{{"O1.KR1 Cards tokenised", "Blocked"}, {"O2.KR1 Checkout redesign", "Blocked"}, {"O1.KR2 HSM in production", "!Blocked"}, {"O1.KR3 API uptime", "!Blocked"}}},
		{okr.NewDate(2026, 7, 22), []string{
			"Blocked since 6 July 2026: Waiting for the HSM vendor's firmware",
		}, []string{"Legal review", "(overdue)"},
			[][2]string{{"O1.KR1 Cards tokenised", "Blocked"}}},
		// Once the quarter is over nothing is blocked.
		{okr.NewDate(2026, 10, 5), []string{"due 15 August 2026"}, []string{"Blocked", "overdue"}, nil},
	} {
		doc := alertsPDF(t, site, tc.asOf)
		text := words(run(t, doc, "pdftotext", "-enc", "UTF-8", "FILE", "-"))
		for _, w := range tc.want {
			if !strings.Contains(text, words(w)) {
				t.Errorf("%s: the PDF's text lacks %q:\n%s", tc.asOf, w, text)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(text, words(w)) {
				t.Errorf("%s: the PDF's text has %q", tc.asOf, w)
			}
		}
		layout := run(t, doc, "pdftotext", "-layout", "-f", "2", "-l", "2", "-enc", "UTF-8", "FILE", "-")
		for _, r := range tc.rows {
			found := false
			for _, l := range strings.Split(layout, "\n") {
				if !strings.Contains(words(l), r[0]) {
					continue
				}
				found = true
				if want, neg := strings.CutPrefix(r[1], "!"); strings.Contains(l, want) == neg {
					t.Errorf("%s: summary row %q: has %q = %v", tc.asOf, l, want, !neg)
				}
			}
			if !found {
				t.Errorf("%s: no summary row %q in\n%s", tc.asOf, r[0], layout)
			}
		}
		run(t, doc, "qpdf", "--check", "FILE")
		if again := alertsPDF(t, site, tc.asOf); !bytes.Equal(doc, again) {
			t.Errorf("%s: two renders differ", tc.asOf)
		}
	}
}

// TestPlainSiteNoMarks: a site without the keys of SPEC section 10 gets
// none of their marks.
func TestPlainSiteNoMarks(t *testing.T) {
	site := loadAlertsSite(t, plainSite())
	doc := alertsPDF(t, site, okr.NewDate(2026, 8, 20))
	text := words(run(t, doc, "pdftotext", "-enc", "UTF-8", "FILE", "-"))
	for _, w := range []string{"Blocked", "due ", "overdue", "from data/"} {
		if strings.Contains(text, w) {
			t.Errorf("the PDF's text has %q", w)
		}
	}
}

// TestPaceToDue: the KR chart's expected-pace line follows KRNumbers'
// Expected: it reaches the target on the due date and stays there; it
// starts from the start value, as without a due date and as the HTML
// chart's.
func TestPaceToDue(t *testing.T) {
	site := loadAlertsSite(t, alertsSite)
	asOf := okr.NewDate(2026, 8, 20)
	find := func(site *okr.Site, ref string) *okr.KRNumbers {
		for _, on := range okr.Compute(site, asOf).Quarters[0].Objectives {
			for _, kn := range on.KeyResults {
				if kn.KR.Ref() == ref {
					return kn
				}
			}
		}
		t.Fatalf("no %s", ref)
		return nil
	}
	for _, tc := range []struct {
		name string
		kn   *okr.KRNumbers
		want []charts.Point
	}{
		{"due", find(site, "O1.KR1"), []charts.Point{
			{Date: okr.NewDate(2026, 7, 1), Value: 0},
			{Date: okr.NewDate(2026, 8, 15), Value: 10},
			{Date: okr.NewDate(2026, 9, 30), Value: 10},
		}},
		{"milestone", find(site, "O1.KR2"), nil},
	} {
		got := charts.KRValues(tc.kn).Pace // what the PDF's chart draws
		if len(got) != len(tc.want) {
			t.Errorf("%s: pace %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i].Date != tc.want[i].Date || abs(got[i].Value-tc.want[i].Value) > 1e-9 {
				t.Errorf("%s: pace %v, want %v", tc.name, got, tc.want)
			}
		}
		// From the due date on, the line is at the target, as the KR's
		// Expected is 1.
		if tc.kn.Due != nil && tc.kn.KR.Kind == okr.Metric {
			for _, p := range got {
				if okr.ExpectedBy(tc.kn.KR.Objective.Quarter.Start, *tc.kn.Due, p.Date) == 1 && p.Value != *tc.kn.KR.Target {
					t.Errorf("%s: pace on %s = %v, expected the target", tc.name, p.Date, p.Value)
				}
			}
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestWriteAlertsPDF writes the test site's PDF into $OKRGEN_ALERTS_PDF, to look at.
func TestWriteAlertsPDF(t *testing.T) {
	out := os.Getenv("OKRGEN_ALERTS_PDF")
	if out == "" {
		t.Skip("OKRGEN_ALERTS_PDF not set")
	}
	doc := alertsPDF(t, loadAlertsSite(t, alertsSite), okr.NewDate(2026, 8, 20))
	if err := os.WriteFile(out, doc, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExpectedPerKeyResult: with due dates the quarter's expected is a
// weighted mean, not the share of the quarter elapsed: the PDF says the
// share elapsed where it says "elapsed", and the bar charts mark each
// key result's and objective's own expected pace.
func TestExpectedPerKeyResult(t *testing.T) {
	site := loadAlertsSite(t, alertsSite)
	asOf := okr.NewDate(2026, 8, 20) // 51 of 92 days: 55% elapsed
	doc := alertsPDF(t, site, asOf)
	text := words(run(t, doc, "pdftotext", "-enc", "UTF-8", "FILE", "-"))
	for _, w := range []string{"as of 20 August 2026, 55% of the quarter has elapsed", "key results; 55% of the quarter elapsed", "Progress against the expected pace: 55% of the quarter elapsed, or the share of the days to a key result's due date"} {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF's text lacks %q:\n%s", w, text)
		}
	}
	qn := okr.Compute(site, asOf).Quarters[0]
	krs, objs := barRows(qn, true)
	want := map[string]float64{"O1.KR1": 1, "O1.KR2": 1, "O1.KR3": 51.0 / 92, "O2.KR1": 51.0 / 62}
	for _, r := range krs {
		if abs(r.mark-want[r.label]) > 1e-9 {
			t.Errorf("%s: mark %v, want %v", r.label, r.mark, want[r.label])
		}
	}
	for i, r := range objs {
		if e := qn.Objectives[i].Expected; r.mark != e {
			t.Errorf("%s: mark %v, want %v", r.label, r.mark, e)
		}
	}
	krs, _ = barRows(qn, false)
	if krs[0].mark != 0.7 {
		t.Errorf("retrospective: mark %v, want 0.7", krs[0].mark)
	}
}

// TestPlainSameBytes: a site without the keys of SPEC section 10 gets the
// PDF okrgen gave before them, byte for byte (testdata/plain-site.pdf was
// written by okrgen before issue 14, `okrgen build --as-of 2026-08-20`).
func TestPlainSameBytes(t *testing.T) {
	if dir := os.Getenv("OKRGEN_PLAIN_SITE"); dir != "" {
		for name, body := range plainSite() {
			p := filepath.Join(dir, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want, err := os.ReadFile(filepath.Join("testdata", "plain-site.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	site := loadAlertsSite(t, plainSite())
	n := okr.Compute(site, okr.NewDate(2026, 8, 20))
	res, err := Retrospective(n, n.Quarters[0], Options{Title: site.Config.Title, Team: site.Config.Team, Generator: "okrgen v0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(filepath.Join("testdata", "plain-site.pdf"), res.PDF, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(res.PDF, want) {
		t.Error("the PDF of a plain site changed (go test -update rewrites testdata/plain-site.pdf once the change is meant)")
	}
}

// TestBlockedKRWhole: a blocked key result's title, facts, blocker (of
// several lines) and chart stay on one page, wherever the key result
// starts on its page.
func TestBlockedKRWhole(t *testing.T) {
	long := strings.Repeat("Waiting for the vendor's firmware and the security review of its signing keys ", 5) + "Zanzibar"
	for k := 0; k < 16; k++ {
		toml := "title = \"T\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"O\"\ndescription = \"\"\"\n" +
			strings.Repeat("A line of the description.\n\n", k) + "\"\"\"\n"
		for i := 1; i <= 3; i++ {
			toml += fmt.Sprintf("  [[objectives.key_results]]\n  id = \"KR%d\"\n  title = \"Key result %d\"\n  start = 0\n  target = 10\n  due = 2026-08-15\n", i, i)
		}
		checkin := "+++\ndate = 2026-07-06\n[[updates]]\nkr = \"O1.KR2\"\nvalue = 2\nblocker = \"" + long + "\"\n+++\n"
		site := loadAlertsSite(t, map[string]string{"okr.toml": toml, "content/checkins/2026-07-06.md": checkin})
		doc := alertsPDF(t, site, okr.NewDate(2026, 7, 20))
		var title, end, legends []int
		for i, p := range pages(t, doc) {
			for _, l := range p.lines {
				switch {
				case strings.Contains(l.text, "O1.KR2 Key result 2"):
					title = append(title, i)
				case strings.Contains(l.text, "Zanzibar"):
					end = append(end, i)
				case strings.Contains(l.text, "Expected pace"):
					legends = append(legends, i)
				}
			}
		}
		// title[0] is the summary's row.
		if len(title) != 2 || len(end) != 1 || len(legends) != 3 {
			t.Fatalf("%d lines: title on pages %v, blocker's end on %v, legends on %v", k, title, end, legends)
		}
		if title[1] != end[0] || end[0] != legends[1] {
			t.Errorf("%d lines: O1.KR2 parted: title on page %d, blocker's end on %d, chart's legend on %d", k, title[1]+1, end[0]+1, legends[1]+1)
		}
	}
}
