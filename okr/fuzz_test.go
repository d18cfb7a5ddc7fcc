package okr

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// The fuzz targets: the regular test run replays their seeds (f.Add and
// testdata/fuzz/); go test -fuzz=FuzzX ./okr explores from them.

// seeds adds the example site's okr.toml or check-ins to a fuzz target.
func seeds(f *testing.F, pattern string) {
	matches, _ := filepath.Glob(filepath.Join("..", pattern))
	for _, m := range matches {
		if b, err := os.ReadFile(m); err == nil {
			f.Add(b)
		}
	}
}

func FuzzSplitFrontMatter(f *testing.F) {
	seeds(f, "content/checkins/*.md")
	for _, s := range []string{"", "+++", "+++\n", "+++\n+++", "+++\r\ndate = 1\r\n+++\r\nbody", "---\na: b\n---\n", "\xef\xbb\xbf+++\n+++\n", "no front matter", "+++ \n+++\t\nx"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, body, fmLine, bodyLine, has, msg := splitFrontMatter(src)
		if msg != "" {
			return
		}
		if !has {
			if fm != nil {
				t.Fatalf("front matter without +++")
			}
			return
		}
		if fmLine != 2 || bodyLine < 3 {
			t.Fatalf("lines %d, %d", fmLine, bodyLine)
		}
		if !bytes.Contains(src, fm) || !bytes.HasSuffix(src, body) {
			t.Fatalf("parts are not the file's")
		}
		if want := 2 + bytes.Count(fm, []byte("\n")) + 1; bodyLine != want {
			t.Fatalf("body line %d, want %d", bodyLine, want)
		}
	})
}

// fuzzIndex is a small site's key results, for check-ins to refer to.
func fuzzIndex(t testing.TB) *krIndex {
	var list ErrorList
	_, qs, _ := parseConfigTable("okr.toml", []byte(goodTOML), &list)
	if len(list) > 0 {
		t.Fatal(list)
	}
	return newKRIndex(qs)
}

func FuzzCheckIn(f *testing.F) {
	seeds(f, "content/checkins/*.md")
	f.Add([]byte("+++\ndate = 2026-07-14\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 3\nconfidence = 7\n[[updates]]\nkr = \"2026-Q3/O1.KR2\"\ndone = true\n+++\nbody\n"))
	f.Add([]byte("+++\ndate = 2026-07-14T10:00:00+09:00\n+++\n"))
	f.Add([]byte("+++\ndate = \"2026-07-14\"\n[[updates]]\nkr = \"O1.KR1\"\nvalue = nan\n+++\n"))
	x := fuzzIndex(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		var list ErrorList
		c := parseCheckIn("x.md", "content/checkins/x.md", src, x, &list)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, e := range list {
			if e.Line < 0 || e.Line > lines || e.Msg == "" || e.File != "x.md" {
				t.Fatalf("bad error %q (file has %d lines)", e.Error(), lines)
			}
		}
		if c == nil || len(list) > 0 {
			return
		}
		if c.Date.IsZero() || c.Title == "" {
			t.Fatalf("check-in without date or title")
		}
		for _, u := range c.Updates {
			if u.KR == nil {
				t.Fatalf("update without key result")
			}
			if u.Value != nil && (math.IsNaN(*u.Value) || math.IsInf(*u.Value, 0)) {
				t.Fatalf("non-finite value")
			}
			if u.Confidence != nil && (*u.Confidence < 0 || *u.Confidence > 10) {
				t.Fatalf("confidence %d", *u.Confidence)
			}
			if (u.Value != nil && u.KR.Kind == Milestone) || (u.Done != nil && u.KR.Kind != Milestone) {
				t.Fatalf("value or done on the wrong kind")
			}
		}
	})
}

func FuzzConfig(f *testing.F) {
	seeds(f, "okr.toml")
	f.Add([]byte(goodTOML))
	f.Add([]byte(q3))
	f.Add([]byte("title = \"T\"\nfiscal_year_start_month = 12\n[quarters.\"2026-Q1\"]\nstart = 2026-01-01\nend = 2025-12-01\n"))
	f.Add([]byte("title = \"T\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"x\"\nkey_results = [{id = \"KR1\", title = \"y\", start = 1, target = 2}]\n"))
	f.Add([]byte("title = \"T\"\nobjectives = [\n  {id = \"O1\", quarter = \"2026-Q3\", title = \"x\", key_results = [\n    {id = \"KR1\", title = \"y\", kind = \"milestone\"},\n  ]},\n]\n[quarters]\n\"2026-Q3\" = {start = 2026-07-01, end = 2026-09-30}\n\"2026-Q4\".start = 2026-10-01\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var list ErrorList
		cfg, qs, _ := parseConfigTable("okr.toml", src, &list)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, e := range list {
			if e.Line < 0 || e.Line > lines || e.Msg == "" {
				t.Fatalf("bad error %q (file has %d lines)", e.Error(), lines)
			}
		}
		if len(list) > 0 {
			return
		}
		if strings.TrimSpace(cfg.Title) == "" || cfg.StaleAfterDays < 1 || cfg.FiscalYearStartMonth < 1 || cfg.FiscalYearStartMonth > 12 {
			t.Fatalf("config accepted: %+v", cfg)
		}
		for _, q := range qs {
			if q.End.Before(q.Start) || !quarterPattern.MatchString(q.ID) || q.End.Sub(q.Start) >= MaxQuarterDays {
				t.Fatalf("quarter %s accepted: %s..%s", q.ID, q.Start, q.End)
			}
			for _, o := range q.Objectives {
				if !idPattern.MatchString(o.ID) || len(o.ID) > MaxIDLength || o.Weight <= 0 || math.IsNaN(o.Weight) || math.IsInf(o.Weight, 0) {
					t.Fatalf("objective %+v accepted", o)
				}
				for _, kr := range o.KeyResults {
					if !idPattern.MatchString(kr.ID) || len(kr.ID) > MaxIDLength || kr.Weight <= 0 || math.IsInf(kr.Weight, 0) {
						t.Fatalf("key result %+v accepted", kr)
					}
					if kr.Kind == Metric && (kr.Start == nil || kr.Target == nil || *kr.Start == *kr.Target) {
						t.Fatalf("metric %s accepted without distinct start and target", kr.Ref())
					}
				}
			}
		}
		// The numbers of whatever loads are finite.
		site := &Site{Config: cfg, Quarters: qs}
		n := Compute(site, NewDate(2026, 8, 15))
		for _, qn := range n.Quarters {
			if math.IsNaN(qn.Progress) || math.IsInf(qn.Progress, 0) || math.IsNaN(qn.Expected) {
				t.Fatalf("quarter %s: progress %v", qn.Quarter.ID, qn.Progress)
			}
		}
	})
}

// FuzzTOMLNesting: tomlNesting ends on any input, and measures at least
// about as deep as the decoder nests what it accepts.
func FuzzTOMLNesting(f *testing.F) {
	seeds(f, "okr.toml")
	seeds(f, "content/checkins/*.md")
	for _, s := range []string{"x = [[1], {a = {b = [2]}}]", "[a.b.\"c.d\"]\ne.f = 'g[['", "x = \"\"\"\n[[\"\"\"\"", "[[a]]\n[[a.b]]\nc = [\n  1, # ]\n  2,\n]", "x = {a = 1, b.c = [{}]}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		at, deepest := tomlNesting(src)
		if at >= len(src) || (at >= 0) != (deepest > MaxTOMLNesting) {
			t.Fatalf("at %d, deepest %d", at, deepest)
		}
		var m map[string]any
		if deepest > MaxTOMLNesting || decodeTOML("x", src, 0, &m) != nil {
			return
		}
		if d := depthOf(m, 0); d > 2*deepest+1 {
			t.Fatalf("decoded %d levels deep, measured %d", d, deepest)
		}
	})
}

// depthOf returns how deeply v nests, v being at level.
func depthOf(v any, level int) int {
	d := level
	switch v := v.(type) {
	case map[string]any:
		for _, x := range v {
			d = max(d, depthOf(x, level+1))
		}
	case []map[string]any:
		for _, x := range v {
			d = max(d, depthOf(x, level+1))
		}
	case []any:
		for _, x := range v {
			d = max(d, depthOf(x, level+1))
		}
	}
	return d
}

// markdownBaseline is how long this machine takes to convert a megabyte of
// ordinary Markdown: the check-ins of the example site, again and again.
var markdownBaseline = sync.OnceValue(func() time.Duration {
	var prose []byte
	matches, _ := filepath.Glob(filepath.Join("..", "content", "checkins", "*.md"))
	for _, m := range matches {
		if b, err := os.ReadFile(m); err == nil {
			prose = append(prose, b...)
		}
	}
	if len(prose) == 0 {
		prose = []byte("# Progress\n\nSome *text* with [a link](https://example.com) and `code`.\n\n- one\n- two\n\n")
	}
	src := bytes.Repeat(prose, MaxMarkdownSize/len(prose))
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	start := time.Now()
	var out bytes.Buffer
	_ = md.Convert(src, &out)
	return time.Since(start)
})

// FuzzMarkdownTime fuzzes Markdown for time, not only for panics: each
// input is repeated up to the largest size allowed, and what load accepts
// of it (checkMarkdown) must convert in a time of the order of a megabyte
// of ordinary Markdown. The limit is generous, 10 s at least (a loaded
// machine under the race detector): goldmark gone quadratic takes minutes. Its seeds are in testdata/fuzz/FuzzMarkdownTime.
func FuzzMarkdownTime(f *testing.F) {
	f.Add([]byte("# Progress\n\nSome *text* with [a link](https://example.com).\n\n"))
	limit := max(10*time.Second, 20*markdownBaseline())
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	f.Fuzz(func(t *testing.T, pattern []byte) {
		if len(pattern) == 0 {
			return
		}
		src := bytes.Repeat(pattern, MaxMarkdownSize/len(pattern))
		var list ErrorList
		checkMarkdown(errs{file: "x.md", list: &list}, src, 1)
		if len(list) > 0 {
			return
		}
		done := make(chan error, 1)
		go func() {
			var out bytes.Buffer
			done <- md.Convert(src, &out)
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(limit):
			t.Fatalf("%q repeated to %d bytes: not converted after %v", pattern, len(src), limit)
		}
	})
}
