package okr

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tomltest "github.com/toml-lang/toml-test"
)

// fullTOML is the full path: BurntSushi/toml's values and scanTOML's
// places.
func fullTOML(src []byte, lineOffset int) (map[string]any, *tomlLines, *Error) {
	var m map[string]any
	if err := decodeTOML("x.md", src, lineOffset, &m); err != nil {
		return nil, nil, err
	}
	return m, scanTOML(src, lineOffset), nil
}

// normalTimes replaces the times in v by text: fastTOML's dates have a
// location of their own, of the same name and offset as BurntSushi's.
func normalTimes(v any) any {
	switch v := v.(type) {
	case time.Time:
		_, off := v.Zone()
		return fmt.Sprintf("time %s %s %d", v.Format(time.RFC3339Nano), v.Location(), off)
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			out[k] = normalTimes(x)
		}
		return out
	case []map[string]any:
		out := []map[string]any{}
		for _, x := range v {
			out = append(out, normalTimes(x).(map[string]any))
		}
		return out
	case []any:
		out := []any{}
		for _, x := range v {
			out = append(out, normalTimes(x))
		}
		return out
	}
	return v
}

// checkFast checks that fastTOML, when it takes src, gives what the full
// path does. It reports whether fastTOML took it.
func checkFast(t *testing.T, src []byte) bool {
	t.Helper()
	const lineOffset = 1
	if !utf8.Valid(src) {
		return false // parseTable leaves it to the full path
	}
	m, lines, ok := fastTOML(src, lineOffset)
	if !ok {
		return false
	}
	wantM, wantLines, err := fullTOML(src, lineOffset)
	if err != nil {
		t.Fatalf("fast path took %q, which the full path rejects: %v", src, err)
	}
	if !reflect.DeepEqual(normalTimes(m), normalTimes(wantM)) {
		t.Fatalf("fast path decoded %q as\n%#v\nwant\n%#v", src, m, wantM)
	}
	if !reflect.DeepEqual(lines, wantLines) {
		t.Fatalf("fast path placed %q differently from scanTOML", src)
	}
	return true
}

// TestFastTOMLExamples: the example site's check-ins and the common
// shapes take the fast path; what it does not fully understand does not,
// and what it takes it decodes as the full path does.
func TestFastTOMLExamples(t *testing.T) {
	files, _ := filepath.Glob("../content/checkins/*.md")
	if len(files) == 0 {
		t.Fatal("no example check-ins")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fm, _, _, _, has, _ := splitFrontMatter(src)
		if !has || !checkFast(t, fm) {
			t.Errorf("%s: front matter does not take the fast path", f)
		}
	}
	for _, tc := range []struct {
		src  string
		fast bool
	}{
		{"", true},
		{"\n\n# c\n", true},
		{"date = 2025-10-29\nauthor = \"A\"\ntitle = \"T\"\n\n[[updates]]\nkr = \"O1.KR3\"\nvalue = 152\nconfidence = 4\nnote = \"n\"\n", true},
		{"a = 1.5\nb = -0\nc = +7\nd = true\ne = false\nf = 'lit'\ng = \"q\\\"\\\\\\t\\n\" # c\r\n", true},
		{"[x]\na = 1\n[[y]]\n[[y]]\nb = 2\n", true},
		{"  \tdate = 2026-02-28   # note\n", true},
		{"a = \"ü — 😀\"\n", true},
		{"a = \"\\u00e9\"\n", false},
		{"a = \"\"\n", false},
		{"a = ''\n", false},
		{"a = \"\"\"x\"\"\"\n", false},
		{"a.b = 1\n", false},
		{"\"a\" = 1\n", false},
		{"a = 1\na = 2\n", false},
		{"[x]\n[x]\n", false},
		{"x = 1\n[x]\n", false},
		{"[x]\n[[x]]\n", false},
		{"[[x]]\n[x]\n", false},
		{"[ x ]\n", false},
		{"[x.y]\n", false},
		{"a = 1_000\n", false},
		{"a = 0x10\n", false},
		{"a = 01\n", false},
		{"a = 1e5\n", false},
		{"a = 1.\n", false},
		{"a = .5\n", false},
		{"a = inf\n", false},
		{"a = nan\n", false},
		{"a = 2026-02-30\n", false},
		{"a = 2026-07-14T10:00:00\n", false},
		{"a = 2026-07-14 10:00:00\n", false},
		{"a = 10:00:00\n", false},
		{"a = [1, 2]\n", false},
		{"a = {b = 1}\n", false},
		{"a = 1\rb = 2\n", false},
		{"a = 1 # \x01\n", false},
		{"a = \"\x7f\"\n", false},
		{"a = 1 b\n", false},
		{"a = 99999999999999999999\n", false},
		{"1 = 2\n", false},
		{"a =\n", false},
		{"a\n", false},
	} {
		if got := checkFast(t, []byte(tc.src)); got != tc.fast {
			t.Errorf("fastTOML(%q) took it: %v, want %v", tc.src, got, tc.fast)
		}
	}
}

// TestFastTOMLSuite: fastTOML takes no document of toml-test's invalid
// suite (but those of invalid UTF-8, which parseTable does not give it), and decodes those of its valid suite that it takes as the full
// path does.
func TestFastTOMLSuite(t *testing.T) {
	fsys := tomltest.EmbeddedTests()
	var valid, took int
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".toml") {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if strings.HasPrefix(p, "invalid/") {
			if _, _, ok := fastTOML(src, 0); ok && utf8.Valid(src) {
				t.Errorf("%s: the fast path takes an invalid document: %q", p, src)
			}
			return nil
		}
		valid++
		if checkFast(t, src) {
			took++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the fast path took %d of %d valid documents", took, valid)
	if valid < 100 || took < 10 {
		t.Fatalf("%d valid documents, %d taken by the fast path: the suite was not read", valid, took)
	}
}

// genFrontMatter writes a random front matter: mostly of the common
// shape, with now and then something of TOML the fast path leaves to the
// full one, or that is not TOML.
func genFrontMatter(rng *rand.Rand) []byte {
	var b bytes.Buffer
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	keys := []string{"date", "author", "title", "kr", "value", "confidence", "note", "done", "blocker", "x-1", "_k", "K9", "a.b", `"q"`, "'l'", "1", "-", "true", "é"}
	values := []string{
		"2025-10-29", "2026-02-29", "2024-02-29", "2025-13-01", "2025-1-01", "0001-01-01", "9999-12-31", "2025-10-29T10:00:00", "2025-10-29 10:00:00", "2025-10-29T10:00:00Z", "10:00:00",
		`"Author 22"`, `""`, `"a\"b"`, `"tab\there"`, `"\\"`, `"\u00e9"`, `"\e"`, `"\x41"`, `"ü"`, "\"a\tb\"", "\"a\x01b\"", `"unclosed`, `"""multi"""`, `'lit'`, `''`, `'''x'''`, `'it''s'`,
		"152", "0", "-0", "+0", "+5", "-17", "007", "1_000", "0x1F", "0o7", "0b1", "9223372036854775807", "9223372036854775808", "123456789012345678",
		"1.5", "-0.0", "+0.25", "99.995", "1.", ".5", "1e5", "1.5e-3", "1.5E+3", "inf", "-nan", "1.2.3", "00.5",
		"true", "false", "True", "tru", "truex",
		"[1, 2]", "[]", "{a = 1}", "{}", "",
	}
	for n := rng.IntN(12); n > 0; n-- {
		switch rng.IntN(10) {
		case 0:
			b.WriteString(pick("[[updates]]", "[updates]", "[[ updates ]]", "[x]", "[[x]]", "[x.y]", "[[updates]] # c", "[\"q\"]", "[[updates]"))
		case 1:
			b.WriteString(pick("", "# comment", "  # c", "\t", "# \x01", "#ü"))
		default:
			b.WriteString(pick("", "", "", " ", "\t"))
			b.WriteString(pick(keys...))
			b.WriteString(pick(" = ", "=", " =  ", "\t=\t", " "))
			b.WriteString(pick(values...))
			b.WriteString(pick("", "", "", " ", " # c", "#c", " x", ",", "\r"))
		}
		b.WriteString(pick("\n", "\n", "\n", "\r\n", "\n\n"))
	}
	return b.Bytes()
}

// mutate changes a few bytes of src.
func mutate(rng *rand.Rand, src []byte) []byte {
	const alphabet = " \t\r\n#=[]\"'\\.,-+_:0123456789eETZadefilnrtux{}\x00\x7f\xc3\xa9"
	out := bytes.Clone(src)
	for n := 1 + rng.IntN(3); n > 0; n-- {
		c := alphabet[rng.IntN(len(alphabet))]
		i := 0
		if len(out) > 0 {
			i = rng.IntN(len(out) + 1)
		}
		switch op := rng.IntN(3); {
		case op == 0 || len(out) == 0:
			out = append(out[:i], append([]byte{c}, out[i:]...)...)
		case op == 1 && i < len(out):
			out = append(out[:i], out[i+1:]...)
		case i < len(out):
			out[i] = c
		}
	}
	return out
}

// TestFastTOMLRandom compares the fast and the full path on generated
// front matter and on mutations of it and of the example check-ins'.
func TestFastTOMLRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2026))
	var seeds [][]byte
	files, _ := filepath.Glob("../content/checkins/*.md")
	for _, f := range files {
		src, _ := os.ReadFile(f)
		if fm, _, _, _, has, _ := splitFrontMatter(src); has {
			seeds = append(seeds, fm)
		}
	}
	n := 20000
	if testing.Short() {
		n = 2000
	}
	var took, mutatedTook int
	for i := 0; i < n; i++ {
		src := genFrontMatter(rng)
		if checkFast(t, src) {
			took++
		}
		if rng.IntN(2) == 0 && len(seeds) > 0 {
			src = seeds[rng.IntN(len(seeds))]
		}
		if checkFast(t, mutate(rng, src)) {
			mutatedTook++
		}
	}
	t.Logf("the fast path took %d of %d generated documents and %d mutated ones", took, n, mutatedTook)
	if took < n/50 || mutatedTook < n/50 {
		t.Fatalf("the fast path took %d of %d generated documents and %d mutated ones: too few to compare", took, n, mutatedTook)
	}
}

// FuzzFastTOML compares the fast and the full path on any document.
func FuzzFastTOML(f *testing.F) {
	files, _ := filepath.Glob("../content/checkins/*.md")
	for _, file := range files {
		src, _ := os.ReadFile(file)
		if fm, _, _, _, has, _ := splitFrontMatter(src); has {
			f.Add(fm)
		}
	}
	f.Add([]byte("a = \"x\\ty\"\n[x]\nb = 1.5\n[[y]]\nc = 2026-07-14 # c\r\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 4096 {
			return
		}
		checkFast(t, src)
	})
}
