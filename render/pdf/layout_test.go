package pdf

import (
	"fmt"
	"html"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/okr"
)

// unitsSite is a quarter of key results whose values carry long units, and
// a check-in whose title and date have hyphens.
func unitsSite() *okr.Site {
	q := &okr.Quarter{ID: "2026-Q4", Start: okr.NewDate(2026, 10, 1), End: okr.NewDate(2026, 12, 31)}
	o := &okr.Objective{ID: "O1", Quarter: q, Title: "Ship smaller changes more often", Owner: "Priya", Kind: okr.Aspirational, Weight: 1,
		Description: strings.Repeat("Small changes are easy to review, easy to roll back and easy to reason about. ", 8)}
	f := func(v float64) *float64 { return &v }
	deploys := &okr.KeyResult{ID: "KR1", Objective: o, Title: "Deploy every weekday", Kind: okr.Metric, Unit: "deploys/week", Start: f(0), Target: f(12), Weight: 1}
	sessions := &okr.KeyResult{ID: "KR2", Objective: o, Title: "Hold knowledge-sharing sessions", Kind: okr.Metric, Unit: "sessions", Start: f(0), Target: f(6), Weight: 1}
	o.KeyResults = []*okr.KeyResult{deploys, sessions}
	q.Objectives = []*okr.Objective{o}
	c := &okr.CheckIn{Source: "content/checkins/a.md", Stem: "a", Title: "Check-in of week 41", Author: "Priya", Date: okr.NewDate(2026, 10, 5)}
	c.Updates = []*okr.Update{{CheckIn: c, Date: c.Date, KR: deploys, Value: f(6), Note: "Roll-outs are half-automated"}, {CheckIn: c, Date: c.Date, KR: sessions, Value: f(1)}}
	return &okr.Site{Config: okr.Config{Title: "Payments OKRs", StaleAfterDays: 14}, Quarters: []*okr.Quarter{q}, CheckIns: []*okr.CheckIn{c}}
}

// TestTableWordsWhole: table cells break between words only, and short
// values are never broken: "deploys/week" and "0 sessions" stay whole, and
// hyphens come back as U+002D.
func TestTableWordsWhole(t *testing.T) {
	site := unitsSite()
	n := okr.Compute(site, okr.NewDate(2026, 10, 20))
	res, err := Retrospective(n, n.Quarters[0], Options{Title: site.Config.Title, Generator: "g"})
	if err != nil {
		t.Fatal(err)
	}
	summary := run(t, res.PDF, "pdftotext", "-f", "2", "-l", "2", "-enc", "UTF-8", "FILE", "-")
	for _, w := range []string{"0 deploys/week", "12 deploys/week", "6 deploys/week", "0 sessions", "6 sessions"} {
		if !strings.Contains(summary, w) {
			t.Errorf("the summary's text lacks %q on one line:\n%s", w, summary)
		}
	}
	text := run(t, res.PDF, "pdftotext", "-enc", "UTF-8", "FILE", "-")
	for _, w := range []string{"Check-in of week 41", "2026-10-05", "Roll-outs", "knowledge-sharing"} {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF's text lacks %q on one line", w)
		}
	}

	// The example: "0 sessions" was broken where "6 sessions" was not.
	esite, en := example(t)
	for _, qn := range en.Quarters {
		summary := run(t, retrospective(t, esite, en, qn), "pdftotext", "-f", "2", "-l", "2", "-enc", "UTF-8", "FILE", "-")
		if !strings.Contains(summary, "0 sessions") {
			t.Errorf("%s: the summary's text lacks %q on one line", qn.Quarter.ID, "0 sessions")
		}
	}
}

// TestFitColumns: columns get at least their widest word, short columns
// their whole content, and long text the rest.
func TestFitColumns(t *testing.T) {
	for _, tc := range []struct {
		name      string
		min, want []float64 // widest word, whole content
		total     float64
		fit       []float64
	}{
		{"all fit", []float64{5, 5}, []float64{10, 20}, 60, []float64{10, 20}},
		{"short columns whole", []float64{20, 8, 9}, []float64{200, 15, 12}, 100, []float64{73, 15, 12}},
		{"two long columns share", []float64{10, 10, 10}, []float64{100, 100, 12}, 100, []float64{44, 44, 12}},
		{"long column gets what it needs", []float64{10, 10, 10}, []float64{30, 100, 12}, 100, []float64{30, 58, 12}},
		{"words wider than the table", []float64{60, 60}, []float64{80, 80}, 100, []float64{50, 50}},
		{"a word wider than the table", []float64{150, 10, 12}, []float64{300, 20, 12}, 100, []float64{68, 20, 12}},
		{"many columns of long words", []float64{30, 30, 30, 30, 10}, []float64{40, 40, 40, 40, 10}, 100, []float64{22.5, 22.5, 22.5, 22.5, 10}},
	} {
		got := fitColumns(tc.min, tc.want, tc.total)
		for i := range got {
			got[i] = math.Round(got[i]*100) / 100
		}
		if !slices.Equal(got, tc.fit) {
			t.Errorf("%s: fitColumns = %v, want %v", tc.name, got, tc.fit)
		}
	}
}

// TestHyphenGlyph: the Go fonts draw U+002D with their minus sign, wider
// than their en dash ("Check–in"); every proportional font of the PDF must
// have a hyphen narrower than an "n", and the text keeps its U+002D.
func TestHyphenGlyph(t *testing.T) {
	site, n := example(t)
	doc := retrospective(t, site, n, n.Quarters[0])
	fonts := 0
	for _, w := range widthArrays(t, doc) {
		hyphen, en := w['-'], w['n']
		if hyphen == 0 || en == 0 || hyphen == en {
			continue // not used, or monospaced
		}
		fonts++
		if hyphen >= en {
			t.Errorf("a font's hyphen is %d wide, an n %d: it prints like a dash", hyphen, en)
		}
	}
	if fonts < 2 {
		t.Errorf("found the widths of %d proportional fonts, want the regular and bold ones at least", fonts)
	}
	text := run(t, doc, "pdftotext", "-enc", "UTF-8", "FILE", "-")
	for _, w := range []string{"Check-in log", "2026-07-14", "2026-Q3", "bi-weekly"} {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF's text lacks %q with U+002D", w)
		}
	}
}

// widthArrays returns the glyph widths of each font's /W array, by
// character: gofpdf's fonts use Unicode code points as CIDs.
func widthArrays(t *testing.T, pdf []byte) []map[rune]int {
	t.Helper()
	var all []map[rune]int
	re := regexp.MustCompile(`/W \[((?:[^\[\]]|\[[^\]]*\])*)\]`)
	tok := regexp.MustCompile(`\[|\]|-?\d+(?:\.\d+)?`)
	for _, m := range re.FindAllSubmatch(pdf, -1) {
		w := map[rune]int{}
		var nums []int
		inner, first := false, 0
		for _, tk := range tok.FindAllString(string(m[1]), -1) {
			switch tk {
			case "[":
				inner, first = true, nums[len(nums)-1]
				nums = nums[:len(nums)-1]
			case "]":
				inner = false
			default:
				v, _ := strconv.ParseFloat(tk, 64)
				if inner {
					w[rune(first)] = int(v)
					first++
					continue
				}
				nums = append(nums, int(v))
				if len(nums) == 3 {
					for c := nums[0]; c <= nums[1]; c++ {
						w[rune(c)] = nums[2]
					}
					nums = nums[:0]
				}
			}
		}
		all = append(all, w)
	}
	if len(all) == 0 {
		t.Fatal("no /W arrays in the PDF")
	}
	return all
}

// page is the text of a PDF page as pdftotext -bbox sees it: lines of
// words top to bottom, in points.
type page struct {
	height float64
	lines  []line
}

type line struct {
	top, bottom float64
	text        string
}

var (
	pageRe = regexp.MustCompile(`<page width="[\d.]+" height="([\d.]+)">`)
	wordRe = regexp.MustCompile(`<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>`)
)

// pages returns the body of each page: the running header and the page
// number left out.
func pages(t *testing.T, pdf []byte) []page {
	t.Helper()
	out := run(t, pdf, "pdftotext", "-bbox", "-enc", "UTF-8", "FILE", "-")
	var ps []page
	for _, chunk := range strings.Split(out, "</page>") {
		m := pageRe.FindStringSubmatch(chunk)
		if m == nil {
			continue
		}
		p := page{}
		p.height, _ = strconv.ParseFloat(m[1], 64)
		const mm = 72 / 25.4
		for _, w := range wordRe.FindAllStringSubmatch(chunk, -1) {
			top, _ := strconv.ParseFloat(w[1], 64)
			bottom, _ := strconv.ParseFloat(w[2], 64)
			if top < 17*mm || top > p.height-(marginB-2)*mm {
				continue // header, footer
			}
			word := html.UnescapeString(w[3])
			if n := len(p.lines); n > 0 && math.Abs(p.lines[n-1].top-top) < 1 {
				p.lines[n-1].text += " " + word
				p.lines[n-1].bottom = max(p.lines[n-1].bottom, bottom)
				continue
			}
			p.lines = append(p.lines, line{top, bottom, word})
		}
		ps = append(ps, p)
	}
	return ps
}

// TestPageFill: the example's objectives, notes, retrospective and log flow
// on from page to page: every page of them but the last is at least half
// full, and no page ends with a heading.
func TestPageFill(t *testing.T) {
	site, n := example(t)
	for _, qn := range n.Quarters {
		ps := pages(t, retrospective(t, site, n, qn))
		headings := []string{"Notes from check-ins", "Retrospective notes", "Notes", "Check-in log",
			"Outcomes", "What went well", "What didn't", "Lessons", "Actions for Q4", "Actions for Q1"}
		first := -1
		for _, on := range qn.Objectives {
			o := on.Objective
			headings = append(headings, o.ID+" "+o.Title)
			for _, kn := range on.KeyResults {
				headings = append(headings, kn.KR.Ref()+" "+kn.KR.Title)
			}
		}
		for i, p := range ps {
			if first < 0 && len(p.lines) > 0 && p.lines[0].text == words(qn.Objectives[0].Objective.ID+" "+qn.Objectives[0].Objective.Title) {
				first = i
			}
		}
		if first < 0 {
			t.Fatalf("%s: no page starts with the first objective", qn.Quarter.ID)
		}
		const mm = 72 / 25.4
		var got []string
		for i, p := range ps {
			if len(p.lines) == 0 {
				t.Errorf("%s: page %d is empty", qn.Quarter.ID, i+1)
				continue
			}
			last := p.lines[len(p.lines)-1]
			if slices.Contains(headings, last.text) {
				t.Errorf("%s: page %d ends with the heading %q", qn.Quarter.ID, i+1, last.text)
			}
			fill := (last.bottom - marginT*mm) / (p.height - (marginT+marginB)*mm)
			got = append(got, fmt.Sprintf("%d:%.0f%%", i+1, fill*100))
			if i >= first && i < len(ps)-1 && fill < 0.5 {
				t.Errorf("%s: page %d is %.0f%% full; it ends with %q", qn.Quarter.ID, i+1, fill*100, last.text)
			}
		}
		t.Logf("%s: pages filled %s", qn.Quarter.ID, strings.Join(got, " "))
	}
}

// TestShortSectionsShare: a section that fits whole goes on the page, even
// with less than a third of the page left: the retrospective's "No notes
// yet" follows the objective's last note rather than taking a page.
func TestShortSectionsShare(t *testing.T) {
	site := unitsSite()
	n := okr.Compute(site, okr.NewDate(2026, 10, 20))
	res, err := Retrospective(n, n.Quarters[0], Options{Title: site.Config.Title, Generator: "g"})
	if err != nil {
		t.Fatal(err)
	}
	on := func(prefix string) int {
		for i, p := range pages(t, res.PDF) {
			for _, l := range p.lines {
				if strings.Contains(l.text, prefix) {
					return i + 1
				}
			}
		}
		t.Fatalf("no page has %q", prefix)
		return 0
	}
	if note, none := on("Roll-outs are half-automated"), on("No notes yet"); note != none {
		t.Errorf("the last note is on page %d, \"No notes yet\" on page %d", note, none)
	}
}

// TestHeadingKeepsLines: a heading in the retrospective notes stays with
// two lines of its text at least, wherever on the page it falls.
func TestHeadingKeepsLines(t *testing.T) {
	for n := 1; n <= 60; n++ {
		site := unitsSite()
		q := site.Quarters[0]
		body := strings.Repeat("- An item\n", n) + "\n### Keep me with my text\n\n" + strings.Repeat("A line.\\\n", 5) + "The end.\n"
		q.Retro = &okr.Page{Source: "content/retros/2026-Q4.md", Body: []byte(body)}
		num := okr.Compute(site, okr.NewDate(2026, 10, 20))
		res, err := Retrospective(num, num.Quarters[0], Options{Title: site.Config.Title, Generator: "g"})
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range pages(t, res.PDF) {
			for j, l := range p.lines {
				if l.text == "Keep me with my text" && j > len(p.lines)-3 {
					t.Errorf("%d items: the heading is line %d of %d on page %d", n, j+1, len(p.lines), i+1)
				}
			}
		}
	}
}
