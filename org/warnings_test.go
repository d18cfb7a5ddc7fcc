package org

import (
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
)

func TestWarnings(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"okr.toml": "title = \"O\"\n" + team("a", "teams/a") + rootObjectives,
		// X serves O1; W serves nothing while O has objectives in 2026-Q3;
		// V is in a quarter O does not have: no warning.
		"teams/a/okr.toml": "title = \"A\"\n" +
			"[[objectives]]\nid = \"X\"\nquarter = \"2026-Q3\"\ntitle = \"x\"\naligns_to = \"O1\"\n" +
			"[[objectives]]\nid = \"W\"\nquarter = \"2026-Q3\"\ntitle = \"w\"\n" +
			"[[objectives]]\nid = \"V\"\nquarter = \"2026-Q4\"\ntitle = \"v\"\n",
	})
	tree, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range Warnings(Compute(tree, day(t, "2026-08-15"))) {
		got = append(got, strings.TrimPrefix(w.Error(), dir+"/"))
	}
	want := []string{
		"okr.toml:9: objective O2 of 2026-Q3 has neither key results nor team objectives aligned to it; its progress stays 0",
		"teams/a/okr.toml:7: objective W of 2026-Q3 aligns to nothing; O has objectives in 2026-Q3 (O1, O2): add aligns_to = [\"...\"]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The team built alone: its aligns_to is kept, unchecked, with a
	// warning; nothing else.
	alone, err := Load(dir + "/teams/a")
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, w := range Warnings(Compute(alone, day(t, "2026-08-15"))) {
		got = append(got, strings.TrimPrefix(w.Error(), dir+"/"))
	}
	want = []string{"teams/a/okr.toml:6:1: objective X of 2026-Q3 aligns to 2026-Q3/O1, not checked: this site is built without its parent"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("alone:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
