package okr

import (
	"fmt"
	"testing"
)

// calSite has an aspirational objective with A and B, and a committed one
// with C: 0 to 10 each, in 2026-Q3 (ends 30 September).
const calSite = `title = "C"

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Aspirational"

  [[objectives.key_results]]
  id = "A"
  title = "a"
  start = 0
  target = 10

  [[objectives.key_results]]
  id = "B"
  title = "b"
  start = 0
  target = 10

[[objectives]]
id = "O2"
quarter = "2026-Q3"
title = "Committed"
kind = "committed"

  [[objectives.key_results]]
  id = "C"
  title = "c"
  start = 0
  target = 10
`

func TestCalibration(t *testing.T) {
	p := func(c int) float64 { return float64(c) / 10 }
	type bin struct {
		updates          int
		stated, achieved *float64
	}
	tests := []struct {
		name        string
		updates     []upd
		asOf        string
		nil_        bool
		brier, bias float64
		n           int
		bins        [3]bin
	}{
		// A ends at 8: 0.8, achieved (o = 1), with confidences 2, 5, 9.
		// B ends at 3 and never gives a confidence: left out. C ends at 9:
		// 0.9 is partial for a committed objective (o = 0), with
		// confidences 8 and 10. In order: (0.2,1) (0.5,1) (0.9,1) (0.8,0)
		// (1,0).
		{"mixed", []upd{
			{"2026-07-10", "", "O1.A", "value = 2\nconfidence = 2"},
			{"2026-07-10", "", "O2.C", "value = 5\nconfidence = 8"},
			{"2026-08-10", "", "O1.A", "value = 5\nconfidence = 5"},
			{"2026-08-10", "", "O1.B", "value = 3"},
			{"2026-09-10", "", "O1.A", "value = 8\nconfidence = 9"},
			{"2026-09-10", "", "O2.C", "value = 9\nconfidence = 10"},
		}, "2026-10-05", false,
			((p(2)-1)*(p(2)-1) + (p(5)-1)*(p(5)-1) + (p(9)-1)*(p(9)-1) + (p(8)-0)*(p(8)-0) + (p(10)-0)*(p(10)-0)) / 5,
			(p(2)+p(5)+p(9)+p(8)+p(10))/5 - fl(1+1+1+0+0)/5, 5,
			[3]bin{
				{1, ptr(p(2) / 1), ptr(fl(1) / 1)},
				{1, ptr(p(5) / 1), ptr(fl(1) / 1)},
				{3, ptr((p(9) + p(8) + p(10)) / 3), ptr(fl(1+0+0) / 3)},
			}},
		// Every confidence 7-10: the other bins are empty. A ends at 8 with
		// confidence 7: (0.7,1); C ends at 10, so the committed objective's
		// KR is achieved: (1,1).
		{"empty bins, committed achieved", []upd{
			{"2026-09-10", "", "O1.A", "value = 8\nconfidence = 7"},
			{"2026-09-10", "", "O2.C", "value = 10\nconfidence = 10"},
		}, "2026-10-05", false,
			((p(7)-1)*(p(7)-1) + (p(10)-1)*(p(10)-1)) / 2, (p(7)+p(10))/2 - fl(1+1)/2, 2,
			[3]bin{{}, {}, {2, ptr((p(7) + p(10)) / 2), ptr(fl(1+1) / 2)}}},
		// A check-in after the quarter's end may give a KR its final value
		// (a qualified ref): it counts, and so does its confidence. A
		// ends at 7, achieved; the update before says 3 at confidence 0.
		{"late update", []upd{
			{"2026-08-10", "", "O1.A", "value = 3\nconfidence = 0"},
			{"2026-10-02", "", "2026-Q3/O1.A", "value = 7\nconfidence = 6"},
		}, "2026-10-05", false,
			((p(0)-1)*(p(0)-1) + (p(6)-1)*(p(6)-1)) / 2, (p(0)+p(6))/2 - fl(1+1)/2, 2,
			[3]bin{{1, ptr(p(0) / 1), ptr(fl(1) / 1)}, {1, ptr(p(6) / 1), ptr(fl(1) / 1)}, {}}},
		{"no confidence", []upd{{"2026-08-10", "", "O1.A", "value = 3"}}, "2026-10-05", true, 0, 0, 0, [3]bin{}},
		{"running", []upd{{"2026-08-10", "", "O1.A", "value = 3\nconfidence = 4"}}, "2026-09-30", true, 0, 0, 0, [3]bin{}},
		{"not started", nil, "2026-06-01", true, 0, 0, 0, [3]bin{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := mustLoad(t, siteWith(calSite, tt.updates, nil))
			c := Compute(site, date(t, tt.asOf)).Quarters[0].Calibration
			if tt.nil_ {
				if c != nil {
					t.Errorf("calibration %+v; want nil", c)
				}
				return
			}
			if c == nil {
				t.Fatal("calibration nil")
			}
			if c.Brier != tt.brier || c.Bias != tt.bias || c.Updates != tt.n {
				t.Errorf("brier %v bias %v updates %d; want %v %v %d", c.Brier, c.Bias, c.Updates, tt.brier, tt.bias, tt.n)
			}
			for i, w := range tt.bins {
				b := c.Bins[i]
				from, to := []int{0, 4, 7}[i], []int{3, 6, 10}[i]
				if b.From != from || b.To != to || b.Updates != w.updates || !eqPtr(b.Stated, w.stated) || !eqPtr(b.Achieved, w.achieved) {
					t.Errorf("bin %d: %s; want %d-%d, %d updates, stated %v, achieved %v", i, fmtBin(b), from, to, w.updates, fmtPtr(w.stated), fmtPtr(w.achieved))
				}
			}
		})
	}
}

func fmtBin(b CalibrationBin) string {
	return fmt.Sprintf("%d-%d, %d updates, stated %v, achieved %v", b.From, b.To, b.Updates, fmtPtr(b.Stated), fmtPtr(b.Achieved))
}

// TestCalibrationAlwaysFive: always saying 5 scores 0.25, whatever the
// outcome, as section 11 says.
func TestCalibrationAlwaysFive(t *testing.T) {
	site := mustLoad(t, siteWith(calSite, []upd{
		{"2026-08-10", "", "O1.A", "value = 9\nconfidence = 5"},
		{"2026-08-10", "", "O1.B", "value = 1\nconfidence = 5"},
	}, nil))
	c := Compute(site, date(t, "2026-10-05")).Quarters[0].Calibration
	if c == nil || c.Brier != 0.25 || c.Bias != 0 || c.Updates != 2 {
		t.Errorf("calibration %+v; want brier 0.25, bias 0 (0.5 - 1/2), 2 updates", c)
	}
}
