package render

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

// exampleAsOf is the day the example site's tests look at it from: Q3 is
// over, Q4 runs.
var exampleAsOf = okr.NewDate(2026, 11, 23)

// renderDir loads, computes and renders the site in dir.
func renderDir(t testing.TB, dir string, asOf okr.Date, baseURL string) *Site {
	t.Helper()
	site, err := okr.Load(dir)
	if err != nil {
		t.Fatalf("Load(%s): %v", dir, err)
	}
	out, err := Render(site, okr.Compute(site, asOf), Options{BaseURL: baseURL, Theme: themes.Default(), Generator: "okrgen test"})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return out
}

var attrURL = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// TestLinksUnderSubPath serves the example site under /okrs/, as GitHub
// Pages serves a project site, and follows every link and asset of every
// page: each must answer 200, and nothing may load from another host.
func TestLinksUnderSubPath(t *testing.T) {
	out := renderDir(t, "..", exampleAsOf, "https://acme.github.io/okrs/")
	dir := t.TempDir()
	if err := writeSite(out, filepath.Join(dir, "public")); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/okrs/", http.StripPrefix("/okrs/", http.FileServer(http.Dir(filepath.Join(dir, "public")))))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	checked := map[string]bool{}
	pages := 0
	for _, p := range out.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		pages++
		pageURL := "/okrs/" + strings.TrimSuffix(p, "index.html")
		if p == "404.html" {
			pageURL = "/okrs/no/such/page/"
		}
		base, _ := url.Parse(srv.URL + pageURL)
		html := string(out.Files[p])
		for _, m := range attrURL.FindAllStringSubmatch(html, -1) {
			raw := strings.ReplaceAll(m[1], "&amp;", "&")
			u, err := url.Parse(raw)
			if err != nil {
				t.Errorf("%s: bad URL %q", p, raw)
				continue
			}
			if u.Scheme == "mailto" || (u.Path == "" && u.Fragment != "") {
				continue
			}
			if u.Host != "" {
				if !strings.HasPrefix(m[0], "href") || regexp.MustCompile(`<(?:link|script|img)[^>]*`+regexp.QuoteMeta(m[0])).MatchString(html) {
					t.Errorf("%s loads %s from another host", p, raw)
				}
				continue
			}
			abs := base.ResolveReference(u)
			abs.Fragment = ""
			if !strings.HasPrefix(abs.Path, "/okrs/") {
				t.Errorf("%s: %q leaves the site's path: %s", p, raw, abs.Path)
				continue
			}
			if checked[abs.String()] {
				continue
			}
			checked[abs.String()] = true
			resp, err := http.Get(abs.String())
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: %s answers %d", p, raw, resp.StatusCode)
			}
		}
	}
	if pages < 20 || len(checked) < pages {
		t.Errorf("checked %d links on %d pages; the example has more", len(checked), pages)
	}
}

func TestDeterministic(t *testing.T) {
	a := renderDir(t, "..", exampleAsOf, "")
	b := renderDir(t, "..", exampleAsOf, "")
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
	}
	for p, data := range a.Files {
		if !bytes.Equal(data, b.Files[p]) {
			t.Errorf("%s differs between two renders", p)
		}
	}
}

func TestExampleOutputs(t *testing.T) {
	out := renderDir(t, "..", exampleAsOf, "/okrs")
	want := []string{
		"index.html", "404.html", ".nojekyll", "data.json", "feed.xml",
		"quarters/index.html", "quarters/2026-q3/index.html", "quarters/2026-q4/index.html",
		"quarters/2026-q3/objectives/o1/index.html", "quarters/2026-q4/objectives/o4/index.html",
		"checkins/2026-07-14-kickoff-baselines/index.html", "planning/index.html",
		"assets/echarts/echarts.min.js", "assets/echarts/LICENSE", "assets/okrgen.css", "assets/okrgen.js",
	}
	for _, p := range want {
		if _, ok := out.Files[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	// 404.html is served at any depth: its links start from the base path.
	if nf := string(out.Files["404.html"]); !strings.Contains(nf, `href="/okrs/assets/okrgen.css"`) {
		t.Errorf("404.html does not link from the base path")
	}
	// The home page is the running quarter's dashboard, with its charts.
	home := string(out.Files["index.html"])
	for _, s := range []string{"2026-Q4", `data-chart="`, "Stale key results", "<caption>"} {
		if !strings.Contains(home, s) {
			t.Errorf("index.html lacks %q", s)
		}
	}
	// One chart per key result on an objective page, each with its table.
	obj := string(out.Files["quarters/2026-q3/objectives/o1/index.html"])
	if n := strings.Count(obj, `class="chart-canvas"`); n != 4 {
		t.Errorf("objective page has %d charts, want 3 KR charts and a confidence chart", n)
	}
	if strings.Count(obj, "<caption>") != strings.Count(obj, `class="chart-canvas"`) {
		t.Errorf("a chart lacks its text equivalent")
	}
	feed := string(out.Files["feed.xml"])
	if !strings.Contains(feed, `<feed xmlns="http://www.w3.org/2005/Atom">`) || strings.Count(feed, "/checkins/") != 11 || !strings.Contains(feed, "2026-Q4 O2.KR2: at risk → off track") {
		t.Errorf("feed.xml: %d entries, %d check-ins", strings.Count(feed, "<entry>"), strings.Count(feed, "/checkins/"))
	}
}

func TestScriptInCheckInIsEscaped(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"okr.toml": `title = "T"
[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "O"
  [[objectives.key_results]]
  id = "KR1"
  title = "<b>KR</b>"
  start = 0
  target = 1
`,
		"content/checkins/x.md": "+++\ndate = 2026-07-02\nauthor = \"<i>me</i>\"\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 0.5\nnote = \"<script>alert(2)</script>\"\n+++\n<script>alert(1)</script>\n\nText <img src=x onerror=alert(3)>\n",
	})
	out := renderDir(t, dir, okr.NewDate(2026, 7, 3), "")
	for p, data := range out.Files {
		if !strings.HasSuffix(p, ".html") && p != "feed.xml" {
			continue
		}
		s := string(data)
		for _, bad := range []string{"<script>alert", "<img src=x", "<b>KR</b>", "<i>me</i>"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s holds %q unescaped", p, bad)
			}
		}
	}
	page := string(out.Files["checkins/x/index.html"])
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(3)&gt;", "&lt;script&gt;alert(2)&lt;/script&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("check-in page lacks %q", want)
		}
	}
}

func TestBasePath(t *testing.T) {
	tests := map[string]string{
		"":                             "/",
		"/":                            "/",
		"https://acme.github.io/okrs/": "/okrs/",
		"https://acme.github.io/okrs":  "/okrs/",
		"https://acme.github.io":       "/",
		"/a/b":                         "/a/b/",
	}
	for in, want := range tests {
		if got := BasePath(in); got != want {
			t.Errorf("BasePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteSwapsAndKeepsOldOnFailure(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if err := writeSite(&Site{Files: map[string][]byte{"a.html": []byte("one"), "sub/b.txt": []byte("two")}}, dest); err != nil {
		t.Fatal(err)
	}
	if err := writeSite(&Site{Files: map[string][]byte{"a.html": []byte("three")}}, dest); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "a.html")); string(b) != "three" {
		t.Errorf("a.html = %q", b)
	}
	if _, err := os.Stat(filepath.Join(dest, "sub/b.txt")); !os.IsNotExist(err) {
		t.Errorf("a file of the old build survived the swap")
	}
	// A file and a folder of the same name cannot both be written: the
	// write fails, and the old output stays.
	err := writeSite(&Site{Files: map[string][]byte{"x": []byte("1"), "x/y": []byte("2")}}, dest)
	if err == nil {
		t.Fatal("conflicting paths written")
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "a.html")); string(b) != "three" {
		t.Errorf("failed write changed the old output: a.html = %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", fmt.Sprint(entries))
	}
}

func TestCheckDest(t *testing.T) {
	dir := t.TempDir()
	if err := CheckDest(dir, dir); err == nil {
		t.Error("destination = source accepted")
	}
	if err := CheckDest(filepath.Join(dir, "site"), dir); err == nil {
		t.Error("destination holding the source accepted")
	}
	if err := CheckDest(dir, filepath.Join(dir, "public")); err != nil {
		t.Errorf("public/ refused: %v", err)
	}
}

func TestCheckReplace(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if err := CheckReplace(dest); err != nil {
		t.Errorf("missing folder: %v", err)
	}
	os.MkdirAll(dest, 0o755)
	if err := CheckReplace(dest); err != nil {
		t.Errorf("empty folder: %v", err)
	}
	os.WriteFile(filepath.Join(dest, "notes.txt"), []byte("mine"), 0o644)
	if err := CheckReplace(dest); err == nil || !strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("folder with a file of the user's: %v", err)
	}
	os.RemoveAll(dest)
	site := &Site{Files: map[string][]byte{"index.html": []byte("x"), "quarters/2026-q3/index.html": []byte("y")}}
	if err := writeSite(site, dest); err != nil {
		t.Fatal(err)
	}
	if err := CheckReplace(dest); err != nil {
		t.Errorf("okrgen's own output: %v", err)
	}
	os.WriteFile(filepath.Join(dest, "quarters", "CNAME"), []byte("x"), 0o644)
	os.MkdirAll(filepath.Join(dest, "drafts", "deep"), 0o755)
	err := CheckReplace(dest)
	if err == nil || !strings.Contains(err.Error(), "drafts, quarters/CNAME") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("added files: %v", err)
	}
	if err := CheckReplace(filepath.Join(dest, "index.html")); err == nil {
		t.Error("a file as destination")
	}
}

// TestPDFsInParallel renders the example's PDFs on every core twice: with
// -race this proves gofpdf safe to run so, and the bytes must not depend on
// which goroutine made them.
func TestPDFsInParallel(t *testing.T) {
	site, err := okr.Load("..")
	if err != nil {
		t.Fatal(err)
	}
	n := okr.Compute(site, exampleAsOf)
	var outs [2]*Site
	for i := range outs {
		if outs[i], err = Render(site, n, Options{Theme: themes.Default(), Generator: "g", PDFs: true}); err != nil {
			t.Fatal(err)
		}
		if outs[i].PDFs != 2 {
			t.Fatalf("%d PDFs", outs[i].PDFs)
		}
	}
	for _, p := range []string{"quarters/2026-q3/retrospective.pdf", "quarters/2026-q4/retrospective.pdf"} {
		if !bytes.Equal(outs[0].Files[p], outs[1].Files[p]) || len(outs[0].Files[p]) < 10000 {
			t.Errorf("%s differs between runs", p)
		}
	}
}

// writeSite writes an in-memory site to dir as a build does.
func writeSite(s *Site, dir string) error {
	w, err := NewDirWriter(dir)
	if err != nil {
		return err
	}
	for _, p := range s.Paths() {
		if err := w.Put(p, s.Files[p]); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Commit()
}

// TestOwnFilesWinOverStatic: a theme's static file at the path of a file
// okrgen makes is replaced by okrgen's, the same on every render.
func TestOwnFilesWinOverStatic(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"data.json", "index.html", "extra.txt"} {
		p := filepath.Join(dir, "themes", "mine", "static", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("from the theme"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, err := okr.Load("..")
	if err != nil {
		t.Fatal(err)
	}
	n := okr.Compute(site, exampleAsOf)
	for range 5 {
		out, err := Render(site, n, Options{Theme: themes.Open(dir, "mine"), Generator: "g"})
		if err != nil {
			t.Fatal(err)
		}
		if out.Stats.Files != len(out.Files) {
			t.Errorf("%d files made for %d paths: some made twice", out.Stats.Files, len(out.Files))
		}
		if got := string(out.Files["extra.txt"]); got != "from the theme" {
			t.Errorf("extra.txt = %q", got)
		}
		for _, p := range []string{"data.json", "index.html"} {
			if string(out.Files[p]) == "from the theme" {
				t.Errorf("%s is the theme's", p)
			}
		}
	}
}
