package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
	"github.com/okrgen/okrgen/themes"
)

// The tests of an organisation's output (SPEC section 9).

// orgAsOf is the day the organisation is looked at from: Q4 runs.
var orgAsOf = okr.NewDate(2026, 11, 20)

// renderTree loads the tree in dir and renders it as build does, with
// base URL base ("" for okr.toml's).
func renderTree(t testing.TB, dir string, asOf okr.Date, base string, pdfs bool) (*org.Numbers, *Site) {
	t.Helper()
	tree, err := org.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := org.Compute(tree, asOf)
	out := &Site{Files: map[string][]byte{}}
	if _, err := RenderTree(n, func(*org.Tree) Options {
		return Options{BaseURL: base, Theme: themes.Default(), Generator: "okrgen test", PDFs: pdfs}
	}, out); err != nil {
		t.Fatal(err)
	}
	return n, out
}

// treeLinks are the only parts of a team's pages that differ from its
// build alone: the breadcrumb, and the links to the objectives its
// objectives serve.
var treeLinks = regexp.MustCompile(`<nav class="crumbs"[^>]*>.*?</nav>|\s*<p class="meta serves">.*?</p>`)

// TestTeamSameAsAlone builds the organisation, then each team alone with
// the base URL it has in the organisation, and compares every file: they
// are the same but for the breadcrumb and the serves links of the pages.
// payments has a team of its own: its build alone holds web's too.
func TestTeamSameAsAlone(t *testing.T) {
	dir := sitetest.Write(t, sitetest.Organisation(t, ".."))
	const base = "https://acme.example/okrs/"
	_, whole := renderTree(t, dir, orgAsOf, base, true)
	for _, id := range []string{"backend", "payments"} {
		t.Run(id, func(t *testing.T) {
			prefix := "teams/" + id + "/"
			_, alone := renderTree(t, filepath.Join(dir, "teams", id), orgAsOf, base+prefix, true)
			var paths []string
			for _, p := range whole.Paths() {
				if rest, ok := strings.CutPrefix(p, prefix); ok {
					paths = append(paths, rest)
				}
			}
			if !reflect.DeepEqual(paths, alone.Paths()) {
				t.Fatalf("the organisation has under %s\n\t%s\nthe team alone\n\t%s", prefix, strings.Join(paths, "\n\t"), strings.Join(alone.Paths(), "\n\t"))
			}
			crumbs, serves := 0, 0
			for _, p := range paths {
				in, by := whole.Files[prefix+p], alone.Files[p]
				if strings.HasSuffix(p, ".html") {
					if !bytes.Contains(in, []byte(`<nav class="crumbs"`)) {
						t.Errorf("%s%s has no breadcrumb", prefix, p)
					}
					crumbs++
					serves += bytes.Count(in, []byte(`class="meta serves"`))
					if !strings.HasPrefix(p, "teams/") && (bytes.Contains(by, []byte(`class="crumbs"`)) || bytes.Contains(by, []byte(`serves"`))) {
						t.Errorf("%s alone has a breadcrumb or serves links", p)
					}
					in, by = treeLinks.ReplaceAll(in, nil), treeLinks.ReplaceAll(by, nil)
				}
				if !bytes.Equal(in, by) {
					t.Errorf("%s%s differs from the team's own build:\n%s", prefix, p, firstDiff(in, by))
				}
			}
			if crumbs == 0 || serves == 0 {
				t.Errorf("%d pages with a breadcrumb, %d serves links", crumbs, serves)
			}
		})
	}
}

// firstDiff shows where a and b first differ.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	cut := func(s []byte) string { return string(s[max(0, i-80):min(len(s), i+120)]) }
	return "organisation: …" + cut(a) + "…\nalone:        …" + cut(b) + "…"
}

// TestTreeBreadcrumbAndServes checks the links a team's pages add, from a
// page, from the team's 404.html (whose links are from the base path),
// and from a team of a team.
func TestTreeBreadcrumbAndServes(t *testing.T) {
	dir := sitetest.Write(t, sitetest.Organisation(t, ".."))
	_, out := renderTree(t, dir, orgAsOf, "", false)
	tests := []struct {
		file string
		want []string
	}{
		{"teams/backend/index.html", []string{
			`<nav class="crumbs" aria-label="Breadcrumb"><a href="../../">Acme Engineering</a> <span aria-hidden="true">›</span> </nav><a class="brand" href="">Backend Engineering OKRs</a>`,
			`<p class="meta serves">Serves <a href="../../quarters/2026-q4/objectives/o1/">Acme Engineering: <span class="ref">O1</span> Expand into the European market</a></p>`,
		}},
		{"teams/backend/quarters/2026-q4/objectives/o3/index.html", []string{
			`<a href="../../../../../../">Acme Engineering</a>`,
			`<p class="meta serves">Serves <a href="../../../../../../quarters/2026-q4/objectives/o1/">Acme Engineering: <span class="ref">O1</span> Expand into the European market</a>; <a href="../../../../../../quarters/2026-q4/objectives/o2/">Acme Engineering: <span class="ref">O2</span> Pass the SOC 2 audit</a></p>`,
		}},
		{"teams/backend/404.html", []string{`<nav class="crumbs" aria-label="Breadcrumb"><a href="/okrs/">Acme Engineering</a>`}},
		{"teams/payments/teams/web/404.html", []string{`<a href="/okrs/">Acme Engineering</a> <span aria-hidden="true">›</span> <a href="/okrs/teams/payments/">Payments</a>`}},
		{"teams/payments/teams/web/quarters/2026-q4/objectives/o1/index.html", []string{
			`<nav class="crumbs" aria-label="Breadcrumb"><a href="../../../../../../../../">Acme Engineering</a> <span aria-hidden="true">›</span> <a href="../../../../../../">Payments</a> <span aria-hidden="true">›</span> </nav>`,
			`Serves <a href="../../../../../../quarters/2026-q4/objectives/o1/">Payments: <span class="ref">O1</span> Take payments in euros</a>`,
		}},
	}
	for _, tt := range tests {
		page := string(out.Files[tt.file])
		for _, w := range tt.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks\n\t%s", tt.file, w)
			}
		}
	}
	for _, p := range []string{"index.html", "quarters/2026-q4/index.html", "teams/index.html"} {
		if strings.Contains(string(out.Files[p]), "crumbs") {
			t.Errorf("%s, of the organisation, has a breadcrumb", p)
		}
	}
}

// TestTreeDataJSON checks what SPEC section 9 adds to data.json: teams
// and aligned on a site with teams, aligns_to on a team's objectives, on
// an organisation written for the test, with hand-computed values.
func TestTreeDataJSON(t *testing.T) {
	// objectives returns the [[objectives]] of 2026-Q3 that spec lists,
	// "ID aligns_to weight value" each ("-" for none), and a check-in
	// that gives each KR1 (start 0, target 10) its value.
	objectives := func(spec ...string) (string, string) {
		toml, updates := "", ""
		for _, s := range spec {
			f := strings.Fields(s)
			toml += "\n[[objectives]]\nid = \"" + f[0] + "\"\nquarter = \"2026-Q3\"\ntitle = \"" + f[0] + " title\"\n"
			if f[1] != "-" {
				toml += "aligns_to = " + f[1] + "\n"
			}
			if f[2] != "-" {
				toml += "weight = " + f[2] + "\n"
			}
			if f[3] != "-" {
				toml += "  [[objectives.key_results]]\n  id = \"KR1\"\n  title = \"K\"\n  start = 0\n  target = 10\n"
				updates += "[[updates]]\nkr = \"" + f[0] + ".KR1\"\nvalue = " + f[3] + "\n"
			}
		}
		return toml, "+++\ndate = 2026-08-01\n" + updates + "+++\n"
	}
	files := map[string]string{}
	site := func(dir, head string, spec ...string) {
		toml, checkin := objectives(spec...)
		files[dir+"okr.toml"] = head + toml
		files[dir+"content/checkins/2026-08-01-w.md"] = checkin
	}
	site("", "title = \"Acme\"\n[[teams]]\nid = \"pay\"\npath = \"teams/pay\"\nname = \"Payments\"\n[[teams]]\nid = \"web\"\npath = \"teams/web\"\n",
		"O1 - - -", "O2 - - -", "O3 - - 2")
	site("teams/pay/", "title = \"Payments OKRs\"\n",
		`O1 "O1" - 5`, `O2 ["O1","2026-Q3/O3"] - 15`, "O3 - - 0")
	site("teams/web/", "title = \"Web OKRs\"\nteam = \"Web\"\n", `O1 "2026-Q3/O1" 2 10`)
	site("plain/", "title = \"Plain\"\n", "O1 - - 5")
	dir := sitetest.Write(t, files)

	const (
		ended   = "2026-10-15" // statuses are null
		running = "2026-08-16" // the middle of the quarter
	)
	tests := []struct {
		name string
		site string // the folder built: the organisation, or a team alone
		asOf string
		file string // the data.json looked at
		want string // JSON: "teams", and per objective its aligns_to, aligned and progress where it has them
	}{
		{"organisation", "", ended, "data.json", `{
			"teams": [
				{"id": "pay", "name": "Payments", "url": "teams/pay/", "data": "teams/pay/data.json"},
				{"id": "web", "name": "Web", "url": "teams/web/", "data": "teams/web/data.json"}],
			"O1": {"progress": 0.875, "aligned": [
				{"team": "pay", "ref": "2026-Q3/O1", "title": "O1 title", "progress": 0.5, "status": null, "url": "teams/pay/quarters/2026-q3/objectives/o1/"},
				{"team": "pay", "ref": "2026-Q3/O2", "title": "O2 title", "progress": 1, "status": null, "url": "teams/pay/quarters/2026-q3/objectives/o2/"},
				{"team": "web", "ref": "2026-Q3/O1", "title": "O1 title", "progress": 1, "status": null, "url": "teams/web/quarters/2026-q3/objectives/o1/"}]},
			"O2": {"progress": 0, "aligned": []},
			"O3": {"progress": 0.2, "aligned": [
				{"team": "pay", "ref": "2026-Q3/O2", "title": "O2 title", "progress": 1, "status": null, "url": "teams/pay/quarters/2026-q3/objectives/o2/"}]}}`},
		{"organisation running", "", running, "data.json", `{
			"teams": [
				{"id": "pay", "name": "Payments", "url": "teams/pay/", "data": "teams/pay/data.json"},
				{"id": "web", "name": "Web", "url": "teams/web/", "data": "teams/web/data.json"}],
			"O1": {"progress": 0.875, "aligned": [
				{"team": "pay", "ref": "2026-Q3/O1", "title": "O1 title", "progress": 0.5, "status": "on-track", "url": "teams/pay/quarters/2026-q3/objectives/o1/"},
				{"team": "pay", "ref": "2026-Q3/O2", "title": "O2 title", "progress": 1, "status": "done", "url": "teams/pay/quarters/2026-q3/objectives/o2/"},
				{"team": "web", "ref": "2026-Q3/O1", "title": "O1 title", "progress": 1, "status": "done", "url": "teams/web/quarters/2026-q3/objectives/o1/"}]},
			"O2": {"progress": 0, "aligned": []},
			"O3": {"progress": 0.2, "aligned": [
				{"team": "pay", "ref": "2026-Q3/O2", "title": "O2 title", "progress": 1, "status": "done", "url": "teams/pay/quarters/2026-q3/objectives/o2/"}]}}`},
		{"team in the organisation", "", ended, "teams/pay/data.json", `{
			"O1": {"progress": 0.5, "aligns_to": ["2026-Q3/O1"]},
			"O2": {"progress": 1, "aligns_to": ["2026-Q3/O1", "2026-Q3/O3"]},
			"O3": {"progress": 0, "aligns_to": []}}`},
		{"team alone keeps aligns_to", "teams/pay", ended, "data.json", `{
			"O1": {"progress": 0.5, "aligns_to": ["2026-Q3/O1"]},
			"O2": {"progress": 1, "aligns_to": ["2026-Q3/O1", "2026-Q3/O3"]},
			"O3": {"progress": 0, "aligns_to": []}}`},
		{"site without teams nor aligns_to", "plain", ended, "data.json", `{"O1": {"progress": 0.5}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asOf, err := okr.ParseDate(tt.asOf)
			if err != nil {
				t.Fatal(err)
			}
			_, out := renderTree(t, filepath.Join(dir, tt.site), asOf, "", false)
			got := treeDataView(t, out.Files[tt.file])
			var want any
			if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := json.MarshalIndent(got, "", "  ")
				t.Errorf("%s:\n%s\nwant\n%s", tt.file, g, tt.want)
			}
		})
	}
}

// treeDataView returns what TestTreeDataJSON looks at in a data.json:
// "teams" where it is, and for each objective its progress and, where it
// has them, aligns_to and aligned.
func treeDataView(t *testing.T, data []byte) any {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	if teams, ok := d["teams"]; ok {
		out["teams"] = teams
	}
	for _, q := range d["quarters"].([]any) {
		for _, o := range q.(map[string]any)["objectives"].([]any) {
			o := o.(map[string]any)
			v := map[string]any{"progress": o["progress"]}
			for _, k := range []string{"aligns_to", "aligned"} {
				if x, ok := o[k]; ok {
					v[k] = x
				}
			}
			out[o["id"].(string)] = v
		}
	}
	return out
}

// TestTreeLinksResolve builds the organisation for a project site at
// /okrs/ and follows every link and asset of every page, and the URLs of
// every data.json and of the feed: each leads to a file of the output.
// The links a team's Markdown starts with "/" lead to the team's root.
func TestTreeLinksResolve(t *testing.T) {
	dir := sitetest.Write(t, sitetest.Organisation(t, ".."))
	n, out := renderTree(t, dir, orgAsOf, "", true)
	base, _ := url.Parse("https://pages.example/okrs/")
	links := 0
	follow := func(file string, from *url.URL, ref string) string {
		t.Helper()
		u, err := url.Parse(ref)
		if err != nil || strings.Contains(ref, "ZgotmplZ") {
			t.Errorf("%s: bad URL %q", file, ref)
			return ""
		}
		abs := from.ResolveReference(u)
		if abs.Host != base.Host || (u.Path == "" && u.Fragment != "") {
			return ""
		}
		p, ok := strings.CutPrefix(abs.Path, base.Path)
		if !ok {
			t.Errorf("%s: %q leads out of the site, to %s", file, ref, abs.Path)
			return ""
		}
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		links++
		if _, ok := out.Files[p]; !ok {
			t.Errorf("%s: %q leads to %s, which the build does not write", file, ref, p)
		}
		return p
	}
	// where records where a page's links lead, for the checks below.
	where := map[string]map[string]bool{}
	for _, p := range out.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		from := *base
		from.Path += strings.TrimSuffix(p, "index.html")
		if dir, ok := strings.CutSuffix(p, "404.html"); ok {
			from.Path = base.Path + dir + "no/such/page/" // a 404.html answers for any missing page
		}
		where[p] = map[string]bool{}
		for _, m := range attrURL.FindAllStringSubmatch(string(out.Files[p]), -1) {
			where[p][follow(p, &from, html.UnescapeString(m[1]))] = true
		}
	}
	for _, x := range n.All() {
		root := *base
		root.Path += x.Tree.Prefix
		var data any
		if err := json.Unmarshal(out.Files[x.Tree.Prefix+"data.json"], &data); err != nil {
			t.Fatal(err)
		}
		var walk func(v any)
		walk = func(v any) {
			switch v := v.(type) {
			case map[string]any:
				for k, e := range v {
					if s, ok := e.(string); ok && (k == "url" || k == "pdf" || k == "checkin" || k == "data") {
						follow(x.Tree.Prefix+"data.json", &root, s)
					}
					walk(e)
				}
			case []any:
				for _, e := range v {
					walk(e)
				}
			}
		}
		walk(data)
	}
	var feed atomFeed
	if err := xml.Unmarshal(out.Files["feed.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	for _, e := range feed.Entries {
		follow("feed.xml", base, e.Link.Href)
	}
	if links < 500 {
		t.Errorf("%d links followed", links)
	}
	// "/" in a team's Markdown is the team's root.
	for page, want := range map[string][]string{
		"teams/payments/checkins/2026-11-12-euros/index.html":           {"teams/payments/index.html", "teams/payments/quarters/2026-q4/index.html", "teams/payments/plan/index.html"},
		"teams/payments/plan/index.html":                                {"teams/payments/index.html", "teams/payments/checkins/2026-11-12-euros/index.html"},
		"teams/payments/teams/web/checkins/2026-11-05-langs/index.html": {"teams/payments/teams/web/index.html"},
		"checkins/2026-11-10-audit/index.html":                          {"teams/payments/index.html"},
	} {
		for _, w := range want {
			if !where[page][w] {
				t.Errorf("%s has no link to %s", page, w)
			}
		}
	}
}

// TestTreePages checks what an organisation's pages show: the Teams entry
// of the nav, teams/index.html, and the team objectives aligned to each
// objective, on the quarter page, the home page and the objective's page.
func TestTreePages(t *testing.T) {
	dir := sitetest.Write(t, sitetest.Organisation(t, ".."))
	_, out := renderTree(t, dir, orgAsOf, "", false)
	page := func(p string) string {
		t.Helper()
		b, ok := out.Files[p]
		if !ok {
			t.Fatalf("no %s", p)
		}
		return string(b)
	}
	for _, p := range []string{"index.html", "quarters/index.html", "quarters/2026-q4/objectives/o1/index.html", "teams/index.html", "404.html"} {
		want := `<li><a href="` + rootFor(p) + `teams/">Teams</a></li>`
		if p == "404.html" {
			want = `<li><a href="/okrs/teams/">Teams</a></li>`
		}
		if !strings.Contains(page(p), want) {
			t.Errorf("%s: no %s in the nav", p, want)
		}
	}
	for _, p := range []string{"teams/backend/index.html", "teams/payments/index.html"} {
		if strings.Contains(page(p), `teams/">Teams</a>`) != (p == "teams/payments/index.html") {
			t.Errorf("%s: a Teams entry in the nav only on a site with teams", p)
		}
	}

	teams := page("teams/index.html")
	order := []string{
		`<h3><a href="../teams/backend/">Backend</a></h3>`,
		`<span class="flag-blocked"><span aria-hidden="true">⊘</span> 1 blocked</span>`,
		`<h3><a href="../teams/payments/">Payments</a></h3>`,
		`<h3><a href="../teams/payments/teams/web/">Checkout web</a></h3>`,
	}
	at := 0
	for _, w := range order {
		i := strings.Index(teams[at:], w)
		if i < 0 {
			t.Fatalf("teams/index.html: no %s after offset %d:\n%s", w, at, teams)
		}
		at += i
	}
	// Web is inside Payments' card: two articles end after it.
	if tail := teams[at:]; strings.Count(tail[:strings.Index(tail, "</section>")], "</article>") != 2 {
		t.Errorf("teams/index.html: Checkout web is not inside the card of Payments")
	}
	if !strings.Contains(teams, "2026-Q4 · 22% · 2 objectives") {
		t.Errorf("teams/index.html: Payments' current quarter not shown:\n%s", teams)
	}

	// O1 of Q4 is shared: both teams' objectives under it, in team
	// order then file order.
	shared := []string{
		`<a href="../../teams/backend/quarters/2026-q4/objectives/o1/">Backend: <span class="ref">O1</span>`,
		`<a href="../../teams/backend/quarters/2026-q4/objectives/o3/">Backend: <span class="ref">O3</span>`,
		`<a href="../../teams/payments/quarters/2026-q4/objectives/o1/">Payments: <span class="ref">O1</span> Take payments in euros</a>`,
		`<a href="../../teams/backend/quarters/2026-q4/objectives/o3/">Backend: <span class="ref">O3</span>`,
		`<a href="../../teams/payments/quarters/2026-q4/objectives/o2/">Payments: <span class="ref">O2</span> PCI evidence for the audit</a>`,
	}
	for _, p := range []string{"quarters/2026-q4/index.html", "index.html"} {
		got := page(p)
		at := 0
		for _, w := range shared {
			if p == "index.html" {
				w = strings.ReplaceAll(w, "../../", "")
			}
			i := strings.Index(got[at:], w)
			if i < 0 {
				t.Errorf("%s: no %s after offset %d", p, w, at)
				break
			}
			at += i + 1
		}
	}
	o1 := page("quarters/2026-q4/objectives/o1/index.html")
	for _, w := range []string{
		`<h2 id="aligned-h">Team objectives aligned to it</h2>`,
		`<h3><a href="../../../../teams/payments/quarters/2026-q4/objectives/o1/">Payments: <span class="ref">O1</span> Take payments in euros</a></h3>`,
		`<h3><a href="../../../../teams/backend/quarters/2026-q4/objectives/o1/">Backend: <span class="ref">O1</span>`,
		"No key results of its own",
	} {
		if !strings.Contains(o1, w) {
			t.Errorf("the page of O1 lacks %s", w)
		}
	}
	if strings.Contains(page("quarters/2026-q4/objectives/o2/index.html"), "No key results of its own") {
		t.Error("O2 has a key result of its own")
	}
}

// TestTreeFeed: the organisation's feed holds its entries and every
// team's, a team's titled with its name and linking into its site, with
// the ids of the team's own feed, newest first.
func TestTreeFeed(t *testing.T) {
	dir := sitetest.Write(t, sitetest.Organisation(t, ".."))
	const base = "https://acme.example/okrs/"
	_, out := renderTree(t, dir, orgAsOf, base, false)
	read := func(b []byte) atomFeed {
		t.Helper()
		var f atomFeed
		if err := xml.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		return f
	}
	all := read(out.Files["feed.xml"])
	byID := map[string]atomEntry{}
	for _, e := range all.Entries {
		byID[e.ID] = e
	}
	teams := map[string]string{"teams/backend/": "Backend: ", "teams/payments/": "Payments: ", "teams/payments/teams/web/": "Payments › Checkout web: "}
	for prefix, name := range teams {
		own := read(out.Files[prefix+"feed.xml"])
		if len(own.Entries) == 0 {
			t.Fatalf("%sfeed.xml has no entries", prefix)
		}
		for _, e := range own.Entries {
			if prefix == "teams/payments/" && strings.Contains(e.Link.Href, "/teams/web/") {
				continue // web's, in payments' feed
			}
			got, ok := byID[e.ID]
			if !ok {
				t.Errorf("the organisation's feed lacks %s (%s)", e.ID, e.Title)
				continue
			}
			if got.Title != name+e.Title {
				t.Errorf("entry %s titled %q; want %q", e.ID, got.Title, name+e.Title)
			}
			if !strings.HasPrefix(got.Link.Href, base+prefix) || got.Content != e.Content {
				t.Errorf("entry %s links to %s, with content %q; want its team's, under %s", e.ID, got.Link.Href, got.Content.Body, base+prefix)
			}
		}
	}
	if e, ok := byID[base+"checkins/2026-11-10-audit/"]; !ok || e.Title != "Audit findings down" {
		t.Errorf("the organisation's own check-in: %+v", e)
	}
	if !sort.SliceIsSorted(all.Entries, func(i, j int) bool { return all.Entries[i].Updated > all.Entries[j].Updated }) {
		t.Error("entries are not newest first")
	}
	// Backend's latest check-in is the newest of all.
	if all.Updated != "2026-11-17T00:00:00Z" {
		t.Errorf("updated %s", all.Updated)
	}
}

// TestTreeFeedBounded: an organisation's feed holds the newest
// maxTreeFeedEntries entries of all its sites.
func TestTreeFeedBounded(t *testing.T) {
	files := map[string]string{"okr.toml": "title = \"Org\"\n"}
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		files["okr.toml"] += "[[teams]]\nid = \"" + id + "\"\npath = \"" + id + "\"\n"
		files[id+"/okr.toml"] = "title = \"" + id + "\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"O\"\n  [[objectives.key_results]]\n  id = \"KR1\"\n  title = \"K\"\n  start = 0\n  target = 100\n"
		for day := 1; day <= 60; day++ {
			d := okr.NewDate(2026, 7, 1).AddDays(day)
			files[id+"/content/checkins/"+d.String()+".md"] = "+++\ndate = " + d.String() + "\n[[updates]]\nkr = \"O1.KR1\"\nvalue = " + strconv.Itoa(day) + "\n+++\n"
		}
	}
	dir := sitetest.Write(t, files)
	_, out := renderTree(t, dir, okr.NewDate(2026, 9, 1), "", false)
	var f atomFeed
	if err := xml.Unmarshal(out.Files["feed.xml"], &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != maxTreeFeedEntries {
		t.Fatalf("%d entries; want %d", len(f.Entries), maxTreeFeedEntries)
	}
	newest := map[string]bool{}
	for _, e := range f.Entries {
		if strings.HasSuffix(e.Title, "Check-in 2026-08-30") {
			newest[e.Title] = true
		}
	}
	if len(newest) != 5 {
		t.Errorf("the newest check-ins kept: %v; want every team's", newest)
	}
}

// TestCheckPathsTeams: on a site with teams, none of its own pages or
// theme files may be written where a team's site goes, nor at
// teams/index.html.
func TestCheckPathsTeams(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []string
	}{
		{"clean", []string{"content/teams-notes.md", "themes/default/static/teams.css", "content/teams/other.md"}, nil},
		{"page of a team", []string{"content/teams/payments.md"},
			[]string{"content/teams/payments.md: its page teams/payments/ collides with the site of team payments (teams/payments), which okrgen writes in the folder teams/payments/; expected another name"}},
		{"page in a team", []string{"content/teams/payments/notes.md"},
			[]string{"content/teams/payments/notes.md: its page teams/payments/notes/ collides with the site of team payments (teams/payments), which okrgen writes in the folder teams/payments/; expected another name"}},
		{"static in a team", []string{"themes/default/static/teams/web/logo.svg"},
			[]string{"themes/default/static/teams/web/logo.svg: collides with the site of team web (sites/web), which okrgen writes in the folder teams/web/; expected another name"}},
		{"teams page", []string{"content/teams.md"},
			[]string{"content/teams.md: its page teams/ collides with the page of all teams (teams/index.html); expected another name: okrgen writes teams/index.html"}},
		{"static teams page", []string{"themes/default/static/teams/index.html"},
			[]string{"themes/default/static/teams/index.html: collides with the page of all teams (teams/index.html); expected another name: okrgen writes teams/index.html"}},
		{"static file teams", []string{"themes/default/static/teams"},
			[]string{"themes/default/static/teams: collides with the page of all teams (teams/index.html) (in a folder teams/); expected another name: okrgen writes the folder teams/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"okr.toml": pathsSite + "\n[[teams]]\nid = \"payments\"\npath = \"teams/payments\"\n[[teams]]\nid = \"web\"\npath = \"sites/web\"\n", "content/checkins/w1.md": pathsCheckIn}
			for _, f := range tt.files {
				files[f] = "x"
				if strings.HasPrefix(f, "content/") {
					files[f] = "A page.\n"
				}
			}
			dir := sitetest.Write(t, files)
			site, err := okr.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			if err := CheckPaths(site, themes.Open(dir, site.Config.Theme)); err != nil {
				for _, e := range err.(okr.ErrorList) {
					got = append(got, strings.ReplaceAll(e.Error(), filepath.ToSlash(dir)+"/", ""))
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

// TestTreePDFTeams: the retrospective of each quarter of an organisation
// has a section per team, with the team's quarter of the same id, or
// none.
func TestTreePDFTeams(t *testing.T) {
	dir := sitetest.Write(t, sitetest.Organisation(t, ".."))
	tree, err := org.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := org.Compute(tree, orgAsOf)
	r := &renderer{opt: Options{Tree: n}}
	for _, qn := range n.Quarters {
		teams := PDFTeams(r.opt.Tree, qn.Quarter.ID)
		if len(teams) != 2 || teams[0].Name != "Backend" || teams[1].Name != "Payments" {
			t.Fatalf("%s: teams %+v", qn.Quarter.ID, teams)
		}
		if teams[0].Quarter == nil || teams[0].Quarter.Quarter.ID != qn.Quarter.ID || teams[0].Quarter != n.Teams[0].Quarters[indexOf(n.Teams[0].Quarters, qn.Quarter.ID)] {
			t.Errorf("%s: Backend's quarter %v", qn.Quarter.ID, teams[0].Quarter)
		}
		if has := teams[1].Quarter != nil; has != (qn.Quarter.ID == "2026-Q4") {
			t.Errorf("%s: Payments' quarter %v; it has only 2026-Q4", qn.Quarter.ID, teams[1].Quarter)
		}
	}
	if PDFTeams(n.Teams[0], n.Teams[0].Quarters[0].Quarter.ID) != nil {
		t.Error("a team without teams has team sections")
	}
}

func indexOf(qs []*okr.QuarterNumbers, id string) int {
	for i, q := range qs {
		if q.Quarter.ID == id {
			return i
		}
	}
	return -1
}

// TestTreeOutputPaths: the paths CheckPaths looks at on a site with teams
// are those its render writes, its teams' sites aside.
func TestTreeOutputPaths(t *testing.T) {
	dir := sitetest.Write(t, sitetest.Organisation(t, ".."))
	n, out := renderTree(t, dir, orgAsOf, "", true)
	want := []string{Manifest}
	for _, p := range out.Paths() {
		if !strings.HasPrefix(p, "teams/backend/") && !strings.HasPrefix(p, "teams/payments/") {
			want = append(want, p)
		}
	}
	sort.Strings(want)
	var got []string
	for _, c := range outputPaths(n.Tree.Site, themes.Default()) {
		got = append(got, c.path)
	}
	sort.Strings(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("output paths\n\t%s\nrendered\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}
