package examples

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
)

var update = flag.Bool("update", false, "refresh acme/teams/backend from the repository's example site")

const (
	root    = ".."                 // the repository's example site
	backend = "acme/teams/backend" // its copy, a team of the example organisation
)

// The folders copied as they are.
var copied = []string{"content", "data"}

// alignsTo is a line of okr.toml that aligns an objective: the one line
// the copy's okr.toml adds to the root's.
var alignsTo = regexp.MustCompile(`^aligns_to\s*=`)

// TestBackendCopy: acme/teams/backend is the repository's example site
// with aligns_to on its objectives: the same content/ and data/, and an
// okr.toml equal to the root's apart from its aligns_to lines. go test
// ./examples -update copies the root's files again, keeping each aligns_to
// line after the line of its objective it follows.
func TestBackendCopy(t *testing.T) {
	if *update {
		refresh(t)
	}
	for _, dir := range copied {
		want, got := files(t, filepath.Join(root, dir)), files(t, filepath.Join(backend, dir))
		for name, b := range want {
			if g, ok := got[name]; !ok {
				t.Errorf("%s/%s/%s is missing; go test ./examples -update copies it", backend, dir, name)
			} else if !bytes.Equal(g, b) {
				t.Errorf("%s/%s/%s differs from %s/%s; go test ./examples -update copies it", backend, dir, name, dir, name)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("%s/%s/%s is not in the example site; go test ./examples -update removes it", backend, dir, name)
			}
		}
	}
	want := read(t, filepath.Join(root, okr.ConfigFile))
	got := read(t, filepath.Join(backend, okr.ConfigFile))
	if without := withoutAlignsTo(got); !bytes.Equal(without, want) {
		t.Errorf("%s/okr.toml without its aligns_to lines differs from okr.toml; go test ./examples -update copies it", backend)
	}
	if !bytes.Contains(got, []byte("\naligns_to = ")) {
		t.Errorf("%s/okr.toml aligns no objective", backend)
	}
}

// refresh copies the root's content/ and data/ into the copy, replacing
// what was there, and its okr.toml with the copy's aligns_to lines.
func refresh(t *testing.T) {
	t.Helper()
	for _, dir := range copied {
		dest := filepath.Join(backend, dir)
		if err := os.RemoveAll(dest); err != nil {
			t.Fatal(err)
		}
		for name, b := range files(t, filepath.Join(root, dir)) {
			p := filepath.Join(dest, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	cfg := filepath.Join(backend, okr.ConfigFile)
	b := withAlignsToOf(read(t, filepath.Join(root, okr.ConfigFile)), read(t, cfg))
	if err := os.WriteFile(cfg, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// files returns the files under dir by their slash path from it.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withoutAlignsTo returns an okr.toml without its aligns_to lines.
func withoutAlignsTo(cfg []byte) []byte {
	var out []string
	for _, l := range strings.Split(string(cfg), "\n") {
		if !alignsTo.MatchString(l) {
			out = append(out, l)
		}
	}
	return []byte(strings.Join(out, "\n"))
}

// objectiveKeys calls f with each line of an okr.toml and the objective
// it is in, as "quarter/id" so far as the lines before it tell ("" before
// the first [[objectives]]).
func objectiveKeys(cfg []byte, f func(line, key string)) {
	var id, quarter string
	value := func(l, key string) (string, bool) {
		v, ok := strings.CutPrefix(l, key)
		if !ok {
			return "", false
		}
		v, _, _ = strings.Cut(v, "#")
		return strings.Trim(strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(v), "=")), `"`), true
	}
	for _, l := range strings.Split(string(cfg), "\n") {
		switch {
		case strings.TrimSpace(l) == "[[objectives]]":
			id, quarter = "", ""
		case strings.HasPrefix(l, "id ") || strings.HasPrefix(l, "id="):
			id, _ = value(l, "id")
		case strings.HasPrefix(l, "quarter ") || strings.HasPrefix(l, "quarter="):
			quarter, _ = value(l, "quarter")
		}
		key := ""
		if id != "" {
			key = quarter + "/" + id
		}
		f(l, key)
	}
}

// withAlignsToOf returns the okr.toml cfg with the aligns_to lines of the
// okr.toml aligned, each after the line it follows in aligned within the
// same objective.
func withAlignsToOf(cfg, aligned []byte) []byte {
	type at struct{ key, after string }
	lines := map[at][]string{}
	prev := ""
	objectiveKeys(aligned, func(l, key string) {
		if alignsTo.MatchString(l) {
			lines[at{key, prev}] = append(lines[at{key, prev}], l)
			return // several in a row follow the same line
		}
		prev = l
	})
	var out []string
	objectiveKeys(cfg, func(l, key string) {
		out = append(out, l)
		if ls, ok := lines[at{key, l}]; ok && key != "" {
			out = append(out, ls...)
			delete(lines, at{key, l})
		}
	})
	return []byte(strings.Join(out, "\n"))
}

// TestWithAlignsTo: -update keeps each aligns_to line in its objective,
// after the same line, however the root's okr.toml changed around it.
func TestWithAlignsTo(t *testing.T) {
	aligned := "title = \"T\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\naligns_to = \"O2\"\ntitle = \"A\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q4\"\naligns_to = [\"O1\", \"O3\"]\ntitle = \"B\"\n"
	cfg := "title = \"T2\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"A, renamed\"\n[[objectives]]\nid = \"O2\"\nquarter = \"2026-Q3\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q4\"\ntitle = \"B\"\n"
	want := "title = \"T2\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\naligns_to = \"O2\"\ntitle = \"A, renamed\"\n[[objectives]]\nid = \"O2\"\nquarter = \"2026-Q3\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q4\"\naligns_to = [\"O1\", \"O3\"]\ntitle = \"B\"\n"
	if got := string(withAlignsToOf([]byte(cfg), []byte(aligned))); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := string(withoutAlignsTo([]byte(want))); got != cfg {
		t.Errorf("without: got\n%s\nwant\n%s", got, cfg)
	}
}

// asOf is the day the example organisation is checked on, as the
// repository's example is (cmd/okrgen/testdata/script/example.txtar).
var asOf = okr.NewDate(2026, 11, 23)

// TestAcme: the example organisation loads, every team objective serves
// one of the organisation's, every objective of the organisation is
// served by a team (the shared O1 by both), and okrgen check has nothing
// to say but the two key results the backend team let go stale in
// 2026-Q4, as the repository's example site has.
func TestAcme(t *testing.T) {
	tree, err := org.Load("acme")
	if err != nil {
		t.Fatal(err)
	}
	if ids := tree.IDs(); !slices.Equal(ids, []string{"backend", "payments"}) {
		t.Fatalf("teams %v", ids)
	}
	n := org.Compute(tree, asOf)
	for _, w := range org.Warnings(n) {
		t.Errorf("%s:%d: warning: %s", w.File, w.Line, w.Msg)
	}
	var hygiene []string
	for _, x := range n.All() {
		for _, w := range okr.Hygiene(x.Tree.Site, x.Numbers) {
			hygiene = append(hygiene, w.File+": "+w.Msg)
		}
	}
	want := []string{
		"acme/teams/backend/okr.toml: key result O2.KR2 of 2026-Q4 is stale: no update since 2026-11-03 (stale after 14 days)",
		"acme/teams/backend/okr.toml: key result O2.KR3 of 2026-Q4 is stale: no update since 2026-10-20 (stale after 14 days)",
	}
	if !slices.Equal(hygiene, want) {
		t.Errorf("okrgen check's warnings:\n%s\nwant\n%s", strings.Join(hygiene, "\n"), strings.Join(want, "\n"))
	}
	for _, qn := range n.Quarters {
		for _, on := range qn.Objectives {
			var teams []string
			for _, a := range n.Aligned[on.Objective] {
				teams = append(teams, a.Team.Tree.ID())
			}
			teams = slices.Compact(teams)
			want := []string{"backend", "payments"}
			if !slices.Equal(teams, want) {
				t.Errorf("%s/%s is served by %v, want %v", qn.Quarter.ID, on.Objective.ID, teams, want)
			}
			// SPEC section 9: the weighted mean of the clamped progress
			// of the objectives aligned to it.
			var sum, weights float64
			for _, a := range n.Aligned[on.Objective] {
				w := a.Objective.Objective.Weight
				sum += w * min(max(a.Objective.Progress, 0), 1)
				weights += w
			}
			if got := on.Progress; math.Abs(got-sum/weights) > 1e-9 {
				t.Errorf("%s/%s: progress %v, want %v", qn.Quarter.ID, on.Objective.ID, got, sum/weights)
			}
		}
	}
	if s := fmt.Sprint(len(n.Quarters)); s != "2" {
		t.Errorf("%s quarters, want 2", s)
	}
}
