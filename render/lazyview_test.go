package render

import (
	"testing"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

// TestLazyView: a quarter's view is made once for all its pages, dropped
// after the last has released it (made again if asked for after that),
// and never dropped in a lazy render, whose pages are made again on
// demand.
func TestLazyView(t *testing.T) {
	site, err := okr.Load("..")
	if err != nil {
		t.Fatal(err)
	}
	n := okr.Compute(site, mustDate(t, "2026-08-20"))
	r := &renderer{site: site, num: n, opt: Options{Theme: themes.Default()}, out: &Site{}}
	r.md = newMarkdown(false)
	r.targets = linkTargets(site)
	qn := n.Quarters[0]
	for _, tc := range []struct {
		name      string
		keep      bool
		wantAfter bool // a view held after every user released it
	}{
		{"build", false, false},
		{"serve", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lv := &lazyView{qn: qn, keep: tc.keep, users: 3}
			first := lv.get(r)
			if first == nil || first.QuarterNumbers != qn {
				t.Fatalf("get returned %v, not the view of %s", first, qn.Quarter.ID)
			}
			for i := 0; i < 3; i++ {
				if v := lv.get(r); v != first {
					t.Fatalf("user %d: the view was made again", i+2)
				}
				lv.release()
			}
			if held := lv.v != nil; held != tc.wantAfter {
				t.Errorf("view held after the last release: %v, want %v", held, tc.wantAfter)
			}
			if v := lv.get(r); v == nil || v.QuarterNumbers != qn {
				t.Errorf("get after the last release returned %v", v)
			}
		})
	}
}
