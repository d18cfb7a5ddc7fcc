package okr_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/okrgen/okrgen/bench/largesite"
	"github.com/okrgen/okrgen/okr"
)

// TestStatusChangesMatchCompute checks the status changes, computed from
// histories cut at each day, against the full numbers of every day.
func TestStatusChangesMatchCompute(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	p := largesite.Params{Seed: 7, Quarters: 3, Objectives: 3, KRs: 3, CheckIns: 150, Updates: 2}
	if err := largesite.Generate(dir, p); err != nil {
		t.Fatal(err)
	}
	site, err := okr.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	first := site.Quarters[0].Start.AddDays(-3)
	var dates []okr.Date
	for d := first; !d.After(site.Quarters[len(site.Quarters)-1].End.AddDays(3)); d = d.AddDays(1) {
		dates = append(dates, d)
	}
	got := okr.StatusChanges(site, dates)

	type change struct {
		date     okr.Date
		kr       string
		from, to string
	}
	var want []change
	var prev map[*okr.KeyResult]string
	for _, d := range dates {
		n := okr.Compute(site, d)
		cur := map[*okr.KeyResult]string{}
		for _, qn := range n.Quarters {
			if qn.Phase != okr.Running {
				continue
			}
			for _, on := range qn.Objectives {
				for _, kn := range on.KeyResults {
					cur[kn.KR] = kn.Status
					if from, ok := prev[kn.KR]; ok && from != kn.Status && from != okr.StatusNotStarted {
						want = append(want, change{d, kn.KR.FullRef(), from, kn.Status})
					}
				}
			}
		}
		prev = cur
	}
	var have []change
	for _, c := range got {
		have = append(have, change{c.Date, c.KR.KR.FullRef(), c.From, c.To})
	}
	if len(want) < 10 {
		t.Fatalf("only %d changes over %d days: the site should move more", len(want), len(dates))
	}
	if !reflect.DeepEqual(have, want) {
		t.Errorf("StatusChanges gave %d changes, want %d:\n got %v\nwant %v", len(have), len(want), have, want)
	}
}
