package pdf

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// orgSite is an organisation of three teams (SPEC section 9): Payments
// serves the organisation's objective without key results; Checkout's
// 2026-Q3 runs a month later than the organisation's; Web has no 2026-Q3.
var orgSite = map[string]string{
	"okr.toml": `title = "Acme Engineering"

[[teams]]
id = "payments"
path = "teams/payments"

[[teams]]
id = "checkout"
path = "teams/checkout"
name = "Checkout"

[[teams]]
id = "web"
path = "teams/web"

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Expand into the European market"

[[objectives]]
id = "O2"
quarter = "2026-Q3"
title = "Hire well"

  [[objectives.key_results]]
  id = "KR1"
  title = "Engineers hired"
  start = 0
  target = 4
`,
	"content/checkins/2026-08-03.md": "+++\ndate = 2026-08-03\ntitle = \"Hiring\"\n[[updates]]\nkr = \"O2.KR1\"\nvalue = 3\n+++\n",
	"teams/payments/okr.toml": `title = "Payments OKRs"
team = "Payments"

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Accept SEPA payments"
aligns_to = "O1"

  [[objectives.key_results]]
  id = "KR1"
  title = "SEPA transactions a week"
  start = 0
  target = 500
  unit = "tx"

  [[objectives.key_results]]
  id = "KR2"
  title = "SEPA mandate flow shipped"
  kind = "milestone"

[[objectives]]
id = "O2"
quarter = "2026-Q3"
title = "Fewer failed payments"
aligns_to = "O1"

  [[objectives.key_results]]
  id = "KR1"
  title = "Failed payments"
  start = 4
  target = 1
  unit = "%"
`,
	"teams/payments/content/checkins/2026-09-20.md": "+++\ndate = 2026-09-20\ntitle = \"Late September\"\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 410\n[[updates]]\nkr = \"O1.KR2\"\ndone = true\n[[updates]]\nkr = \"O2.KR1\"\nvalue = 2.5\n+++\n",
	"teams/checkout/okr.toml": `title = "Checkout OKRs"

[quarters."2026-Q3"]
start = 2026-08-01
end = 2026-10-31

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "One-page checkout in every EU country"
aligns_to = "O1"

  [[objectives.key_results]]
  id = "KR1"
  title = "Countries live"
  start = 0
  target = 27
`,
	"teams/checkout/content/checkins/2026-09-15.md": "+++\ndate = 2026-09-15\ntitle = \"Mid-September\"\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 12\n+++\n",
	"teams/web/okr.toml": `title = "Web"

[[objectives]]
id = "O1"
quarter = "2026-Q4"
title = "A faster website"

  [[objectives.key_results]]
  id = "KR1"
  title = "Pages under a second"
  start = 40
  target = 90
  unit = "%"
`,
}

// orgPDF loads orgSite, computes it as of asOf and writes its 2026-Q3 PDF
// with a section per team, as render fills pdf.Options.Teams.
func orgPDF(t *testing.T, asOf okr.Date) ([]byte, *org.Numbers) {
	t.Helper()
	return orgFilesPDF(t, orgSite, asOf)
}

// orgFilesPDF is orgPDF of the organisation files lay out.
func orgFilesPDF(t *testing.T, files map[string]string, asOf okr.Date) ([]byte, *org.Numbers) {
	t.Helper()
	tree, err := org.Load(sitetest.Write(t, files))
	if err != nil {
		t.Fatal(err)
	}
	n := org.Compute(tree, asOf)
	qn := n.Quarters[0]
	var teams []Team
	for _, tn := range n.Teams {
		tm := Team{Name: tn.Tree.Name}
		for _, tq := range tn.Quarters {
			if tq.Quarter.ID == qn.Quarter.ID {
				tm.Quarter = tq
			}
		}
		teams = append(teams, tm)
	}
	res, err := Retrospective(n.Numbers, qn, Options{Title: tree.Site.Config.Title, Generator: "okrgen test", Teams: teams})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Missing) > 0 {
		t.Errorf("characters printed as ?: %q", string(res.Missing))
	}
	return res.PDF, n
}

// TestOrgTeamsText: an organisation's PDF gives each team's name, its
// objectives' and key results' titles with their scores (or progress in a
// team whose quarter still runs), the team without the quarter's OKRs, and
// the number of teams on the cover.
func TestOrgTeamsText(t *testing.T) {
	doc, n := orgPDF(t, okr.NewDate(2026, 10, 12))
	run(t, doc, "qpdf", "--check", "FILE")
	text := words(run(t, doc, "pdftotext", "-enc", "UTF-8", "FILE", "-"))
	want := []string{"2 objectives, 1 key results, 3 teams;", "Teams", "Web has no OKRs for 2026-Q3.",
		// Checkout's quarter runs to October 31: progress, not scores.
		"its quarter runs 1 August 2026 to 31 October 2026", "This team's quarter has not ended.",
		"Key result progress against the expected pace"}
	var rows [][2]string // a summary table's row: a title and its score or progress
	payments, checkout := n.Teams[0], n.Teams[1]
	for _, tn := range []*org.Numbers{payments, checkout} {
		qn := tn.Quarters[0]
		want = append(want, tn.Tree.Name)
		for _, on := range qn.Objectives {
			num := charts.Percent(on.Progress)
			if on.Score != nil {
				num = charts.Score(*on.Score)
			}
			rows = append(rows, [2]string{on.Objective.ID + " " + on.Objective.Title, num})
			for _, kn := range on.KeyResults {
				want = append(want, kn.KR.Ref()+" "+kn.KR.Title)
			}
		}
	}
	pq, cq := payments.Quarters[0], checkout.Quarters[0]
	if pq.Score == nil || cq.Score != nil {
		t.Fatalf("Payments' score %v, Checkout's %v: want Payments' quarter over, Checkout's running", pq.Score, cq.Score)
	}
	want = append(want, "score "+charts.Score(*pq.Score)+", "+pq.Grade, "Key result scores",
		"Payments "+charts.Score(*pq.Score)+" "+pq.Grade, "Checkout "+charts.Percent(cq.Progress)+" "+charts.StatusText(cq.Status))
	for _, w := range want {
		if !strings.Contains(text, words(w)) {
			t.Errorf("the PDF's text lacks %q", w)
		}
	}
	layout := strings.Split(run(t, doc, "pdftotext", "-layout", "-enc", "UTF-8", "FILE", "-"), "\n")
	for _, r := range rows {
		found := false
		for _, l := range layout {
			if l := words(l); strings.HasPrefix(l, r[0]+" ") {
				found = true
				if !strings.Contains(l, " "+r[1]+" ") {
					t.Errorf("the row of %q lacks %s: %q", r[0], r[1], l)
				}
			}
		}
		if !found {
			t.Errorf("no row of %q", r[0])
		}
	}
	// The team sections come after the organisation's objectives and
	// before its notes and log.
	order := []string{"Objectives O1 Expand", "Teams 3 teams", "Payments score", "Checkout progress", "Web has no OKRs", "Retrospective notes", "Check-in log"}
	at := -1
	for _, w := range order {
		i := strings.Index(text, w)
		if i < at {
			t.Errorf("%q comes before what precedes it in %q", w, order)
		}
		at = i
	}
}

// TestOrgTeamsOutline: every team is in the outline under "Teams", between
// the organisation's objectives and its notes.
func TestOrgTeamsOutline(t *testing.T) {
	doc, _ := orgPDF(t, okr.NewDate(2026, 10, 12))
	got := outlineTitles(t, doc)
	want := []string{"Cover", "Summary", "Charts", "Objectives",
		"  O1 Expand into the European market", "  O2 Hire well",
		"Teams", "  Payments", "  Checkout", "  Web",
		"Retrospective notes", "Check-in log"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestOrgPDFGolden: an organisation's PDF is the same bytes on every run
// and equals testdata/org.pdf; run go test ./render/pdf -update to rewrite
// it after a deliberate change, and look at it (pdftoppm -png -r 60).
func TestOrgPDFGolden(t *testing.T) {
	asOf := okr.NewDate(2026, 10, 12)
	got, _ := orgPDF(t, asOf)
	if again, _ := orgPDF(t, asOf); !bytes.Equal(got, again) {
		t.Fatal("two runs differ")
	}
	file := filepath.Join("testdata", "org.pdf")
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the organisation's PDF differs from %s; run go test ./render/pdf -update and look at it", file)
	}
}

// TestTeamsNilSameBytes: empty Teams give the PDF of a site without
// teams.
func TestTeamsNilSameBytes(t *testing.T) {
	site, n := example(t)
	for _, qn := range n.Quarters {
		o := Options{Title: site.Config.Title, Team: site.Config.Team, Generator: "g"}
		a, err := Retrospective(n, qn, o)
		if err != nil {
			t.Fatal(err)
		}
		o.Teams = []Team{}
		b, err := Retrospective(n, qn, o)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.PDF, b.PDF) {
			t.Errorf("%s: empty Teams changed the PDF", qn.Quarter.ID)
		}
	}
}

// TestOrgTeamsPhases: each team's section reads its own quarter's phase:
// progress against the pace while it runs, scores once it is over, a note
// when that is not the organisation's phase; an organisation without key
// results of its own gets no empty chart of them.
func TestOrgTeamsPhases(t *testing.T) {
	for _, tc := range []struct {
		name      string
		asOf      okr.Date
		noOwnKRs  bool
		want, not []string
	}{
		{"all running", okr.NewDate(2026, 8, 20), false,
			[]string{"OKR PROGRESS REPORT", "Key result progress against the expected pace", "Payments progress"},
			[]string{"This team's quarter", "Key result scores"}},
		{"all over", okr.NewDate(2026, 11, 5), false,
			[]string{"Checkout score", "Key result scores"},
			[]string{"This team's quarter", "progress against the expected pace"}},
		{"organisation over, Checkout running", okr.NewDate(2026, 10, 12), false,
			[]string{"This team's quarter has not ended. Progress against"},
			[]string{"This team's quarter has ended"}},
		{"no key results of its own", okr.NewDate(2026, 10, 12), true,
			[]string{"0 key results, 3 teams", "No key results of its own this quarter", "Objective scores"},
			[]string{"Key result scores Objective scores"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := orgSite
			if tc.noOwnKRs {
				files = maps.Clone(orgSite)
				toml := files["okr.toml"]
				files["okr.toml"] = toml[:strings.Index(toml, "\n[[objectives]]\nid = \"O2\"")]
				delete(files, "content/checkins/2026-08-03.md")
			}
			doc, _ := orgFilesPDF(t, files, tc.asOf)
			run(t, doc, "qpdf", "--check", "FILE")
			text := words(run(t, doc, "pdftotext", "-enc", "UTF-8", "FILE", "-"))
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the PDF's text lacks %q", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(text, w) {
					t.Errorf("the PDF's text has %q", w)
				}
			}
		})
	}
}

// TestManyTeams: with many teams, of a page and more and of a few lines,
// every team is in the outline; a team's heading never ends a page; and a
// team that fits on a page is not parted from its chart.
func TestManyTeams(t *testing.T) {
	_, en := example(t)
	_, n := orgPDF(t, okr.NewDate(2026, 10, 12))
	big, small := en.Quarters[0], n.Teams[0].Quarters[0]
	var teams []Team
	for i := range 24 {
		tm := Team{Name: fmt.Sprintf("Team %02d", i+1)}
		switch i % 3 {
		case 0:
			tm.Quarter = big
		case 1:
			tm.Quarter = small
		}
		teams = append(teams, tm)
	}
	res, err := Retrospective(n.Numbers, n.Quarters[0], Options{Title: "Acme", Generator: "g", Teams: teams})
	if err != nil {
		t.Fatal(err)
	}
	doc := res.PDF
	run(t, doc, "qpdf", "--check", "FILE")
	var outline struct {
		Outlines []struct {
			Title string
			Kids  []struct{ Title string }
		}
	}
	if err := json.Unmarshal([]byte(run(t, doc, "qpdf", "--json", "--json-key=outlines", "FILE")), &outline); err != nil {
		t.Fatal(err)
	}
	var kids []string
	for _, o := range outline.Outlines {
		if o.Title == "Teams" {
			for _, k := range o.Kids {
				kids = append(kids, k.Title)
			}
		}
	}
	if len(kids) != len(teams) || kids[0] != "Team 01" || kids[len(kids)-1] != "Team 24" {
		t.Errorf("the outline's teams: %q", kids)
	}
	headings := 0
	for pi, p := range pages(t, doc) {
		for li, l := range p.lines {
			var i int
			if _, err := fmt.Sscanf(l.text, "Team %d", &i); err != nil || l.text != fmt.Sprintf("Team %02d", i) {
				continue // not a heading: a line of the list at a glance has the team's numbers
			}
			headings++
			if li+1 == len(p.lines) || i%3 != 0 && li+2 == len(p.lines) {
				t.Errorf("page %d ends with the heading of %s", pi+1, l.text)
				continue
			}
			if i%3 != 2 {
				continue
			}
			parted := true
			for _, m := range p.lines[li+1:] {
				if strings.HasPrefix(m.text, "dashed line") {
					parted = false
					break
				}
			}
			if parted {
				t.Errorf("page %d: %s is parted from its chart", pi+1, l.text)
			}
		}
	}
	if headings != len(teams) {
		t.Errorf("found %d team headings, want %d", headings, len(teams))
	}
}
