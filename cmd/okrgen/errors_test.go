package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
)

const baseTOML = `title = "T"
[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Objective"
owner = "Zoë"
  [[objectives.key_results]]
  id = "KR1"
  title = "Metric"
  start = 0
  target = 10
  [[objectives.key_results]]
  id = "KR2"
  title = "Milestone"
  kind = "milestone"
  [[objectives.key_results]]
  id = "KR3"
  title = "Threshold"
  kind = "threshold"
  direction = "at_least"
  target = 99.9
`

// withTOML replaces old by new in baseTOML.
func withTOML(old, new string) map[string]string {
	if !strings.Contains(baseTOML, old) {
		panic("no " + old)
	}
	return map[string]string{"okr.toml": strings.Replace(baseTOML, old, new, 1)}
}

// withCheckIn adds a check-in with the given front matter lines.
func withCheckIn(front string) map[string]string {
	return map[string]string{"okr.toml": baseTOML, "content/checkins/c.md": "+++\n" + front + "+++\nBody.\n"}
}

// TestMalformedInput runs okrgen build on malformed sites: exit status 1,
// and an error naming the file, the line where known, and what is wrong.
func TestMalformedInput(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		where string // file:line[:col] the error starts with
		msg   string
	}{
		{"TOML syntax", withTOML(`title = "Objective"`, `title = "Objective`), "okr.toml:5:", "invalid TOML"},
		{"unknown key, near miss", withTOML(`owner = "Zoë"`, `ownr = "Zoë"`), "okr.toml:6:1", `unknown key "ownr" in [objectives]; did you mean "owner"?`},
		{"unknown top-level table", map[string]string{"okr.toml": "title = \"T\"\n[site]\nname = \"x\"\n"}, "okr.toml:2", `unknown key "site"`},
		{"wrong type", withTOML(`target = 10`, `target = "10"`), "okr.toml:11", `"target": expected a number, got a string`},
		{"missing title", withTOML(`title = "T"`, `team = "T"`), "okr.toml:1", `missing "title"`},
		{"missing objective id", withTOML(`id = "O1"`, `# no id`), "okr.toml:2", `objective without "id"`},
		{"bad objective id", withTOML(`id = "O1"`, `id = "O 1"`), "okr.toml:3:1", `invalid objective id "O 1"`},
		{"missing quarter", withTOML(`quarter = "2026-Q3"`, `# no quarter`), "okr.toml:2", `has no "quarter"`},
		{"bad quarter id", withTOML(`quarter = "2026-Q3"`, `quarter = "Q3-2026"`), "okr.toml:4:1", `invalid quarter "Q3-2026"; expected YYYY-QN`},
		{"quarter 5", withTOML(`quarter = "2026-Q3"`, `quarter = "2026-Q5"`), "okr.toml:4:1", `invalid quarter "2026-Q5"`},
		{"duplicate KR", withTOML(`id = "KR2"`, `id = "KR1"`), "okr.toml:12", `duplicate key result id "KR1"`},
		{"metric without start", withTOML(`start = 0`, ``), "okr.toml:7", `needs numeric "start" and "target"`},
		{"start equals target", withTOML(`target = 10`, `target = 0`), "okr.toml:11:3", `start = target = 0`},
		{"infinite target", withTOML(`target = 10`, `target = -inf`), "okr.toml:11", `finite number`},
		{"NaN start", withTOML(`start = 0`, `start = nan`), "okr.toml:10", `finite number`},
		{"milestone with start", withTOML(`kind = "milestone"`, "kind = \"milestone\"\n  start = 1"), "okr.toml:16:3", `milestone key result O1.KR2 cannot have "start"`},
		{"threshold without direction", withTOML(`direction = "at_least"`, ``), "okr.toml:16", `needs "direction"`},
		{"bad direction", withTOML(`direction = "at_least"`, `direction = "atleast"`), "okr.toml:20:3", `did you mean "at_least"?`},
		{"threshold with start", withTOML(`direction = "at_least"`, "direction = \"at_least\"\n  start = 3"), "okr.toml:21:3", `threshold key result O1.KR3 cannot have "start"`},
		{"zero weight", withTOML(`owner = "Zoë"`, "owner = \"Zoë\"\nweight = 0"), "okr.toml:7:1", `weight 0; expected a positive number`},
		{"negative KR weight", withTOML(`start = 0`, "start = 0\n  weight = -2"), "okr.toml:11:3", `weight -2`},
		{"bad kind", withTOML(`kind = "milestone"`, `kind = "milestones"`), "okr.toml:15:3", `did you mean "milestone"?`},
		{"end before start", map[string]string{"okr.toml": baseTOML + "[quarters.\"2026-Q3\"]\nend = 2026-06-30\n"}, "okr.toml:23:1", `ends on 2026-06-30, before it starts on 2026-07-01`},
		{"bad fiscal month", withTOML(`title = "T"`, "title = \"T\"\nfiscal_year_start_month = 13"), "okr.toml:2:1", `expected a month from 1 to 12`},
		{"unknown KR", withCheckIn("date = 2026-07-14\n[[updates]]\nkr = \"O1.KR9\"\nvalue = 1\n"), "content/checkins/c.md:4:1", `unknown KR "O1.KR9" in 2026-Q3`},
		{"unknown quarter in ref", withCheckIn("date = 2026-07-14\n[[updates]]\nkr = \"2025-Q1/O1.KR1\"\nvalue = 1\n"), "content/checkins/c.md:4:1", `unknown quarter "2025-Q1"`},
		{"value on milestone", withCheckIn("date = 2026-07-14\n[[updates]]\nkr = \"O1.KR2\"\nvalue = 1\n"), "content/checkins/c.md:5:1", `is a milestone: "value" is not allowed`},
		{"done on threshold", withCheckIn("date = 2026-07-14\n[[updates]]\nkr = \"O1.KR3\"\ndone = true\n"), "content/checkins/c.md:5:1", `"done" is only for milestones`},
		{"confidence 11", withCheckIn("date = 2026-07-14\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 1\nconfidence = 11\n"), "content/checkins/c.md:6:1", `confidence is 11; expected an integer from 0 to 10`},
		{"confidence 7.5", withCheckIn("date = 2026-07-14\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 1\nconfidence = 7.5\n"), "content/checkins/c.md:6", `expected an integer from 0 to 10, got a float`},
		{"non-finite value", withCheckIn("date = 2026-07-14\n[[updates]]\nkr = \"O1.KR1\"\nvalue = inf\n"), "content/checkins/c.md:5", `finite number`},
		{"date in no quarter", withCheckIn("date = 2026-12-14\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 1\n"), "content/checkins/c.md:4:1", `date 2026-12-14 is in no quarter`},
		{"missing date", withCheckIn("author = \"A\"\n"), "content/checkins/c.md:2", `without "date"`},
		{"date as text", withCheckIn("date = \"July 14\"\n"), "content/checkins/c.md:2:1", `"date": expected a date such as 2026-07-14, got the string "July 14"`},
		{"update without kr", withCheckIn("date = 2026-07-14\n[[updates]]\nvalue = 1\n"), "content/checkins/c.md:3", `update without "kr"`},
		{"no updates, no body", map[string]string{"okr.toml": baseTOML, "content/checkins/c.md": "+++\ndate = 2026-07-14\n+++\n"}, "content/checkins/c.md:1:1", `neither [[updates]] nor a body`},
		{"YAML front matter", map[string]string{"okr.toml": baseTOML, "content/checkins/c.md": "---\ndate: 2026-07-14\n---\n"}, "content/checkins/c.md:1:1", `use TOML front matter between +++ lines`},
		{"unterminated front matter", map[string]string{"okr.toml": baseTOML, "content/checkins/c.md": "+++\ndate = 2026-07-14\n"}, "content/checkins/c.md:1:1", `front matter is not closed`},
		{"no front matter", map[string]string{"okr.toml": baseTOML, "content/checkins/c.md": "Just text\n"}, "content/checkins/c.md:1:1", `check-in without front matter`},
		{"binary check-in", map[string]string{"okr.toml": baseTOML, "content/checkins/c.md": "+++\ndate = 2026-07-14\n+++\n\x00\x01"}, "content/checkins/c.md:4", `binary file`},
		{"non-UTF-8 okr.toml", withTOML(`title = "Objective"`, "title = \"Obj\xe9ctive\""), "okr.toml:5", `invalid UTF-8`},
		{"duplicate check-in name", map[string]string{"okr.toml": baseTOML, "content/checkins/a/x.md": "+++\ndate = 2026-07-14\n+++\nx\n", "content/checkins/b/x.md": "+++\ndate = 2026-07-14\n+++\nx\n"}, "content/checkins/b/x.md", `check-in name "x" is taken`},
		{"retro for unknown quarter", map[string]string{"okr.toml": baseTOML, "content/retros/2026-Q9.md": "x\n"}, "content/retros/2026-Q9.md", `retrospective for unknown quarter "2026-Q9"`},
		{"page on a reserved path", map[string]string{"okr.toml": baseTOML, "content/quarters.md": "x\n"}, "content/quarters.md", `reserved`},
		{"missing theme", withTOML(`title = "T"`, "title = \"T\"\ntheme = \"dark\""), "okr.toml:2:1", `theme "dark" not found`},
		{"missing pdf_font", withTOML(`title = "T"`, "title = \"T\"\npdf_font = \"x.ttf\""), "okr.toml:2:1", `pdf_font "x.ttf": cannot read`},
		{"huge check-in", map[string]string{"okr.toml": baseTOML, "content/checkins/c.md": "+++\ndate = 2026-07-14\n+++\n" + strings.Repeat("x", 2<<20)}, "content/checkins/c.md:1", `expected at most 1.0 MB`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range tt.files {
				sitetest.WriteFile(t, dir, name, body)
			}
			var out, errb bytes.Buffer
			code := run([]string{"build", "-s", dir, "--as-of", "2026-08-01"}, &out, &errb)
			if code != exitError {
				t.Fatalf("exit status %d, want 1; stderr:\n%s", code, errb.String())
			}
			for _, line := range strings.Split(errb.String(), "\n") {
				line = strings.TrimPrefix(line, filepath.ToSlash(dir)+"/")
				if strings.HasPrefix(line, tt.where) && strings.Contains(line, tt.msg) {
					if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
						t.Error("a failed build wrote public/")
					}
					return
				}
			}
			t.Errorf("no error at %s with %q; stderr:\n%s", tt.where, tt.msg, errb.String())
		})
	}
	if len(tests) < 30 {
		t.Errorf("%d cases; the issue asks for 30 or more", len(tests))
	}
}
