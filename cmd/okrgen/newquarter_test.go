package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/okrgen/okrgen/okr"
	"github.com/rogpeppe/go-internal/testscript"
)

// hasprefix checks that a file starts with every byte of another:
// hasprefix FILE PREFIX-FILE.
func hasprefix(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: hasprefix FILE PREFIX-FILE")
	}
	got, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	prefix, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	switch ok := bytes.HasPrefix(got, prefix); {
	case ok && neg:
		ts.Fatalf("%s starts with %s", args[0], args[1])
	case !ok && !neg:
		n := 0
		for n < len(got) && n < len(prefix) && got[n] == prefix[n] {
			n++
		}
		ts.Fatalf("%s does not start with %s: they differ at byte %d", args[0], args[1], n)
	}
}

// chop removes the final newline (\n or \r\n) of a file: chop FILE. A
// txtar file always ends with one.
func chop(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 || neg {
		ts.Fatalf("usage: chop FILE")
	}
	b, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	b = bytes.TrimSuffix(b, []byte("\n"))
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), bytes.TrimSuffix(b, []byte("\r")), 0o644))
}

// crlfCmd ends every line of a file with \r\n: crlf FILE.
func crlfCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 || neg {
		ts.Fatalf("usage: crlf FILE")
	}
	b, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")), 0o644))
}

// writeSite writes files (by slash path) into dir.
func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestNewQuarterCarryExample: new quarter --carry on the example site adds
// 2027-Q1 after every byte of okr.toml, keeping its mode; the new quarter
// carries every objective of 2026-Q4 not achieved (graded as the quarter
// ended), each metric key result starting at its final value, with its
// target, without due dates or revisions; and the site passes check and
// builds.
func TestNewQuarterCarryExample(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, copyExample(t))
	cfg := filepath.Join(dir, okr.ConfigFile)
	if err := os.Chmod(cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	before, err := okr.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", "quarter", "-s", dir, "--carry"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("new quarter --carry: exit status %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "added 2027-Q1 (2027-01-01 to 2027-03-31)") {
		t.Errorf("stdout %q, want it to name 2027-Q1 and its dates", stdout.String())
	}
	got, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(got, old) {
		t.Fatal("okr.toml does not start with its old text")
	}
	added := string(got[len(old):])
	for _, s := range []string{"due =", "revisions", "aligns_to"} {
		if strings.Contains(added, s) {
			t.Errorf("the new quarter has %q:\n%s", s, added)
		}
	}
	if fi, err := os.Stat(cfg); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("okr.toml's mode: %v, %v; want 0600 kept", fi.Mode(), err)
	}
	for _, e := range mustReadDir(t, dir) {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("a temporary file was left: %s", e.Name())
		}
	}

	// What should be carried: 2026-Q4's objectives not achieved as the
	// quarter ended (or today, once it did), computed here from the site
	// before.
	q4 := before.Quarters[len(before.Quarters)-1]
	if q4.ID != "2026-Q4" {
		t.Fatalf("the example's latest quarter is %s; the test expects 2026-Q4", q4.ID)
	}
	gradedOn := q4.End.AddDays(1)
	if today := okr.DateOf(time.Now()); today.After(gradedOn) {
		gradedOn = today
	}
	var q4n *okr.QuarterNumbers
	for _, qn := range okr.Compute(before, gradedOn).Quarters {
		if qn.Quarter == q4 {
			q4n = qn
		}
	}
	after, err := okr.Load(dir)
	if err != nil {
		t.Fatalf("the site does not load after new quarter: %v", err)
	}
	var q1 *okr.Quarter
	for _, q := range after.Quarters {
		if q.ID == "2027-Q1" {
			q1 = q
		}
	}
	if q1 == nil || q1.Start != okr.NewDate(2027, 1, 1) || q1.End != okr.NewDate(2027, 3, 31) {
		t.Fatalf("2027-Q1: %+v", q1)
	}
	byID := map[string]*okr.Objective{}
	for _, o := range q1.Objectives {
		byID[o.ID] = o
	}
	carried := 0
	for _, on := range q4n.Objectives {
		o, prev := byID[on.Objective.ID], on.Objective
		if on.Grade == okr.GradeAchieved {
			if o != nil {
				t.Errorf("%s was achieved in 2026-Q4, yet carried", prev.ID)
			}
			continue
		}
		carried++
		if o == nil {
			t.Errorf("%s (%s in 2026-Q4) not carried", prev.ID, on.Grade)
			continue
		}
		if o.CarriedFrom == nil || o.CarriedFromRef() != "2026-Q4/"+prev.ID {
			t.Errorf("%s: carried_from %q, want 2026-Q4/%s", o.ID, o.CarriedFromRef(), prev.ID)
		}
		if o.Title != prev.Title || o.Owner != prev.Owner || o.Kind != prev.Kind || o.Weight != prev.Weight || o.Description != prev.Description {
			t.Errorf("%s: title, owner, kind, weight or description changed:\n%+v\nwas\n%+v", o.ID, o, prev)
		}
		if len(o.KeyResults) != len(on.KeyResults) {
			t.Errorf("%s: %d key results, want %d", o.ID, len(o.KeyResults), len(on.KeyResults))
			continue
		}
		for i, kn := range on.KeyResults {
			kr, was := o.KeyResults[i], kn.KR
			if kr.ID != was.ID || kr.Title != was.Title || kr.Kind != was.Kind || kr.Unit != was.Unit || kr.Owner != was.Owner ||
				kr.Weight != was.Weight || kr.Direction != was.Direction || kr.Data != was.Data {
				t.Errorf("%s: a key was not kept:\n%+v\nwas\n%+v", kr.FullRef(), kr, was)
			}
			if kr.Due != nil || kr.Revisions != nil {
				t.Errorf("%s: due %v, revisions %v; want none", kr.FullRef(), kr.Due, kr.Revisions)
			}
			if !sameNumber(kr.Target, kn.Target) {
				t.Errorf("%s: target %v, want %v", kr.FullRef(), num(kr.Target), num(kn.Target))
			}
			wantStart := was.Start
			if was.Kind == okr.Metric && kn.Current != nil && kn.Progress < 1 {
				wantStart = kn.Current
			}
			if !sameNumber(kr.Start, wantStart) {
				t.Errorf("%s: start %v, want %v (it ended at %v)", kr.FullRef(), num(kr.Start), num(wantStart), num(kn.Current))
			}
		}
	}
	if carried == 0 || carried != len(q1.Objectives) {
		t.Errorf("2027-Q1 has %d objectives, %d carried; want every one carried, at least one", len(q1.Objectives), carried)
	}
	if !strings.Contains(added, "start = 108 ") {
		t.Errorf("O1.KR1 does not start at 108, its value of Nov 17:\n%s", added)
	}

	// check passes, and the site builds.
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"check", "-s", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("check after new quarter: exit status %d\n%s", code, stderr.String())
	}
	if code := run([]string{"build", "-s", dir, "--no-pdf", "--quiet"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("build after new quarter: exit status %d\n%s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "quarters", "2027-q1", "index.html")); err != nil {
		t.Errorf("no page of 2027-Q1: %v", err)
	}

	// Again: 2027-Q2, without carrying, after every byte again.
	stdout.Reset()
	if code := run([]string{"new", "quarter", "-s", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("new quarter: exit status %d\n%s", code, stderr.String())
	}
	again, _ := os.ReadFile(cfg)
	if !bytes.HasPrefix(again, got) || !strings.Contains(string(again[len(got):]), `[quarters."2027-Q2"]`) {
		t.Errorf("the second new quarter did not append 2027-Q2:\n%s", again[len(got):])
	}
	// An ID okr.toml has: refused, okr.toml untouched.
	stderr.Reset()
	if code := run([]string{"new", "quarter", "2027-Q1", "-s", dir}, &stdout, &stderr); code != exitError || !strings.Contains(stderr.String(), "has quarter 2027-Q1 already") {
		t.Errorf("new quarter 2027-Q1 again: exit status %d, stderr %q", code, stderr.String())
	}
	if last, _ := os.ReadFile(cfg); !bytes.Equal(last, again) {
		t.Error("a refused new quarter changed okr.toml")
	}
}

func mustReadDir(t *testing.T, dir string) []os.DirEntry {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func sameNumber(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func num(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestNewQuarterNextID: the quarter after 2026-Q4 is 2027-Q1; none comes
// after 9999-Q4.
func TestNewQuarterNextID(t *testing.T) {
	for id, want := range map[string]string{"2026-Q1": "2026-Q2", "2026-Q3": "2026-Q4", "2026-Q4": "2027-Q1", "0999-Q4": "1000-Q1", "9999-Q4": ""} {
		if got := nextID(id); got != want {
			t.Errorf("nextID(%s) = %q, want %q", id, got, want)
		}
	}
}

// TestNewQuarterServedAtOnce: okrgen new quarter --carry while serve runs:
// the next build serves the new quarter's page, with the objectives
// carried over and linked to where they come from.
func TestNewQuarterServedAtOnce(t *testing.T) {
	l := startServe(t, copyExample(t), "2026-11-23")
	if code, _ := l.get("/quarters/2027-q1/"); code != 404 {
		t.Fatalf("2027-Q1 served before new quarter: %d", code)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"new", "quarter", "--carry", "-s", l.dir}, &out, &errOut); code != 0 {
		t.Fatalf("new quarter: exit %d: %s", code, errOut.String())
	}
	if st := l.change(); len(st.Errors) > 0 {
		t.Fatal(st.Errors)
	}
	code, page := l.get("/quarters/2027-q1/")
	if code != 200 {
		t.Fatalf("2027-Q1 after new quarter: %d", code)
	}
	code, obj := l.get("/quarters/2027-q1/objectives/o1/")
	if code != 200 || !strings.Contains(obj, "carried from") || !strings.Contains(obj, "2026-Q4 O1") {
		t.Errorf("2027-Q1 O1 (%d) does not say where it is carried from:\n%s", code, obj)
	}
	if !strings.Contains(page, "2027-Q1") {
		t.Error("the quarter page does not name 2027-Q1")
	}
}
