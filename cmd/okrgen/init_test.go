package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
)

// TestTOMLString: every string comes back from TOML as it went in (bytes
// that are not UTF-8 as U+FFFD, which TOML requires).
func TestTOMLString(t *testing.T) {
	for _, s := range []string{
		"", "Backend", `R&D "Core"`, `C:\Teams\new\u00e9`, `\x41 \U0001F600 \e`, "tab\there",
		"line\nbreak\r\n", "nul\x00 bell\x07 del\x7f esc\x1b", "Zoë Ångström 😀", "'single' '''triple'''", `"""`, "\u2028\u0085",
	} {
		var v struct{ S string }
		if _, err := toml.Decode("s = "+tomlString(s)+"\n", &v); err != nil {
			t.Errorf("%q → %s: %v", s, tomlString(s), err)
		} else if v.S != s {
			t.Errorf("%q → %s → %q", s, tomlString(s), v.S)
		}
	}
	var v struct{ S string }
	if _, err := toml.Decode("s = "+tomlString("a\xffb")+"\n", &v); err != nil || v.S != "a\uFFFDb" {
		t.Errorf("not UTF-8: %q, %v", v.S, err)
	}
}

// TestScaffoldQuotesEveryValue: the files init writes parse whatever the
// team's and the user's names hold.
func TestScaffoldQuotesEveryValue(t *testing.T) {
	for _, team := range []string{`R&D "Core"`, `DOMAIN\user`, `back\slash "quote" 'single'`, "Zoë"} {
		files, err := scaffoldFiles(team, siteTitle(team), okr.DateOf(time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		var cfg struct{ Title, Team string }
		if _, err := toml.Decode(string(files["okr.toml"]), &cfg); err != nil {
			t.Errorf("%q: okr.toml: %v", team, err)
		} else if cfg.Team != team || cfg.Title != team+" OKRs" {
			t.Errorf("%q: team %q, title %q", team, cfg.Team, cfg.Title)
		}
	}
}

// TestTitleWords: a person's name of any bytes gives a name on one line,
// in UTF-8, its words capitalised.
func TestTitleWords(t *testing.T) {
	for in, want := range map[string]string{
		"backend-team": "Backend Team",
		"élan_vital":   "Élan Vital",
		"ünïcode":      "Ünïcode",
		"two\nlines":   "Two Lines",
		"bad\xffbyte":  "Bad Byte",
		"ǆemal":        "ǅemal",
		"---":          "",
	} {
		if got := titleWords(in); got != want {
			t.Errorf("titleWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSiteNames: the team and the site's title init derives from a
// folder's name: no doubled "OKRs", acronyms kept, any bytes.
func TestSiteNames(t *testing.T) {
	for _, tc := range []struct{ folder, team, title string }{
		{"payments-okrs", "Payments", "Payments OKRs"},
		{"payments", "Payments", "Payments OKRs"},
		{"platform_team", "Platform Team", "Platform Team OKRs"},
		{"okrs", "", "Our OKRs"},
		{"OKRs", "", "Our OKRs"},
		{"okr", "", "Our OKRs"},
		{"---", "", "Our OKRs"},
		{"okrs-growth", "Growth", "Growth OKRs"},
		{"OKR.Growth.OKRs", "Growth", "Growth OKRs"},
		{"payments-okrs-2026", "Payments 2026", "Payments OKRs 2026"},
		{"my-okrs", "", "My OKRs"},
		{"sre", "SRE", "SRE OKRs"},
		{"api-platform", "API Platform", "API Platform OKRs"},
		{"ml_ai-research", "ML AI Research", "ML AI Research OKRs"},
		{"qa ux ui", "QA UX UI", "QA UX UI OKRs"},
		{"it-hr", "IT HR", "IT HR OKRs"},
		{"r&d-okrs", "R&D", "R&D OKRs"},
		{"Api-Team", "API Team", "API Team OKRs"},
		{"ios-app", "iOS App", "iOS App OKRs"},
		{"GraphQL-gateway", "GraphQL Gateway", "GraphQL Gateway OKRs"},
		{"équipe-données", "Équipe Données", "Équipe Données OKRs"},
		{"команда-api-okrs", "Команда API", "Команда API OKRs"},
		{"データ基盤-okrs", "データ基盤", "データ基盤 OKRs"},
		{"ǆungla", "ǅungla", "ǅungla OKRs"},
		{"bad\xffbyte\nokrs", "Bad Byte", "Bad Byte OKRs"},
	} {
		team, title := siteNames(tc.folder)
		if team != tc.team || title != tc.title {
			t.Errorf("siteNames(%q) = %q, %q; want %q, %q", tc.folder, team, title, tc.team, tc.title)
		}
	}
}

// TestSiteTitle: a --team is kept as given; the title adds "OKRs" unless
// the name has it.
func TestSiteTitle(t *testing.T) {
	for team, want := range map[string]string{
		"Payments":      "Payments OKRs",
		"Payments OKRs": "Payments OKRs",
		"payments okrs": "payments okrs",
		"OKR Guild":     "OKR Guild",
		"Brokers":       "Brokers OKRs",
		`R&D "Core"`:    `R&D "Core" OKRs`,
	} {
		if got := siteTitle(team); got != want {
			t.Errorf("siteTitle(%q) = %q, want %q", team, got, want)
		}
	}
}

// TestInitRefusesControlCharacters: a --team on two lines is a usage error.
func TestInitRefusesControlCharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	var out, errOut bytes.Buffer
	if code := run([]string{"init", dir, "--team", "two\nlines"}, &out, &errOut); code != exitUsage {
		t.Errorf("exit %d, stderr %s", code, errOut.String())
	}
	if !strings.Contains(errOut.String(), `--team "two\nlines" holds a control character`) {
		t.Errorf("stderr: %s", errOut.String())
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s made", dir)
	}
}

// TestScaffoldObjectivePage: the page of the new site's first objective
// tells why it matters, in words of an example, not a template's.
func TestScaffoldObjectivePage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	var out, errOut bytes.Buffer
	if code := run([]string{"init", dir, "--team", "Payments"}, &out, &errOut); code != exitOK {
		t.Fatalf("init: exit %d, stderr %s", code, errOut.String())
	}
	if code := run([]string{"build", "-s", dir, "--no-pdf"}, &out, &errOut); code != exitOK {
		t.Fatalf("build: exit %d, stderr %s", code, errOut.String())
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "public", "quarters", "*", "objectives", "o1", "index.html"))
	if len(pages) != 1 {
		t.Fatalf("objective pages: %v", pages)
	}
	page, err := os.ReadFile(pages[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("Checkout calls the API at every step")) || !bytes.Contains(page, []byte("<em>Fast and dependable</em>")) {
		t.Errorf("%s: no description", pages[0])
	}
	if bytes.Contains(page, []byte("Why this matters")) {
		t.Errorf("%s: template prose", pages[0])
	}
}

// TestScaffoldCheckInSections: each section of the example check-in is
// written, with neither a prompt nor the prose of a template.
func TestScaffoldCheckInSections(t *testing.T) {
	today := okr.NewDate(2026, 8, 3)
	files, err := scaffoldFiles("Payments", "Payments OKRs", today)
	if err != nil {
		t.Fatal(err)
	}
	body := files["content/checkins/2026-08-03-baseline.md"]
	for _, name := range []string{"Progress", "Challenges", "Next steps"} {
		text := okr.Section(body, name)
		if okr.WithoutPrompts(text) != text || len(text) < 80 {
			t.Errorf("section %s: %q", name, text)
		}
		for _, prose := range []string{"What moved since", "What is in the way", "What happens before"} {
			if strings.Contains(text, prose) {
				t.Errorf("section %s holds %q", name, prose)
			}
		}
	}
}

// TestOrgScaffold: the organisation init --org writes, on any day of the
// year, loads with its two teams, and has nothing for okrgen check
// --strict to say: no hygiene warning on any site, no alignment warning
// (SPEC section 9); every objective of the organisation is served by both
// teams.
func TestOrgScaffold(t *testing.T) {
	for _, today := range []okr.Date{okr.NewDate(2026, 1, 1), okr.NewDate(2026, 3, 31), okr.NewDate(2028, 2, 29), okr.DateOf(time.Now())} {
		files, err := orgScaffoldFiles("Acme", "Acme OKRs", today)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		for name, b := range files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		tree, err := org.Load(dir)
		if err != nil {
			t.Fatalf("%s: %v", today, err)
		}
		if ids := strings.Join(tree.IDs(), " "); ids != "payments search" {
			t.Errorf("%s: teams %q", today, ids)
		}
		n := org.Compute(tree, today)
		var ws []*okr.Error
		for _, x := range n.All() {
			ws = append(ws, okr.Hygiene(x.Tree.Site, x.Numbers)...)
		}
		for _, w := range append(ws, org.Warnings(n)...) {
			t.Errorf("%s: %s:%d: warning: %s", today, w.File, w.Line, w.Msg)
		}
		for _, on := range n.Current.Objectives {
			if len(on.Objective.KeyResults) != 0 {
				t.Errorf("%s: %s has key results", today, on.Objective.ID)
			}
			var teams []string
			for _, a := range n.Aligned[on.Objective] {
				teams = append(teams, a.Team.Tree.ID())
			}
			if strings.Join(teams, " ") != "payments search" {
				t.Errorf("%s: %s served by %v, want both teams", today, on.Objective.ID, teams)
			}
		}
		// The workflow checks out submodules; a team's own does not.
		for name, want := range map[string]bool{".github/workflows/pages.yml": true, "teams/payments/.github/workflows/pages.yml": false} {
			wf, err := parseYAML(name, string(files[name]))
			if err != nil {
				t.Fatal(err)
			}
			checkout := wf.get("jobs", "build", "steps").list()[0]
			if checkout.str("uses") != "actions/checkout@v4" || (checkout.str("with", "submodules") == "true") != want {
				t.Errorf("%s: checkout step %q with submodules %q, want submodules %v", name, checkout.str("uses"), checkout.str("with", "submodules"), want)
			}
		}
	}
}
