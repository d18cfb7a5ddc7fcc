package okr

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
)

const goodTOML = `title = "T"
[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Objective"
  [[objectives.key_results]]
  id = "KR1"
  title = "Metric"
  start = 0
  target = 10
  [[objectives.key_results]]
  id = "KR2"
  title = "Milestone"
  kind = "milestone"
`

func TestLoadErrors(t *testing.T) {
	ci := func(front string) map[string]string {
		return map[string]string{"okr.toml": goodTOML, "content/checkins/x.md": "+++\n" + front + "+++\nBody\n"}
	}
	tests := []struct {
		name  string
		files map[string]string
		where string // file:line, or file:line:col
		msg   string
	}{
		{"toml syntax", map[string]string{"okr.toml": "title = \"T\"\nteam = \n"}, "okr.toml:2", "invalid TOML"},
		{"unknown top key", map[string]string{"okr.toml": "titel = \"T\"\ntitle = \"x\"\n"}, "okr.toml:1:1", `unknown key "titel"; did you mean "title"?`},
		{"unknown KR key", map[string]string{"okr.toml": strings.Replace(goodTOML, "start = 0", "strat = 0", 1)}, "okr.toml:9:3", `unknown key "strat" in [objectives.key_results]; did you mean "start"?`},
		{"missing title", map[string]string{"okr.toml": "team = \"x\"\n"}, "okr.toml:1", `missing "title"`},
		{"wrong type", map[string]string{"okr.toml": "title = 3\n"}, "okr.toml:1", `"title": expected a string, got an integer`},
		{"bad quarter", map[string]string{"okr.toml": strings.Replace(goodTOML, "2026-Q3", "2026-Q5", 1)}, "okr.toml:4:1", `invalid quarter "2026-Q5"`},
		{"duplicate objective", map[string]string{"okr.toml": goodTOML + "[[objectives]]\nid = \"o1\"\nquarter = \"2026-Q3\"\ntitle = \"again\"\n"}, "okr.toml:15", `duplicate objective in 2026-Q3 id "o1"`},
		{"duplicate KR", map[string]string{"okr.toml": strings.Replace(goodTOML, `id = "KR2"`, `id = "KR1"`, 1)}, "okr.toml:11", `duplicate key result id "KR1"`},
		{"metric without target", map[string]string{"okr.toml": strings.Replace(goodTOML, "target = 10", "", 1)}, "okr.toml:6", `needs numeric "start" and "target"`},
		{"start equals target", map[string]string{"okr.toml": strings.Replace(goodTOML, "target = 10", "target = 0", 1)}, "okr.toml:10:3", "start = target"},
		{"non-finite", map[string]string{"okr.toml": strings.Replace(goodTOML, "target = 10", "target = inf", 1)}, "okr.toml:10", "finite number"},
		{"milestone with target", map[string]string{"okr.toml": goodTOML + "  target = 3\n"}, "okr.toml:15:3", `milestone key result O1.KR2 cannot have "target"`},
		{"negative weight", map[string]string{"okr.toml": strings.Replace(goodTOML, `title = "Objective"`, "title = \"Objective\"\nweight = -1", 1)}, "okr.toml:6:1", "weight -1; expected a positive number"},
		{"end before start", map[string]string{"okr.toml": goodTOML + "[quarters.\"2026-Q3\"]\nstart = 2026-07-01\nend = 2026-06-01\n"}, "okr.toml:17:1", "ends on 2026-06-01, before it starts"},
		{"bad kind", map[string]string{"okr.toml": strings.Replace(goodTOML, `kind = "milestone"`, `kind = "milestones"`, 1)}, "okr.toml:14:3", `did you mean "milestone"?`},
		{"missing config", map[string]string{"content/x.md": "x"}, "okr.toml", "not found"},
		{"unknown KR", ci("date = 2026-07-14\n[[updates]]\nkr = \"O1.KR9\"\nvalue = 1\n"), "content/checkins/x.md:4:1", `known: O1.KR1, O1.KR2`},
		{"value on milestone", ci("date = 2026-07-14\n[[updates]]\nkr = \"O1.KR2\"\nvalue = 1\n"), "content/checkins/x.md:5:1", "milestone"},
		{"done on metric", ci("date = 2026-07-14\n[[updates]]\nkr = \"O1.KR1\"\ndone = true\n"), "content/checkins/x.md:5:1", `"done" is only for milestones`},
		{"confidence range", ci("date = 2026-07-14\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 1\nconfidence = 11\n"), "content/checkins/x.md:6", "from 0 to 10"},
		{"date in no quarter", ci("date = 2027-01-14\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 1\n"), "content/checkins/x.md:4:1", "in no quarter"},
		{"missing date", ci("author = \"x\"\n"), "content/checkins/x.md:2", `without "date"`},
		{"bad date", ci("date = \"14 July\"\n"), "content/checkins/x.md:2", `expected a date such as 2026-07-14, got the string "14 July"`},
		{"quoted date", ci("date = \"2026-07-14\"\n"), "content/checkins/x.md:2", "expected a TOML date, unquoted: date = 2026-07-14"},
		{"date-time", ci("date = 2026-07-14T10:00:00Z\n"), "content/checkins/x.md:2", "got a date-time"},
		{"empty quarter", map[string]string{"okr.toml": strings.Replace(goodTOML, `quarter = "2026-Q3"`, `quarter = ""`, 1)}, "okr.toml:4:1", `empty "quarter"`},
		{"empty kr", ci("date = 2026-07-14\n[[updates]]\nkr = \"\"\nvalue = 1\n"), "content/checkins/x.md:4:1", `empty "kr"`},
		{"huge number", map[string]string{"okr.toml": strings.Replace(goodTOML, "target = 10", "target = 1e300", 1)}, "okr.toml:10", "at most 1e+15"},
		{"yaml", map[string]string{"okr.toml": goodTOML, "content/checkins/x.md": "---\ndate: 2026-07-14\n---\n"}, "content/checkins/x.md:1:1", "use TOML front matter between +++ lines"},
		{"unterminated", map[string]string{"okr.toml": goodTOML, "content/checkins/x.md": "+++\ndate = 2026-07-14\n"}, "content/checkins/x.md:1:1", "not closed"},
		{"front matter syntax", ci("date = 2026-07-14\nauthor = \"x\n"), "content/checkins/x.md:3", "invalid TOML"},
		{"unknown check-in key", ci("date = 2026-07-14\nauthr = \"x\"\n"), "content/checkins/x.md:3:1", `did you mean "author"?`},
		{"binary", map[string]string{"okr.toml": goodTOML, "content/checkins/x.md": "+++\x00"}, "content/checkins/x.md", "binary file"},
		{"non-UTF-8", map[string]string{"okr.toml": goodTOML, "content/checkins/x.md": "+++\ndate = 2026-07-14\n+++\n\xff\n"}, "content/checkins/x.md:4", "UTF-8"},
		{"retro for unknown quarter", map[string]string{"okr.toml": goodTOML, "content/retros/2026-Q1.md": "# x\n"}, "content/retros/2026-Q1.md", "unknown quarter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sitetest.Write(t, tt.files)
			_, err := Load(dir)
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Load: %v, want an ErrorList", err)
			}
			for _, e := range list {
				got := e.Error()
				got = strings.TrimPrefix(got, dir+"/")
				if strings.HasPrefix(got, tt.where+":") && strings.Contains(got, tt.msg) {
					return
				}
			}
			t.Errorf("no error at %s with %q; got:\n%v", tt.where, tt.msg, err)
		})
	}
}

func TestAllErrorsReported(t *testing.T) {
	files := map[string]string{
		"okr.toml":              goodTOML,
		"content/checkins/a.md": "+++\ndate = 2026-07-14\n[[updates]]\nkr = \"O1.KR8\"\nvalue = 1\n+++\n",
		"content/checkins/b.md": "+++\ndate = 2026-07-14\n[[updates]]\nkr = \"O1.KR9\"\nvalue = 1\n+++\n",
	}
	_, err := Load(sitetest.Write(t, files))
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("want 2 errors, got %v", err)
	}
	if !strings.Contains(list[0].File, "a.md") || !strings.Contains(list[1].File, "b.md") {
		t.Errorf("errors not sorted by file: %v", err)
	}
}

func TestPagesAndRetros(t *testing.T) {
	site := mustLoad(t, map[string]string{
		"okr.toml":                  goodTOML,
		"content/planning.md":       "+++\ntitle = \"How we plan\"\n+++\n# Plan\n",
		"content/team/people.md":    "Who we are.\n",
		"content/retros/2026-Q3.md": "## Went well\n",
	})
	if len(site.Pages) != 2 || site.Pages[0].Slug != "planning" || site.Pages[0].Title != "How we plan" || site.Pages[1].Slug != "team/people" || site.Pages[1].Title != "People" {
		t.Errorf("pages = %+v", site.Pages)
	}
	if site.Quarters[0].Retro == nil || string(site.Quarters[0].Retro.Body) != "## Went well\n" {
		t.Errorf("retro not attached")
	}
}

func TestLinksAndLoops(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"okr.toml":              goodTOML,
		"content/checkins/a.md": "+++\ndate = 2026-07-14\n+++\nA\n",
		"content/drafts/b.txt":  "+++\ndate = 2026-07-15\n+++\nB\n",
	})
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skip(err)
		}
	}
	link("../drafts/b.txt", "content/checkins/b.md") // a link to a file in content/: read
	site, err := Load(dir)
	if err != nil || len(site.CheckIns) != 2 {
		t.Fatalf("linked check-in: %v", err)
	}
	link("loop.md", "content/checkins/loop.md")      // a link to itself
	link("../../content", "content/checkins/circle") // a link to a folder above
	_, err = Load(dir)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 1 || !strings.Contains(list[0].File, "loop.md") || !strings.Contains(list[0].Msg, "links to loop.md in a loop of links") {
		t.Errorf("loop: %v", err)
	}
}

// TestLoaderReuses: a Loader parses again only what changed, and its sites
// are the same as fresh loads.
func TestLoaderReuses(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"okr.toml":                  goodTOML,
		"content/checkins/a.md":     "+++\ndate = 2026-07-14\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 1\n+++\nA\n",
		"content/checkins/b.md":     "+++\ndate = 2026-07-15\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 2\n+++\nB\n",
		"content/retros/2026-Q3.md": "Notes\n",
	})
	var ld Loader
	first, err := ld.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/checkins/b.md", "+++\ndate = 2026-07-15\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 7\n+++\nB, edited\n")
	second, err := ld.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if second.CheckIns[0] != first.CheckIns[0] {
		t.Error("an unchanged check-in was parsed again")
	}
	if *second.CheckIns[1].Updates[0].Value != 7 || second.Quarters[0].Retro == nil {
		t.Error("the edited check-in was not read again, or the retro lost")
	}
	fresh, _ := Load(dir)
	if a, b := Compute(second, NewDate(2026, 8, 1)), Compute(fresh, NewDate(2026, 8, 1)); a.Quarters[0].Progress != b.Quarters[0].Progress {
		t.Errorf("cached load computes %v, fresh %v", a.Quarters[0].Progress, b.Quarters[0].Progress)
	}
	// A new okr.toml: everything is resolved again, against new objects.
	write("okr.toml", strings.Replace(goodTOML, "target = 10", "target = 20", 1))
	third, err := ld.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if third.CheckIns[0] == first.CheckIns[0] || third.CheckIns[0].Updates[0].KR != third.Quarters[0].Objectives[0].KeyResults[0] {
		t.Error("check-ins not resolved against the new definitions")
	}
	// A broken check-in is reported every time, and a deleted one is gone.
	write("content/checkins/a.md", "+++\ndate = nope\n+++\n")
	for i := 0; i < 2; i++ {
		if _, err := ld.Load(dir); err == nil {
			t.Fatal("broken check-in loaded")
		}
	}
	os.Remove(filepath.Join(dir, "content/checkins/a.md"))
	if site, err := ld.Load(dir); err != nil || len(site.CheckIns) != 1 {
		t.Errorf("after a delete: %v", err)
	}
}
