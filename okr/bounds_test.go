package okr

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/okrgen/okrgen/internal/cputime"
	"github.com/okrgen/okrgen/internal/sitetest"
	"golang.org/x/image/font/gofont/goregular"
)

// wantError loads a site made of files and fails unless one of its errors
// is at where (file:line or file:line:col, followed by ": ") and contains
// msg.
func wantError(t *testing.T, files map[string]string, where, msg string) {
	t.Helper()
	dir := sitetest.Write(t, files)
	_, err := Load(dir)
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load: %v, want an error at %s with %q", err, where, msg)
	}
	for _, e := range list {
		got := strings.TrimPrefix(e.Error(), dir+"/")
		if strings.HasPrefix(got, where+": ") && strings.Contains(got, msg) {
			return
		}
	}
	t.Errorf("no error at %s with %q; got:\n%v", where, msg, err)
}

// withKey adds a top-level key line to goodTOML, after its title (line 2).
func withKey(line string) string {
	return strings.Replace(goodTOML, "title = \"T\"\n", "title = \"T\"\n"+line+"\n", 1)
}

func TestPDFFontChecked(t *testing.T) {
	otto := "OTTO\x00\x09\x00\x80\x00\x03\x00\x10" + strings.Repeat("\x00", 200)
	tests := []struct {
		name, font, msg string
	}{
		{"OpenType CFF", otto, "is an OpenType/CFF font; gofpdf needs a TrueType (.ttf) font with glyf outlines"},
		{"collection", "ttcf\x00\x01\x00\x00" + strings.Repeat("\x00", 100), "is a font collection (.ttc or .otc)"},
		{"WOFF", "wOFF" + strings.Repeat("\x00", 100), "is a WOFF web font"},
		{"WOFF2", "wOF2" + strings.Repeat("\x00", 100), "is a WOFF web font"},
		{"empty", "", "is empty"},
		{"text", "hello, this is not a font\n", "is not a font; expected a TrueType (.ttf) font"},
		{"random", "\x8f\x13\xd2\x07\xee\x91\x00\x42\x19\xaa\x6b\x3c\xf0\x0d\x77\x5e", "is not a font; expected a TrueType (.ttf) font"},
		{"truncated ttf", string(goregular.TTF[:len(goregular.TTF)/2]), "is a damaged TrueType font"},
		{"header only", string(goregular.TTF[:40]), "is a damaged TrueType font"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"okr.toml": withKey(`pdf_font = "fonts/f.ttf"`), "fonts/f.ttf": tt.font}
			wantError(t, files, "okr.toml:2:1", `pdf_font "fonts/f.ttf" `+tt.msg)
		})
	}
	t.Run("TrueType", func(t *testing.T) {
		site := mustLoad(t, map[string]string{"okr.toml": withKey(`pdf_font = "f.ttf"`), "f.ttf": string(goregular.TTF)})
		if len(site.PDFFont) != len(goregular.TTF) {
			t.Errorf("font not loaded")
		}
	})
}

func TestTOMLNestingBounded(t *testing.T) {
	deep := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	ci := func(front string) map[string]string {
		return map[string]string{"okr.toml": goodTOML, "content/checkins/x.md": "+++\ndate = 2026-07-14\n" + front + "\n+++\nBody\n"}
	}
	tests := []struct {
		name  string
		files map[string]string
		where string
		msg   string
	}{
		{"inline tables", map[string]string{"okr.toml": withKey("x = " + deep("{a=", "}", 1000))}, "okr.toml:2:", "nested 1001 levels deep"},
		{"arrays", map[string]string{"okr.toml": withKey("x = " + deep("[", "]", 1000))}, "okr.toml:2:", "nested 1001 levels deep"},
		{"arrays over lines", map[string]string{"okr.toml": withKey("x = " + deep("[\n", "\n]", 100))}, "okr.toml:", "nested 101 levels deep"},
		{"dotted key", map[string]string{"okr.toml": withKey(strings.Repeat("a.", 999) + "a = 1")}, "okr.toml:2:1", "nested 1000 levels deep"},
		{"quoted dotted key", map[string]string{"okr.toml": withKey(strings.Repeat(`"a".`, 40) + "a = 1")}, "okr.toml:2:1", "nested 41 levels deep"},
		{"table header", map[string]string{"okr.toml": goodTOML + "[" + strings.Repeat("a.", 999) + "a]\n"}, "okr.toml:15:1", "nested 1000 levels deep"},
		{"array header", map[string]string{"okr.toml": goodTOML + "[[" + strings.Repeat("a.", 99) + "a]]\nb = 1\n"}, "okr.toml:15:1", "nested 101 levels deep"},
		{"keys below a deep header", map[string]string{"okr.toml": goodTOML + "[" + strings.Repeat("a.", 29) + "a]\n" + strings.Repeat("b.", 9) + "b = 1\n"}, "okr.toml:16:1", "nested 40 levels deep"},
		{"front matter", ci("x = " + deep("[", "]", 1000)), "content/checkins/x.md:3:", "nested 1001 levels deep"},
		{"front matter dotted key", ci(strings.Repeat("a.", 999) + "a = 1"), "content/checkins/x.md:3:1", "nested 1000 levels deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sitetest.Write(t, tt.files)
			_, err := Load(dir)
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Load: %v", err)
			}
			for _, e := range list {
				got := strings.TrimPrefix(e.Error(), dir+"/")
				if strings.HasPrefix(got, tt.where) && strings.Contains(got, tt.msg+"; expected at most 32") {
					return
				}
			}
			t.Errorf("no error at %s with %q; got:\n%v", tt.where, tt.msg, err)
		})
	}
	// Nesting that real files use stays accepted, strings and comments
	// with brackets and dots included.
	ok := withKey(`team = "a.b.c [[[ {{{ \" ]]"  # comment [[[[ a.b.c {{{`)
	ok = strings.Replace(ok, `title = "Objective"`, "title = 'x.y [[[ {{'\ndescription = \"\"\"\n[[[[[[ a.b.c {{ \\\"\"\"\n  ]]]]\"\"\"\"", 1)
	mustLoad(t, map[string]string{"okr.toml": ok + "[quarters.\"2026-Q3\"]\nstart = 2026-07-01\nend = 2026-09-30\n"})
	shallow := withKey("x = " + deep("[", "]", 31))
	var list ErrorList
	parseConfigTable("okr.toml", []byte(shallow), &list)
	for _, e := range list {
		if strings.Contains(e.Msg, "nested") {
			t.Errorf("31 levels refused: %v", e)
		}
	}
}

func TestQuarterBounds(t *testing.T) {
	q := func(s string) map[string]string { return map[string]string{"okr.toml": goodTOML + s} }
	wantError(t, q("[quarters.\"2026-Q3\"]\nstart = 2026-07-01\nend = 9999-09-30\n"), "okr.toml:17:1",
		"quarter 2026-Q3 runs 2912170 days, from 2026-07-01 to 9999-09-30; expected at most 371 days")
	wantError(t, q("[quarters.\"2026-Q3\"]\nstart = 1026-07-01\n"), "okr.toml:16:1", "quarter 2026-Q3 runs")
	// A year is fine (annual OKRs), and a 53-week fiscal year too.
	mustLoad(t, q("[quarters.\"2026-Q3\"]\nstart = 2026-01-01\nend = 2027-01-06\n"))

	// Overlapping quarters: both named, at the second one's line.
	two := goodTOML + "[[objectives]]\nid = \"O2\"\nquarter = \"2026-Q4\"\ntitle = \"Other\"\n"
	wantError(t, map[string]string{"okr.toml": two + "[quarters.\"2026-Q3\"]\nstart = 2026-07-01\nend = 2026-10-15\n"},
		"okr.toml:21:1", "quarter 2026-Q3 (2026-07-01 to 2026-10-15) overlaps quarter 2026-Q4 (2026-10-01 to 2026-12-31)")
	wantError(t, map[string]string{"okr.toml": two + "[quarters.\"2026-Q4\"]\nstart = 2026-09-20\n"},
		"okr.toml:20:1", "quarter 2026-Q4 (2026-09-20 to 2026-12-31) overlaps quarter 2026-Q3 (2026-07-01 to 2026-09-30)")
	// Back to back is fine.
	mustLoad(t, map[string]string{"okr.toml": two + "[quarters.\"2026-Q4\"]\nstart = 2026-10-01\n"})
}

func TestIDLength(t *testing.T) {
	long := strings.Repeat("o", 300)
	wantError(t, map[string]string{"okr.toml": strings.Replace(goodTOML, `id = "O1"`, `id = "`+long+`"`, 1)},
		"okr.toml:3:1", `objective id "oooooooooooooooooooooooooooooo…" is 300 characters long; expected at most 64`)
	wantError(t, map[string]string{"okr.toml": strings.Replace(goodTOML, `id = "KR1"`, `id = "K`+long+`"`, 1)},
		"okr.toml:7:3", `key result id "Kooooooooooooooooooooooooooooo…" is 301 characters long; expected at most 64`)
	wantError(t, map[string]string{"okr.toml": withKey(`theme = "` + long + `"`)}, "okr.toml:2:1", "theme name")
	mustLoad(t, map[string]string{"okr.toml": strings.Replace(goodTOML, `id = "O1"`, `id = "`+strings.Repeat("o", 64)+`"`, 1)})
}

func TestBaseURLChecked(t *testing.T) {
	for _, bad := range []string{"example.com/okrs", " /okrs/", "/okrs?x=1", "https://acme.github.io/okrs/#top", "//evil.example/", "ftp://acme.example/"} {
		t.Run(bad, func(t *testing.T) {
			wantError(t, map[string]string{"okr.toml": withKey(`base_url = "` + bad + `"`)}, "okr.toml:2:1", "base_url "+strconv.Quote(bad))
		})
	}
	site := mustLoad(t, map[string]string{"okr.toml": withKey(`base_url = "https://acme.github.io/okrs/"`)})
	if site.Config.BaseURL != "https://acme.github.io/okrs/" {
		t.Errorf("base_url = %q", site.Config.BaseURL)
	}
}

func TestUTF16Named(t *testing.T) {
	le := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteByte(byte(r))
			b.WriteByte(0)
		}
		return b.String()
	}
	be := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteByte(0)
			b.WriteByte(byte(r))
		}
		return b.String()
	}
	for name, src := range map[string]string{
		"LE with BOM":    "\xff\xfe" + le(goodTOML),
		"BE with BOM":    "\xfe\xff" + be(goodTOML),
		"LE without BOM": le(goodTOML),
		"BE without BOM": be(goodTOML),
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, map[string]string{"okr.toml": src}, "okr.toml:1", "is UTF-16 text; save it as UTF-8")
			wantError(t, map[string]string{"okr.toml": goodTOML, "content/checkins/x.md": src}, "content/checkins/x.md:1", "is UTF-16 text; save it as UTF-8")
		})
	}
}

// TestInlineTablePositions: errors inside inline tables point at the key
// they are about, not at the array's first line or at line 1.
func TestInlineTablePositions(t *testing.T) {
	inline := `title = "T"
objectives = [
  {id = "O1", quarter = "2026-Q3", title = "Objective", key_results = [
    {id = "KR1", title = "Metric", start = 0, target = 10},
    {id = "KR2", title = "Milestone", kind = "milestones"},
  ]},
  {id = "O2", quarter = "2026-Q3", titel = "Other"},
]
`
	wantError(t, map[string]string{"okr.toml": inline}, "okr.toml:5:39", `invalid key result kind "milestones"`)
	wantError(t, map[string]string{"okr.toml": inline}, "okr.toml:7:36", `unknown key "titel" in [objectives]`)
	wantError(t, map[string]string{"okr.toml": inline}, "okr.toml:7:3", `objective "O2" has no "title"`)

	noTarget := strings.Replace(inline, `start = 0, target = 10`, `start = 0`, 1)
	wantError(t, map[string]string{"okr.toml": noTarget}, "okr.toml:4:5", `metric key result O1.KR1 needs numeric "start" and "target"`)

	quarters := goodTOML + "[quarters]\n\"2026-Q3\" = {start = 2026-07-01, end = 2026-06-01}\n"
	wantError(t, map[string]string{"okr.toml": quarters}, "okr.toml:16:34", "ends on 2026-06-01, before it starts")
	dotted := goodTOML + "[quarters]\n\"2026-Q3\".start = 2026-07-01\n\"2026-Q3\".ends = 2026-09-30\n"
	wantError(t, map[string]string{"okr.toml": dotted}, "okr.toml:17:11", `unknown key "ends" in [quarters.2026-Q3]`)
	root := strings.Replace(goodTOML, "title = \"T\"\n", "title = \"T\"\nquarters = {\"2026-Q3\" = {start = 2026-07-01, end = 2026-06-01}}\n", 1)
	wantError(t, map[string]string{"okr.toml": root}, "okr.toml:2:46", "ends on 2026-06-01, before it starts")
	fm := "+++\ndate = 2026-07-14\nupdates = [\n  {kr = \"O1.KR1\", value = 1},\n  {kr = \"O1.KR9\", value = 2},\n]\n+++\n"
	wantError(t, map[string]string{"okr.toml": goodTOML, "content/checkins/x.md": fm}, "content/checkins/x.md:5:4", `unknown KR "O1.KR9"`)
}

func TestWideText(t *testing.T) {
	for in, want := range map[string]string{
		"\xff\xfe\x00\x00t\x00\x00\x00":                       "UTF-32",
		"\x00\x00\xfe\xff\x00\x00\x00t":                       "UTF-32",
		"\xff\xfet\x00":                                       "UTF-16",
		"t\x00i\x00t\x00l\x00e\x00":                           "UTF-16",
		"\x00t\x00i\x00t\x00l\x00e":                           "UTF-16",
		"+++\x00":                                             "",
		"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00": "",
		"title = \"T\"\n":                                     "",
	} {
		if got := wideText([]byte(in)); got != want {
			t.Errorf("wideText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestManyTablesLinear: finding the tables of okr.toml takes time in
// proportion to their number (it took 40 s for 40,000 objectives, each
// looked up from the first). Reading four times as many objectives takes
// about four times as long (sixteen times, quadratic); the test fails
// above eight. Each time is the CPU time of the best of three reads, so
// that a busy machine does not count. The race detector, several times
// slower, changes nothing to how the time grows: the test is skipped.
func TestManyTablesLinear(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes nothing to how the time grows")
	}
	const n = 3000
	small, large := readTablesTime(t, n), readTablesTime(t, 4*n)
	if ratio := float64(large) / float64(small); ratio > 8 {
		t.Errorf("%d objectives take %.1f times as long to read as %d (%v, %v); want about 4", 4*n, ratio, n, large, small)
	}
}

// readTablesTime returns the CPU time of the shortest of three reads of an
// okr.toml of n objectives, each with a key result.
func readTablesTime(t *testing.T, n int) time.Duration {
	var b strings.Builder
	b.WriteString("title = \"T\"\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "[[objectives]]\nid = \"O%d\"\nquarter = \"2026-Q3\"\ntitle = \"x\"\n[[objectives.key_results]]\nid = \"KR1\"\ntitle = \"m\"\nkind = \"milestone\"\n", i)
	}
	src := []byte(b.String())
	best := time.Duration(math.MaxInt64)
	for range 3 {
		var list ErrorList
		runtime.GC()
		start := cputime.Used()
		_, qs, _ := parseConfigTable("okr.toml", src, &list)
		best = min(best, cputime.Used()-start)
		if len(list) > 0 || len(qs) != 1 || len(qs[0].Objectives) != n || len(qs[0].Objectives[n-1].KeyResults) != 1 {
			t.Fatalf("%d objectives: %v", n, list.Err())
		}
	}
	return best
}
