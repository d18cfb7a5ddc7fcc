package render

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/okrgen/okrgen/internal/corpus"
	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

// TestCommonMarkSpec renders every example of the CommonMark spec as a
// check-in's body through the page renderer: no panic, no hang, and the
// text of every plain paragraph reaches its page.
func TestCommonMarkSpec(t *testing.T) {
	examples := corpus.CommonMark(t)
	files := map[string]string{"okr.toml": "title = \"Spec\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"x\"\n"}
	for i, ex := range examples {
		files[fmt.Sprintf("content/checkins/ex%03d.md", i+1)] = "+++\ndate = 2026-07-14\n+++\n" + ex.Markdown
	}
	dir := sitetest.Write(t, files)
	site, err := okr.Load(dir)
	if err != nil {
		// Some examples are only front matter's worth of blank: they are
		// check-ins with no body, which Load rightly refuses. Leave them out.
		list, _ := err.(okr.ErrorList)
		for _, e := range list {
			if !strings.Contains(e.Msg, "neither [[updates]] nor a body") {
				t.Fatalf("Load: %v", e)
			}
			os.Remove(filepath.Join(dir, strings.TrimPrefix(e.File, filepath.ToSlash(dir)+"/")))
		}
		if site, err = okr.Load(dir); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan *Site, 1)
	go func() {
		out, err := Render(site, okr.Compute(site, okr.NewDate(2026, 8, 1)), Options{Theme: themes.Default(), Generator: "g"})
		if err != nil {
			t.Error(err)
		}
		done <- out
	}()
	var out *Site
	select {
	case out = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("rendering the CommonMark examples hangs")
	}
	if out == nil {
		return
	}
	plain := regexp.MustCompile(`^<p>([^<>]*)</p>\n$`)
	tag := regexp.MustCompile(`<[^>]*>`)
	checked := 0
	for i, ex := range examples {
		m := plain.FindStringSubmatch(ex.HTML)
		page, ok := out.Files[fmt.Sprintf("checkins/ex%03d/index.html", i+1)]
		if m == nil || !ok {
			continue
		}
		// The page's text: tags dropped (GFM links bare URLs), entities resolved.
		text := html.UnescapeString(tag.ReplaceAllString(string(page), ""))
		if want := html.UnescapeString(m[1]); !strings.Contains(text, want) {
			t.Errorf("example %d: %q is not on its page", i+1, want)
		}
		checked++
	}
	if checked < 100 {
		t.Errorf("%d plain paragraphs checked", checked)
	}
}
