package pdf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/gomono"

	"github.com/okrgen/okrgen/bench/largesite"
	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/internal/cputime"
	"github.com/okrgen/okrgen/okr"
)

// example loads the example site at the repository root as of a day when
// 2026-Q3 is over and 2026-Q4 runs.
func example(t testing.TB) (*okr.Site, *okr.Numbers) {
	t.Helper()
	site, err := okr.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	return site, okr.Compute(site, okr.NewDate(2026, 11, 23))
}

func retrospective(t testing.TB, site *okr.Site, n *okr.Numbers, qn *okr.QuarterNumbers) []byte {
	t.Helper()
	res, err := Retrospective(n, qn, Options{Title: site.Config.Title, Team: site.Config.Team, Generator: "okrgen test"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Missing) > 0 {
		t.Errorf("%s: characters printed as ?: %q", qn.Quarter.ID, string(res.Missing))
	}
	return res.PDF
}

// TestExampleText extracts the text of the example's PDFs: every title,
// owner, final value with its unit, the retrospective notes and the page
// numbers must be there, names in Greek and Cyrillic included.
func TestExampleText(t *testing.T) {
	site, n := example(t)
	for _, qn := range n.Quarters {
		doc := retrospective(t, site, n, qn)
		text := words(run(t, doc, "pdftotext", "-enc", "UTF-8", "FILE", "-"))
		var want []string
		for _, on := range qn.Objectives {
			o := on.Objective
			want = append(want, o.Title, o.Owner)
			for _, kn := range on.KeyResults {
				want = append(want, kn.KR.Title, kn.KR.Owner, kn.KR.Ref()+" "+kn.KR.Title)
				if kn.Current != nil {
					want = append(want, charts.Value(*kn.Current, kn.KR.Unit))
				}
			}
		}
		info := run(t, doc, "pdfinfo", "FILE")
		m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
		if m == nil {
			t.Fatalf("pdfinfo: no page count:\n%s", info)
		}
		// pdftotext joins "1 / 9" to "1/9" unless -raw: the PDF has the spaces.
		raw := words(run(t, doc, "pdftotext", "-raw", "-enc", "UTF-8", "FILE", "-"))
		for p := 1; p <= atoi(m[1]); p++ {
			if w := fmt.Sprintf("%d / %s", p, m[1]); !strings.Contains(raw, w) {
				t.Errorf("%s: the PDF's text lacks the page number %q", qn.Quarter.ID, w)
			}
		}
		if qn.Quarter.Retro != nil {
			// A sentence of the notes, as the reader sees it.
			want = append(want, "Held on 1 October 2026 with the whole backend team", "What went well", "Lessons")
		}
		if qn.Phase != okr.Ended {
			want = append(want, "INTERIM", "Progress report (interim)")
		}
		want = append(want, "Zoë Ångström", "Ελένη", "Дмитрий", site.Config.Title, "Check-in log")
		for _, w := range want {
			if w != "" && !strings.Contains(text, words(w)) {
				t.Errorf("%s: the PDF's text lacks %q", qn.Quarter.ID, w)
			}
		}
	}
}

func atoi(s string) int {
	n := 0
	fmt.Sscan(s, &n)
	return n
}

// TestExampleStructure checks the file as PDF tools see it: valid, fonts
// embedded, metadata, and an outline of every section and objective.
func TestExampleStructure(t *testing.T) {
	site, n := example(t)
	qn := n.Quarters[0]
	doc := retrospective(t, site, n, qn)
	run(t, doc, "qpdf", "--check", "FILE")

	fonts := run(t, doc, "pdffonts", "FILE")
	lines := strings.Split(strings.TrimSpace(fonts), "\n")
	if len(lines) < 4 {
		t.Fatalf("pdffonts lists no fonts:\n%s", fonts)
	}
	for _, l := range lines[2:] {
		if f := strings.Fields(l); len(f) < 5 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}

	info := run(t, doc, "pdfinfo", "FILE")
	for _, w := range []string{"Title:           Backend Engineering OKRs 2026-Q3 — Retrospective", "Author:          Backend", "Subject:         OKR retrospective of 2026-Q3", "CreationDate:    Mon Nov 23 00:00:00 2026"} {
		if !strings.Contains(info, w) {
			t.Errorf("pdfinfo lacks %q:\n%s", w, info)
		}
	}

	got := outlineTitles(t, doc)
	want := []string{"Cover", "Summary", "Charts", "Objectives",
		"  O1 Enhance API Performance and Reliability", "  O2 Improve Database Scalability and Efficiency",
		"  O3 Strengthen Backend Security and Compliance", "  O4 Foster Team Collaboration and Knowledge Sharing",
		"Moved targets", "How well did we predict?", "Retrospective notes", "Check-in log"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestReproducible(t *testing.T) {
	site, n := example(t)
	for _, qn := range n.Quarters {
		a := retrospective(t, site, n, qn)
		b := retrospective(t, site, n, qn)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two runs differ", qn.Quarter.ID)
		}
	}
}

// TestUnicodeAndEmoji: text beyond the font (emoji, CJK) must not panic
// gofpdf; it is dropped or replaced and reported.
func TestUnicodeAndEmoji(t *testing.T) {
	site := &okr.Site{Config: okr.Config{Title: "T 🚀", StaleAfterDays: 14}}
	q := &okr.Quarter{ID: "2026-Q3", Start: okr.NewDate(2026, 7, 1), End: okr.NewDate(2026, 9, 30)}
	o := &okr.Objective{ID: "O1", Quarter: q, Title: "Ship 🎯 目標 ✓ Łódź", Owner: "Zoë Ångström", Kind: okr.Aspirational, Weight: 1, Description: "**bold** 🚀 `code 😀`"}
	start, target := 0.0, 10.0
	o.KeyResults = []*okr.KeyResult{{ID: "KR1", Objective: o, Title: "Ελένη & Дмитрий", Kind: okr.Metric, Start: &start, Target: &target, Weight: 1}}
	q.Objectives = []*okr.Objective{o}
	q.Retro = &okr.Page{Body: []byte("# Notes 🚀\n\n| a | b |\n|---|---|\n| 目 | ✓ |\n")}
	site.Quarters = []*okr.Quarter{q}
	n := okr.Compute(site, okr.NewDate(2026, 10, 2))
	res, err := Retrospective(n, n.Quarters[0], Options{Title: site.Config.Title, Generator: "g"})
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Missing) != "標目" { // sorted
		t.Errorf("missing = %q, want the CJK characters", string(res.Missing))
	}
	text := words(run(t, res.PDF, "pdftotext", "-enc", "UTF-8", "FILE", "-"))
	for _, w := range []string{"Ship ?? √ Łódź", "Ελένη & Дмитрий", "Zoë Ångström"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q", w)
		}
	}
}

// BenchmarkRetrospective measures the PDF of the example's ended quarter,
// and (large) the eight PDFs of the benchmarks' large site, one after the
// other: go test -bench Retrospective -run XXX ./render/pdf.
func BenchmarkRetrospective(b *testing.B) {
	b.Run("example", func(b *testing.B) {
		site, n := example(b)
		qn := n.Quarters[0]
		var size int
		for b.Loop() {
			size = len(retrospective(b, site, n, qn))
		}
		b.ReportMetric(float64(size), "bytes/pdf")
	})
	b.Run("large", func(b *testing.B) {
		p := largesite.Default
		if testing.Short() {
			p.CheckIns = 1000
		}
		dir := filepath.Join(b.TempDir(), "site")
		if err := largesite.Generate(dir, p); err != nil {
			b.Fatal(err)
		}
		site, err := okr.Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		n := okr.Compute(site, okr.NewDate(2026, 11, 23))
		var size int
		cpu := cputime.Used()
		for b.Loop() {
			size = 0
			for _, qn := range n.Quarters {
				res, err := Retrospective(n, qn, Options{Title: site.Config.Title, Team: site.Config.Team, Generator: "okrgen test"})
				if err != nil {
					b.Fatal(err)
				}
				size += len(res.PDF)
			}
		}
		b.ReportMetric(float64(size), "bytes/op")
		// The process's CPU time, the garbage collector's included: on a
		// machine shared with other work it varies less than the time.
		b.ReportMetric(float64(cputime.Used()-cpu)/float64(b.N), "cpu-ns/op")
	})
}

// TestCustomFont: pdf_font replaces the Go fonts for all text.
func TestCustomFont(t *testing.T) {
	site, n := example(t)
	res, err := Retrospective(n, n.Quarters[0], Options{Title: site.Config.Title, Generator: "g", Font: gomono.TTF})
	if err != nil {
		t.Fatal(err)
	}
	fonts := run(t, res.PDF, "pdffonts", "FILE")
	if n := strings.Count(fonts, "\n") - 2; n < 3 || strings.Count(fonts, "CID TrueType") != n {
		t.Errorf("pdffonts:\n%s", fonts)
	}
	if text := words(run(t, res.PDF, "pdftotext", "-enc", "UTF-8", "FILE", "-")); !strings.Contains(text, "Дмитрий") {
		t.Error("text lost with a custom font")
	}
	if _, err := Retrospective(n, n.Quarters[0], Options{Font: []byte("not a font")}); err == nil || !strings.Contains(err.Error(), "pdf_font") {
		t.Errorf("bad font: err = %v", err)
	}
}

// outlineTitles returns the titles of doc's outline, as qpdf reads it,
// those of the second level indented by two spaces.
func outlineTitles(t *testing.T, doc []byte) []string {
	t.Helper()
	var outline struct {
		Outlines []struct {
			Title string
			Kids  []struct{ Title string }
		}
	}
	if err := json.Unmarshal([]byte(run(t, doc, "qpdf", "--json", "--json-key=outlines", "FILE")), &outline); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range outline.Outlines {
		got = append(got, o.Title)
		for _, k := range o.Kids {
			got = append(got, "  "+k.Title)
		}
	}
	return got
}

// TestPagesAliasOnlyInFooter: the footer's "{nb}" becomes the number of
// pages, on every page; the same characters in a check-in's text stay as
// written (gofpdf's AliasNbPages replaced them too).
func TestPagesAliasOnlyInFooter(t *testing.T) {
	site, n := example(t)
	qn := n.Quarters[0]
	qn.Quarter.Retro = &okr.Page{Body: []byte("Our pager said {nb} twice.\n")}
	doc := retrospective(t, site, n, qn)
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(run(t, doc, "pdfinfo", "FILE"))
	if m == nil {
		t.Fatal("pdfinfo: no page count")
	}
	raw := words(run(t, doc, "pdftotext", "-raw", "-enc", "UTF-8", "FILE", "-"))
	if !strings.Contains(raw, "Our pager said {nb} twice.") {
		t.Errorf("the retrospective's text lost its {nb}:\n%s", raw)
	}
	for p := 1; p <= atoi(m[1]); p++ {
		if w := fmt.Sprintf("%d / %s", p, m[1]); !strings.Contains(raw, w) {
			t.Errorf("the PDF's text lacks the page number %q", w)
		}
	}
	if strings.Count(raw, "{nb}") != 1 {
		t.Errorf("%d {nb} in the text, want the retrospective's one", strings.Count(raw, "{nb}"))
	}
}
