package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/okr"
)

// TestReadmeFiles: the okr.toml, check-in and data file the README shows
// under "Files" and "Data from monitoring" make a site that loads, with
// the keys of SPEC section 10 doing what the README says: the blocker
// set, the deadline read, the rows counted.
func TestReadmeFiles(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	block := func(lang string) string {
		t.Helper()
		m := regexp.MustCompile("(?s)\n```"+lang+"\n(.*?)```").FindAllStringSubmatch(string(b), -1)
		if len(m) == 0 {
			t.Fatalf("README.md: no ```%s block", lang)
		}
		return m[0][1]
	}
	cfg, checkin, csv := block("toml"), block("markdown"), block("csv")
	data := regexp.MustCompile(`(?m)^\s*data = "([^"]+)"`).FindStringSubmatch(cfg)
	if data == nil {
		t.Fatal(`README.md: the okr.toml shows no data = "..."`)
	}
	dir := t.TempDir()
	for name, text := range map[string]string{
		"okr.toml": cfg, "content/checkins/2026-07-14-week-2.md": checkin, data[1]: csv,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, err := okr.Load(dir)
	if err != nil {
		t.Fatalf("README.md's files do not load: %v", err)
	}
	if site.Config.CheckinEvery != 14 {
		t.Errorf("checkin_every_days = %d, want the README's 14", site.Config.CheckinEvery)
	}
	var got []string
	for _, qn := range okr.Compute(site, okr.NewDate(2026, 7, 31)).Quarters {
		for _, on := range qn.Objectives {
			for _, kn := range on.KeyResults {
				if kn.Blocker != nil {
					got = append(got, kn.KR.Ref()+" blocked")
				}
				if kn.Due != nil {
					got = append(got, kn.KR.Ref()+" due "+kn.Due.String())
				}
				for _, u := range kn.History {
					if u.FromData() {
						got = append(got, kn.KR.Ref()+" row "+u.Date.String())
					}
				}
			}
		}
	}
	want := "O1.KR2 blocked, O1.KR2 due 2026-08-31, O1.KR3 row 2026-07-21, O1.KR3 row 2026-07-22"
	if strings.Join(got, ", ") != want {
		t.Errorf("README.md's site:\n got %s\nwant %s", strings.Join(got, ", "), want)
	}
}
