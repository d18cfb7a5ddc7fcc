package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/okrgen/okrgen/internal/corpus"
	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/render"
)

// The browser tests drive Debian's Chromium through the DevTools protocol
// against okrgen serve, which sends the strict Content-Security-Policy.
// .ci/test installs chromium and axe-core; without them these tests skip,
// or fail in CI.

func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if corpus.Required() {
		t.Fatal("no chromium; .ci/test installs it")
	}
	t.Skip("no chromium; run .ci/test to install it")
	return ""
}

// axeSource is axe-core's script, installed by .ci/test.
func axeSource(t *testing.T) string {
	t.Helper()
	p := os.Getenv("OKRGEN_AXE")
	if p == "" {
		p = filepath.Join("..", "..", ".ci", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		if corpus.Required() {
			t.Fatalf("axe-core: %v; .ci/test installs it", err)
		}
		t.Skipf("axe-core: %v; run .ci/test to install it", err)
	}
	return string(b)
}

// tab is a browser tab that records what a page does wrong.
type tab struct {
	ctx context.Context
	mu  sync.Mutex
	bad []string // console errors and warnings, failed requests
	got []string // URLs of responses
}

func newTab(t *testing.T) *tab {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1440, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	tb := &tab{ctx: ctx}
	chromedp.ListenTarget(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeWarning || ev.Type == runtime.APITypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				tb.bad = append(tb.bad, fmt.Sprintf("console %s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *runtime.EventExceptionThrown:
			tb.bad = append(tb.bad, "exception: "+ev.ExceptionDetails.Error())
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.LevelError || ev.Entry.Level == log.LevelWarning {
				tb.bad = append(tb.bad, fmt.Sprintf("log %s: %s %s", ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
			}
		case *network.EventLoadingFailed:
			if !ev.Canceled {
				tb.bad = append(tb.bad, "failed request: "+ev.ErrorText)
			}
		case *network.EventResponseReceived:
			tb.got = append(tb.got, ev.Response.URL)
			if ev.Response.Status >= 400 {
				tb.bad = append(tb.bad, fmt.Sprintf("HTTP %d: %s", int(ev.Response.Status), ev.Response.URL))
			}
		}
	})
	// CSP violations, recorded by the page itself from its first moment.
	record := `window.__csp = []; document.addEventListener("securitypolicyviolation", function (e) { window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber); });`
	// echarts takes a line's height to be the width of "国". Without a CJK
	// font (Debian's Chromium in a container has none) that is a 4 px box,
	// and charts are laid out with 4 px lines: measure it as the em square
	// it is on readers' systems, so the tests see the layout readers do.
	record += `(function () { var m = CanvasRenderingContext2D.prototype.measureText; CanvasRenderingContext2D.prototype.measureText = function (s) { var r = m.call(this, s); if (s !== "国") { return r; } var px = /([0-9.]+)px/.exec(this.font); return px ? {width: parseFloat(px[1])} : r; }; })();`
	if err := chromedp.Run(ctx, network.Enable(), log.Enable(), runtime.Enable(), chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(record).Do(ctx)
		return err
	})); err != nil {
		t.Fatal(err)
	}
	return tb
}

// open loads url at a width, in light or dark mode, waits for the charts,
// and returns what went wrong.
func (tb *tab) open(t *testing.T, url string, width int, dark bool) []string {
	t.Helper()
	tb.mu.Lock()
	tb.bad, tb.got = nil, nil
	tb.mu.Unlock()
	scheme := "light"
	if dark {
		scheme = "dark"
	}
	var csp []string
	err := chromedp.Run(tb.ctx,
		chromedp.EmulateViewport(int64(width), 900),
		emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
		chromedp.Navigate(url),
		chromedp.WaitReady("body"),
		chromedp.Poll(`[...document.querySelectorAll("[data-chart]")].every(e => e.dataset.rendered === "true" && e.querySelector("canvas"))`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Sleep(150*time.Millisecond),
		chromedp.Evaluate(`window.__csp || []`, &csp),
	)
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	out := append([]string{}, tb.bad...)
	for _, v := range csp {
		out = append(out, "CSP violation: "+v)
	}
	return out
}

// clean opens url at width, light or dark, and reports what open reports,
// each CSS selector of want that matches nothing, sideways scrolling and
// the serious and critical violations axe finds (axe is its source).
func (tb *tab) clean(t *testing.T, axe, url string, width int, dark bool, want []string) {
	t.Helper()
	where := fmt.Sprintf("%s at %d px, dark %v", url, width, dark)
	for _, bad := range tb.open(t, url, width, dark) {
		t.Errorf("%s: %s", where, bad)
	}
	for _, sel := range want {
		var n int
		tb.eval(t, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel), &n)
		if n == 0 {
			t.Errorf("%s: no %s", where, sel)
		}
	}
	var overflow bool
	tb.eval(t, `document.documentElement.scrollWidth > document.documentElement.clientWidth`, &overflow)
	if overflow {
		t.Errorf("%s: scrolls sideways", where)
	}
	var violations []string
	tb.eval(t, axe+`;axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
		.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")))`, &violations)
	for _, v := range violations {
		t.Errorf("%s: axe: %s", where, v)
	}
}

func (tb *tab) eval(t *testing.T, js string, v any) {
	t.Helper()
	err := chromedp.Run(tb.ctx, chromedp.Evaluate(js, v, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	}))
	if err != nil {
		t.Fatalf("%s: %v", js[:min(len(js), 60)], err)
	}
}

// exampleServer serves a copy of the example site as okrgen serve does.
func exampleServer(t *testing.T) (*liveSite, *render.Site) {
	l := startServe(t, copyExample(t), "2026-11-23")
	p := &pipeline{src: l.dir}
	p.asOf.Set("2026-11-23")
	site := &render.Site{}
	if _, err := p.run(site); err != nil {
		t.Fatal(err)
	}
	return l, site
}

// TestBrowserPages opens every page of the example site in Chromium: no
// console error or warning, no failed request, no CSP violation, every
// chart drawn with its text equivalent, no serious or critical axe-core
// violation in light or dark mode, no horizontal scroll at 375 px.
func TestBrowserPages(t *testing.T) {
	tb := newTab(t)
	axe := axeSource(t)
	l, site := exampleServer(t)
	var pages []string
	for _, p := range site.Paths() {
		if strings.HasSuffix(p, "index.html") {
			pages = append(pages, strings.TrimSuffix(p, "index.html"))
		}
	}
	if len(pages) < 20 {
		t.Fatalf("%d pages", len(pages))
	}
	weights := map[string]int{}
	for _, p := range pages {
		url := l.url + "/" + p
		for _, mode := range []struct {
			width int
			dark  bool
		}{{1440, false}, {1440, true}, {375, false}} {
			where := fmt.Sprintf("/%s at %d px, dark %v", p, mode.width, mode.dark)
			for _, bad := range tb.open(t, url, mode.width, mode.dark) {
				t.Errorf("%s: %s", where, bad)
			}
			if mode.width == 375 {
				var overflow bool
				tb.eval(t, `document.documentElement.scrollWidth > document.documentElement.clientWidth`, &overflow)
				if overflow {
					t.Errorf("%s: scrolls sideways", where)
				}
				continue
			}
			if !mode.dark {
				var missing int
				tb.eval(t, `[...document.querySelectorAll("figure.chart")].filter(f => !f.querySelector("table caption")).length`, &missing)
				if missing > 0 {
					t.Errorf("%s: %d charts without a text equivalent", where, missing)
				}
				weights[p] = tb.weight(t, site)
			}
			var violations []string
			tb.eval(t, axe+`;axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
				.filter(v => v.impact === "serious" || v.impact === "critical")
				.map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")))`, &violations)
			for _, v := range violations {
				t.Errorf("%s: axe: %s", where, v)
			}
		}
	}
	// Page weight, transferred gzip-compressed as GitHub Pages sends it.
	var lines []string
	for p, w := range weights {
		lines = append(lines, fmt.Sprintf("%7.1f KB  /%s", float64(w)/1024, p))
	}
	sort.Strings(lines)
	t.Logf("page weights (gzip):\n%s", strings.Join(lines, "\n"))
	if w := weights[""]; w == 0 || w > 400*1024 {
		t.Errorf("index.html needs %d bytes gzip-compressed; want under 400 KB", w)
	}
}

// weight sums the gzip-compressed sizes of what the last page loaded.
func (tb *tab) weight(t *testing.T, site *render.Site) int {
	tb.mu.Lock()
	urls := append([]string{}, tb.got...)
	tb.mu.Unlock()
	total := 0
	seen := map[string]bool{}
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil || seen[u.Path] || strings.Contains(u.Path, "__okrgen") {
			continue
		}
		seen[u.Path] = true
		p := strings.TrimPrefix(u.Path, "/")
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		data, ok := site.Files[p]
		if !ok {
			continue
		}
		var b bytes.Buffer
		w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		w.Write(data)
		w.Close()
		total += b.Len()
	}
	return total
}

// TestBrowserKeyboardAndPrint: keyboard focus is visible, and a quarter
// printed from the browser is a summary of one or two pages.
func TestBrowserKeyboardAndPrint(t *testing.T) {
	tb := newTab(t)
	l, _ := exampleServer(t)
	for _, bad := range tb.open(t, l.url+"/quarters/2026-q4/", 1440, false) {
		t.Error(bad)
	}
	var outline string
	err := chromedp.Run(tb.ctx, chromedp.KeyEvent("\t"), chromedp.KeyEvent("\t"),
		chromedp.Evaluate(`(() => { const s = getComputedStyle(document.activeElement); return document.activeElement.tagName + " " + s.outlineStyle + " " + s.outlineWidth; })()`, &outline))
	if err != nil {
		t.Fatal(err)
	}
	if f := strings.Fields(outline); len(f) != 3 || f[1] == "none" || f[2] == "0px" {
		t.Errorf("keyboard focus not visible: %s", outline)
	}
	var pdf []byte
	err = chromedp.Run(tb.ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		pdf, _, err = page.PrintToPDF().WithPaperWidth(8.27).WithPaperHeight(11.69).Do(ctx)
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	pages := bytes.Count(pdf, []byte("/Type /Page")) - bytes.Count(pdf, []byte("/Type /Pages"))
	if pages < 1 || pages > 2 {
		t.Errorf("the quarter prints on %d pages; want a summary of 1 or 2", pages)
	}
}

// TestBrowserLiveReload: with okrgen serve running, an edited check-in
// shows in the open page with no action in the browser.
func TestBrowserLiveReload(t *testing.T) {
	tb := newTab(t)
	l, _ := exampleServer(t)
	url := l.url + "/quarters/2026-q4/objectives/o1/"
	tb.open(t, url, 1440, false)
	now := `document.querySelector(".kr-card .facts dd").textContent`
	var before string
	tb.eval(t, now, &before)
	if before != "108 ms" {
		t.Fatalf("O1.KR1 shows %q before the edit", before)
	}
	file := filepath.Join(l.dir, "content/checkins/2026-11-17-rbac-everywhere.md")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), "value = 108", "value = 103", 1)
	if edited == string(b) {
		t.Fatal("the example changed: no value = 108 in its last check-in")
	}
	sitetest.WriteFile(t, l.dir, "content/checkins/2026-11-17-rbac-everywhere.md", edited)
	// The page reloads itself: evaluations fail while it navigates.
	var after string
	for deadline := time.Now().Add(10 * time.Second); after != "103 ms" && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		chromedp.Run(tb.ctx, chromedp.Evaluate(now, &after))
	}
	if after != "103 ms" {
		t.Errorf("the page did not reload with the new value: it shows %q", after)
	}
}

// TestScreenshots writes screenshots of every page kind, at phone and
// desktop widths, light and dark, into $OKRGEN_SCREENSHOTS, to look at:
// the whole page, its top (header and breadcrumb) at full size, and each
// chart on its own.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("OKRGEN_SCREENSHOTS")
	if dir == "" {
		t.Skip("set OKRGEN_SCREENSHOTS to a folder to write screenshots")
	}
	tb := newTab(t)
	l, _ := exampleServer(t)
	kinds := map[string]string{
		"index":          "",
		"quarters":       "quarters/",
		"quarter":        "quarters/2026-q3/",
		"quarter-q4":     "quarters/2026-q4/",
		"objective":      "quarters/2026-q4/objectives/o2/",
		"objective-done": "quarters/2026-q3/objectives/o1/",
		"objective-ms":   "quarters/2026-q4/objectives/o3/",
		"checkin":        "checkins/2026-09-08-query-timings/",
		"page":           "planning/",
		"404":            "404.html",
	}
	for name, p := range kinds {
		for _, width := range []int{375, 1440} {
			for _, dark := range []bool{false, true} {
				tb.open(t, l.url+"/"+p, width, dark)
				mode := map[bool]string{false: "light", true: "dark"}[dark]
				base := filepath.Join(dir, fmt.Sprintf("%s-%d-%s", name, width, mode))
				var full, top []byte
				if err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(&full, 100), chromedp.CaptureScreenshot(&top)); err != nil {
					t.Fatal(err)
				}
				writeShot(t, base+".png", full)
				writeShot(t, base+"-top.png", top)
				var n int
				tb.eval(t, `document.querySelectorAll("figure.chart").length`, &n)
				for i := range n {
					var png []byte
					sel := fmt.Sprintf(`document.querySelectorAll("figure.chart")[%d]`, i)
					if err := chromedp.Run(tb.ctx, chromedp.Screenshot(sel, &png, chromedp.ByJSPath)); err != nil {
						t.Fatal(err)
					}
					writeShot(t, fmt.Sprintf("%s-chart%d.png", base, i+1), png)
				}
			}
		}
	}
}

func writeShot(t *testing.T, name string, png []byte) {
	t.Helper()
	if err := os.WriteFile(name, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserLongTokens opens every page of a site whose titles, notes and
// Markdown hold 300-character tokens (a pasted URL, a hash): at 375 and
// 1440 px no page is wider than the window. They wrap.
func TestBrowserLongTokens(t *testing.T) {
	tb := newTab(t)
	token := "Long" + strings.Repeat("abcdefghij", 30)
	files := copyExample(t)
	replace := func(file, old, new string) {
		t.Helper()
		if !strings.Contains(files[file], old) {
			t.Fatalf("the example changed: no %q in %s", old, file)
		}
		files[file] = strings.Replace(files[file], old, new, 1)
	}
	replace("okr.toml", `title = "Backend Engineering OKRs"`, `title = "Backend `+token+`"`)
	replace("okr.toml", `title = "Enhance API Performance and Reliability"`, `title = "Enhance `+token+`"`)
	replace("okr.toml", `title = "Reduce average API response time from 200 ms to 100 ms"`, `title = "Reduce `+token+`"`)
	ci := "content/checkins/2026-11-17-rbac-everywhere.md"
	replace(ci, `title = "RBAC enforced in all 14 services"`, `title = "RBAC `+token+`"`)
	replace(ci, `note = "Redis game day passed with no user-visible errors"`, `note = "Redis `+token+`"`)
	files[ci] += "\n" + token + " and https://example.com/" + token + "\n\n| a | b |\n|---|---|\n| " + token + " | `" + token + "` |\n\n    " + token + "\n"
	l := startServe(t, files, "2026-11-23")
	p := &pipeline{src: l.dir}
	p.asOf.Set("2026-11-23")
	site := &render.Site{}
	if _, err := p.run(site); err != nil {
		t.Fatal(err)
	}
	var pages []string
	for _, p := range site.Paths() {
		if strings.HasSuffix(p, "index.html") {
			pages = append(pages, strings.TrimSuffix(p, "index.html"))
		}
	}
	for _, p := range pages {
		for _, width := range []int{375, 1440} {
			tb.open(t, l.url+"/"+p, width, false)
			var sizes []int
			tb.eval(t, `[document.documentElement.scrollWidth, window.innerWidth]`, &sizes)
			if len(sizes) != 2 || sizes[0] > sizes[1] {
				t.Errorf("/%s at %d px: the page is %v px wide (page, window)", p, width, sizes)
			}
		}
	}
	if dir := os.Getenv("OKRGEN_SCREENSHOTS"); dir != "" {
		for name, p := range map[string]string{"objective": "quarters/2026-q3/objectives/o1/", "checkin": "checkins/2026-11-17-rbac-everywhere/"} {
			for _, width := range []int{375, 1440} {
				tb.open(t, l.url+"/"+p, width, false)
				var png []byte
				if err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, fmt.Sprintf("long-tokens-%s-%d.png", name, width)), png, 0o644)
			}
		}
	}
}

// chartTextsJS collects, for every chart of the page, the boxes of the
// texts echarts drew: the spans of zrender's display list, which holds
// what is painted (labels hidden by hideOverlap are not in it), in canvas
// pixels, with the box of any clip path that cuts them (a scrolling
// legend's).
const chartTextsJS = `[...document.querySelectorAll("[data-chart]")].map(el => {
  const zr = echarts.getInstanceByDom(el).getZr();
  const box = e => { const r = e.getBoundingRect().clone(); if (e.transform) r.applyTransform(e.transform); return r; };
  const texts = zr.storage.getDisplayList(true)
    .filter(e => e.type === "tspan" && !e.invisible && e.style.text && e.style.opacity !== 0)
    .map(e => {
      const r = box(e);
      const clip = (e.__clipPaths || []).map(box).find(c => r.x < c.x - 1 || r.y < c.y - 1 || r.x + r.width > c.x + c.width + 1 || r.y + r.height > c.y + c.height + 1);
      return {text: e.style.text, x: r.x, y: r.y, w: r.width, h: r.height, clipped: !!clip};
    });
  return {id: el.closest("figure") ? (el.closest("figure").querySelector("caption") || el).textContent.split("(")[0].trim() : el.id, w: zr.getWidth(), h: zr.getHeight(), texts};
})`

// chartTexts is what chartTextsJS returns for one chart.
type chartTexts struct {
	ID    string
	W, H  float64
	Texts []struct {
		Text       string
		X, Y, W, H float64
		Clipped    bool
	}
}

// labelProblems returns the texts of a chart that overlap one another by
// more than a pixel, or reach outside the chart or their clip box.
func labelProblems(c chartTexts) []string {
	const slack = 1.0
	var out []string
	for i, a := range c.Texts {
		switch {
		case a.Clipped:
			out = append(out, fmt.Sprintf("%q is cut off", a.Text))
		case a.X < -slack || a.Y < -slack || a.X+a.W > c.W+slack || a.Y+a.H > c.H+slack:
			out = append(out, fmt.Sprintf("%q at (%.0f,%.0f %.0fx%.0f) reaches outside the chart's %.0fx%.0f", a.Text, a.X, a.Y, a.W, a.H, c.W, c.H))
		}
		for _, b := range c.Texts[i+1:] {
			if a.X+slack < b.X+b.W && b.X+slack < a.X+a.W && a.Y+slack < b.Y+b.H && b.Y+slack < a.Y+a.H {
				out = append(out, fmt.Sprintf("%q (%.0f,%.0f %.0fx%.0f) overlaps %q (%.0f,%.0f %.0fx%.0f)", a.Text, a.X, a.Y, a.W, a.H, b.Text, b.X, b.Y, b.W, b.H))
			}
		}
	}
	return out
}

// TestBrowserChartLabels draws every chart of every page of the example at
// phone and desktop widths: no two of a chart's texts (title, subtitle,
// axis names and labels, line labels, legend) overlap, and none is cut
// off by the chart's edge or a scrolling legend.
func TestBrowserChartLabels(t *testing.T) {
	tb := newTab(t)
	l, site := exampleServer(t)
	charts := 0
	for _, p := range site.Paths() {
		if !strings.HasSuffix(p, "index.html") {
			continue
		}
		p = strings.TrimSuffix(p, "index.html")
		for _, width := range []int{375, 1440} {
			for _, bad := range tb.open(t, l.url+"/"+p, width, false) {
				t.Errorf("/%s at %d px: %s", p, width, bad)
			}
			var got []chartTexts
			tb.eval(t, chartTextsJS, &got)
			for _, c := range got {
				charts++
				if len(c.Texts) < 3 {
					t.Errorf("/%s at %d px: %s: %d texts drawn", p, width, c.ID, len(c.Texts))
				}
				for _, bad := range labelProblems(c) {
					t.Errorf("/%s at %d px: %s: %s", p, width, c.ID, bad)
				}
			}
		}
	}
	if charts < 20 {
		t.Errorf("%d charts checked; the example has more", charts)
	}

	// A window narrowed after the page drew: the legend of twelve key
	// results wraps to more rows, and the chart makes room for them; widened
	// again, it gives the room back.
	p := "/quarters/2026-q4/"
	tb.open(t, l.url+p, 1440, false)
	height := `[...document.querySelectorAll("[data-chart]")].map(e => e.clientHeight)`
	var wide, narrow, again []int
	tb.eval(t, height, &wide)
	for _, step := range []struct {
		width int
		got   *[]int
	}{{375, &narrow}, {1440, &again}} {
		if err := chromedp.Run(tb.ctx, chromedp.EmulateViewport(int64(step.width), 900), chromedp.Sleep(300*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		var got []chartTexts
		tb.eval(t, chartTextsJS, &got)
		for _, c := range got {
			for _, bad := range labelProblems(c) {
				t.Errorf("%s resized to %d px: %s: %s", p, step.width, c.ID, bad)
			}
		}
		tb.eval(t, height, step.got)
	}
	if fmt.Sprint(wide) != fmt.Sprint(again) {
		t.Errorf("%s: charts %v px high, %v after narrowing and widening the window", p, wide, again)
	}
}

// TestBrowserIDsAndBreadcrumb: an ID ("O1", "O2.KR1") is set in a face
// where the letter O and the digit 0 have different shapes (the two are as
// wide as each other in a monospace face, and read alike: "O1" as "01"),
// and the line under the header (the quarter an objective belongs to, a
// check-in's date) has room above it.
func TestBrowserIDsAndBreadcrumb(t *testing.T) {
	tb := newTab(t)
	l, _ := exampleServer(t)
	// widths of "O" and "0" in the face and size of each .ref of the page.
	const refs = `[...document.querySelectorAll(".ref")].map(r => {
	  const w = s => { const e = document.createElement("span"); e.textContent = s; r.appendChild(e); const x = e.getBoundingClientRect().width; e.remove(); return x; };
	  return [r.textContent, w("OOOO"), w("0000")];
	})`
	const gap = `(() => {
	  const h = document.querySelector(".site-header").getBoundingClientRect();
	  const e = document.querySelector("main").firstElementChild;
	  const first = e.querySelector(".eyebrow, h1") || e;
	  return first.getBoundingClientRect().top - h.bottom;
	})()`
	for _, p := range []string{"", "quarters/", "quarters/2026-q4/", "quarters/2026-q4/objectives/o2/", "checkins/2026-09-08-query-timings/", "planning/"} {
		for _, width := range []int{375, 1440} {
			for _, bad := range tb.open(t, l.url+"/"+p, width, false) {
				t.Errorf("/%s at %d px: %s", p, width, bad)
			}
			var got [][]any
			tb.eval(t, refs, &got)
			for _, r := range got {
				o, zero := r[1].(float64), r[2].(float64)
				if o < zero*1.1 {
					t.Errorf("/%s at %d px: ID %q: O and 0 are %.1f and %.1f px wide; in its face they look alike", p, width, r[0], o/4, zero/4)
				}
			}
			var room float64
			tb.eval(t, gap, &room)
			if room < 16 {
				t.Errorf("/%s at %d px: the first line under the header is %.0f px below it; want 16 or more", p, width, room)
			}
		}
	}
}

// blockersSite is the example with the keys of SPEC section 10 as of
// 2026-11-23: O1.KR1 overdue (due 2026-11-20), O1.KR3 blocked and due in 8
// days, O1.KR2 fed by a data file whose rows carry notes, O3.KR2 blocked by
// a long unbroken token.
func blockersSite(t *testing.T) map[string]string {
	t.Helper()
	files := copyExample(t)
	replace := func(file, old, new string) {
		t.Helper()
		if !strings.Contains(files[file], old) {
			t.Fatalf("the example changed: no %q in %s", old, file)
		}
		files[file] = strings.Replace(files[file], old, new, 1)
	}
	replace("okr.toml", "start = 128\n  target = 100\n", "start = 128\n  target = 100\n  due = 2026-11-20\n")
	replace("okr.toml", "start = 0.44\n  target = 0.1\n", "start = 0.44\n  target = 0.1\n  due = 2026-12-01\n")
	// The example's Q4 uptime KR reads data/api-uptime.csv: its rows here
	// end before as_of and carry a note.
	if !strings.Contains(files["okr.toml"], `data = "data/api-uptime.csv"`) {
		t.Fatal("the example changed: no KR reads data/api-uptime.csv")
	}
	ci := "content/checkins/2026-11-17-rbac-everywhere.md"
	replace(ci, `note = "Remaining 5xx mostly from the legacy admin service"`, `note = "Remaining 5xx mostly from the legacy admin service"
blocker = "Waiting for the legacy admin team to ship its error handler"`)
	replace(ci, "kr = \"O3.KR2\"\nvalue = 4\n", "kr = \"O3.KR2\"\nvalue = 4\nblocker = \"Vendor ticket https://example.com/"+strings.Repeat("abcdefghij", 12)+"\"\n")
	var csv strings.Builder
	csv.WriteString("date,value,note\n")
	for d := 1; d <= 22; d++ {
		note := ""
		if d == 9 {
			note = "Redis failover: 14 minutes of errors"
		}
		fmt.Fprintf(&csv, "2026-11-%02d,%s,%s\n", d, []string{"99.998", "99.991", "99.97", "100"}[d%4], note)
	}
	files["data/api-uptime.csv"] = csv.String()
	return files
}

// TestBrowserBlockersDeadlines opens the pages that show the panels and
// marks of SPEC section 10 at 375 and 1440 px, light and dark: no console
// error, failed request or CSP violation, no serious axe violation, no
// sideways scroll, and the panels and marks are there.
func TestBrowserBlockersDeadlines(t *testing.T) {
	tb := newTab(t)
	axe := axeSource(t)
	l := startServe(t, blockersSite(t), "2026-11-23")
	pages := map[string][]string{
		"":                                {"#blocked-h", "#coming-h", ".coming .flag-overdue", ".kr .flag-blocked"},
		"quarters/2026-q4/":               {"#blocked-h", "#coming-h", ".kr .flag-overdue"},
		"quarters/2026-q4/objectives/o1/": {".blocker-note", ".kr-card .flag-overdue", ".notes .source"},
		"quarters/2026-q4/objectives/o3/": {".blocker-note"},
	}
	for p, want := range pages {
		for _, mode := range []struct {
			width int
			dark  bool
		}{{375, false}, {375, true}, {1440, false}, {1440, true}} {
			tb.clean(t, axe, l.url+"/"+p, mode.width, mode.dark, want)
			if dir := os.Getenv("OKRGEN_SCREENSHOTS"); dir != "" {
				var png []byte
				if err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
					t.Fatal(err)
				}
				name := strings.ReplaceAll(p, "/", "-")
				writeShot(t, filepath.Join(dir, fmt.Sprintf("blockers-%sindex-%d-%s.png", name, mode.width, map[bool]string{false: "light", true: "dark"}[mode.dark])), png)
			}
		}
	}
}

// orgSite is sitetest.Organisation served from the root: an organisation
// of two teams, the example site as backend and payments, whose O1 serves
// the organisation's shared O1 with backend's; payments has a team, web.
func orgSite(t *testing.T) map[string]string {
	t.Helper()
	files := sitetest.Organisation(t, "../..")
	files["okr.toml"] = strings.Replace(files["okr.toml"], "base_url = \"/okrs/\"\n", "", 1)
	return files
}

// TestBrowserOrganisation opens the pages of an organisation (SPEC
// section 9) at 375 and 1440 px, light and dark: its home page, its list
// of teams, an objective that teams share, and a team's and a team of a
// team's pages. No console error, failed request or CSP violation, no
// serious axe violation, no sideways scroll, and what the pages add is
// there. With $OKRGEN_SCREENSHOTS set, it writes screenshots there.
func TestBrowserOrganisation(t *testing.T) {
	tb := newTab(t)
	axe := axeSource(t)
	l := startServe(t, orgSite(t), "2026-11-20")
	pages := map[string][]string{
		"":                                {".aligned", `nav a[href="teams/"]`},
		"teams/":                          {".team .team", ".flag-blocked"},
		"quarters/2026-q4/objectives/o1/": {"#aligned-h", ".cards .objective"},
		"teams/backend/":                  {"nav.crumbs", ".serves"},
		"teams/backend/quarters/2026-q4/objectives/o3/":            {"nav.crumbs", ".serves a + a"},
		"teams/payments/teams/web/quarters/2026-q4/objectives/o1/": {"nav.crumbs a + span + a", ".serves"},
		"teams/payments/": {"nav.crumbs", `nav a[href="teams/"]`, ".aligned"},
	}
	shots := map[string]string{"": "org-home", "teams/": "org-teams", "teams/backend/quarters/2026-q4/objectives/o3/": "org-team-objective"}
	var paths []string
	for p := range pages {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		for _, mode := range []struct {
			width int
			dark  bool
		}{{375, false}, {375, true}, {1440, false}, {1440, true}} {
			tb.clean(t, axe, l.url+"/"+p, mode.width, mode.dark, pages[p])
			if dir := os.Getenv("OKRGEN_SCREENSHOTS"); dir != "" && shots[p] != "" {
				var png []byte
				if err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
					t.Fatal(err)
				}
				writeShot(t, filepath.Join(dir, fmt.Sprintf("%s-%d-%s.png", shots[p], mode.width, map[bool]string{false: "light", true: "dark"}[mode.dark])), png)
			}
		}
	}
}
