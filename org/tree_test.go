package org

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
)

const teamSite = "title = \"T\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"t\"\naligns_to = \"O1\"\n"

const rootObjectives = "[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"a\"\n[[objectives]]\nid = \"O2\"\nquarter = \"2026-Q3\"\ntitle = \"b\"\n"

func team(id, path string) string {
	return "[[teams]]\nid = \"" + id + "\"\npath = \"" + path + "\"\n"
}

// TestLoadErrors: every bad organisation is an error at file:line:col,
// saying what is wrong and what is expected, with every error of a run
// reported.
func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		link  [2]string // a symlink to make: name, target
		want  []string  // the errors, in order
	}{
		{"missing folder", map[string]string{"okr.toml": "title = \"O\"\n" + team("a", "teams/a")},
			[2]string{}, []string{`okr.toml:4:1: team "a": folder teams/a not found; expected the team's site folder`}},
		{"a file", map[string]string{"okr.toml": "title = \"O\"\n" + team("a", "teams/a"), "teams/a": "x"},
			[2]string{}, []string{`okr.toml:4:1: team "a": teams/a is not a folder`}},
		{"no okr.toml", map[string]string{"okr.toml": "title = \"O\"\n" + team("a", "teams/a"), "teams/a/content/x.md": "x"},
			[2]string{}, []string{`okr.toml:4:1: team "a": teams/a has no okr.toml; expected a site folder`}},
		{"empty submodule", map[string]string{"okr.toml": "title = \"O\"\n" + team("a", "teams/a"), "teams/a/.git": "gitdir: ../../.git/modules/a\n"},
			[2]string{}, []string{`okr.toml:4:1: team "a": teams/a is empty; expected a site folder with okr.toml (a git submodule not checked out? run git submodule update --init)`}},
		{"outside", map[string]string{"okr.toml": "title = \"O\"\n" + team("a", "../a") + team("b", "/srv/b") + team("c", "x/../../c")},
			[2]string{}, []string{
				`okr.toml:4:1: team "a": path "../a" leads out of the site; expected a folder inside this site`,
				`okr.toml:7:1: team "b": path "/srv/b" is absolute`,
				`okr.toml:10:1: team "c": path "x/../../c" leads out of the site`}},
		{"symlink", map[string]string{"okr.toml": "title = \"O\"\n" + team("a", "teams/a"), "elsewhere/okr.toml": teamSite},
			[2]string{"teams", "elsewhere"}, []string{`okr.toml:4:1: team "a": teams is a symlink; expected a folder inside the site`}},
		{"duplicates", map[string]string{"okr.toml": "title = \"O\"\n" + team("a", "teams/a") + team("a", "teams/b") + team("c", "teams/a/") + team("Pay_ments", "teams/p"),
			"teams/a/okr.toml": "title = \"A\"\n"},
			[2]string{}, []string{
				`okr.toml:6:1: duplicate team id "a"; first defined at line 2`,
				`okr.toml:10:1: teams "a" and "c" have the same path "teams/a"`,
				`okr.toml:12:1: invalid team id "Pay_ments"; expected lowercase letters, digits and - only`}},
		{"inside content", map[string]string{"okr.toml": "title = \"O\"\n" + team("a", "content/a")},
			[2]string{}, []string{`okr.toml:4:1: team "a": path "content/a" is inside content/, which holds this site's own files`}},
		{"nested paths", map[string]string{"okr.toml": "title = \"O\"\n" + team("a", "teams/a") + team("b", "teams/a/b"),
			"teams/a/okr.toml": "title = \"A\"\n", "teams/a/b/okr.toml": "title = \"B\"\n"},
			[2]string{}, []string{`okr.toml:7:1: team "b": path "teams/a/b" is inside team "a"'s folder "teams/a"`}},
		{"alignment", map[string]string{"okr.toml": "title = \"O\"\n" + team("a", "teams/a") + rootObjectives,
			"teams/a/okr.toml": "title = \"A\"\n[[objectives]]\nid = \"X\"\nquarter = \"2026-Q3\"\ntitle = \"x\"\naligns_to = [\"O1\", \"O9\"]\n" +
				"[[objectives]]\nid = \"Y\"\nquarter = \"2026-Q4\"\ntitle = \"y\"\naligns_to = \"O1\"\n" +
				""},
			[2]string{}, []string{
				`teams/a/okr.toml:6:1: objective X of 2026-Q3 aligns to "2026-Q3/O9", which O does not have in 2026-Q3; its objectives there: O1, O2`,
				`teams/a/okr.toml:11:1: objective Y of 2026-Q4 aligns to "2026-Q4/O1", but O has no quarter 2026-Q4; its quarters: 2026-Q3`}},
		{"alignment across quarters", map[string]string{"okr.toml": "title = \"O\"\n" + team("a", "teams/a") + rootObjectives,
			"teams/a/okr.toml": "title = \"A\"\n[[objectives]]\nid = \"Z\"\nquarter = \"2026-Q3\"\ntitle = \"z\"\naligns_to = [\"2026-Q4/O1\", \"O1\", \"o 1\", \"O1\"]\n"},
			[2]string{}, []string{
				`teams/a/okr.toml:6:1: objective "Z" of 2026-Q3 aligns to "2026-Q4/O1", in another quarter; expected an objective of the parent's 2026-Q3`,
				`teams/a/okr.toml:6:1: objective "Z": invalid aligns_to "o 1"; expected an objective id of the parent site, "O1", or "2026-Q3/O1"`,
				`teams/a/okr.toml:6:1: objective "Z" names "O1" twice in aligns_to`}},
		{"errors in every team", map[string]string{"okr.toml": "title = \"O\"\n" + team("a", "teams/a") + team("b", "teams/b") + team("c", "teams/c") + rootObjectives,
			"teams/a/okr.toml":              teamSite,
			"teams/a/content/checkins/x.md": "+++\ndate = 2026-08-01\n[[updates]]\nkr = \"O1.KR9\"\nvalue = 1\n+++\n",
			"teams/b/okr.toml":              "title = \"B\"\nweight = 1\n",
			"teams/c/okr.toml":              teamSite + "[[objectives]]\nid = \"O2\"\nquarter = \"2026-Q3\"\ntitle = \"t\"\naligns_to = \"O3\"\n",
		}, [2]string{}, []string{
			`teams/a/content/checkins/x.md:4:1: unknown KR "O1.KR9"`,
			`teams/b/okr.toml:2:1: unknown key "weight"`,
			`teams/c/okr.toml:11:1: objective O2 of 2026-Q3 aligns to "2026-Q3/O3", which O does not have in 2026-Q3; its objectives there: O1, O2`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := sitetest.Write(t, tc.files)
			if tc.link[0] != "" {
				if err := os.Symlink(filepath.Join(dir, tc.link[1]), filepath.Join(dir, tc.link[0])); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Load(dir)
			if err == nil {
				t.Fatal("no error")
			}
			got := strings.Split(strings.ReplaceAll(err.Error(), filepath.ToSlash(dir)+"/", ""), "\n")
			if len(got) != len(tc.want) {
				t.Fatalf("got %d errors:\n%s\nwant %d:\n%s", len(got), strings.Join(got, "\n"), len(tc.want), strings.Join(tc.want, "\n"))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("error %d:\n got %s\nwant %s...", i, got[i], w)
				}
			}
		})
	}
}

// TestTeamErrorsNamedFromTheOrganisation: with the organisation's folder
// as the working directory, a team's file is named by its path from it.
func TestTeamErrorsNamedFromTheOrganisation(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{"okr.toml": "title = \"O\"\n" + team("a", "teams/a"), "teams/a/okr.toml": "title = 3\n"})
	t.Chdir(dir)
	_, err := Load(".")
	if err == nil || !strings.HasPrefix(err.Error(), "teams/a/okr.toml:1:") {
		t.Fatalf("got %v; want teams/a/okr.toml:1:...", err)
	}
}

// TestIDsOfTeamsNamedTeams: a team's id path is made of ids, not read back
// from its output folder, where a team called "teams" would vanish.
func TestIDsOfTeamsNamedTeams(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"okr.toml":           "title = \"O\"\n" + team("teams", "t"),
		"t/okr.toml":         "title = \"T\"\n" + team("x", "teams/x"),
		"t/teams/x/okr.toml": "title = \"X\"\n",
	})
	tree, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tree.IDs(), ";"); got != "teams;teams/x" {
		t.Errorf("IDs() = %q; want teams;teams/x", got)
	}
	if tree.Find("teams/x") == nil {
		t.Error(`Find("teams/x") = nil`)
	}
}
