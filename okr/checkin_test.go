package okr

import "testing"

// TestQuarterLogs: a quarter's check-ins are those of its days and those
// that update its key results, whatever their date.
func TestQuarterLogs(t *testing.T) {
	q1 := &Quarter{ID: "2026-Q1", Start: NewDate(2026, 1, 1), End: NewDate(2026, 3, 31)}
	q2 := &Quarter{ID: "2026-Q2", Start: NewDate(2026, 4, 1), End: NewDate(2026, 6, 30)}
	kr2 := &KeyResult{ID: "KR1", Objective: &Objective{ID: "O1", Quarter: q2}}
	late := &CheckIn{Date: NewDate(2026, 4, 2)}
	late.Updates = []*Update{{CheckIn: late, KR: &KeyResult{ID: "KR1", Objective: &Objective{ID: "O1", Quarter: q1}}}}
	for _, tc := range []struct {
		name   string
		c      *CheckIn
		q1, q2 bool
	}{
		{"first day", &CheckIn{Date: q1.Start}, true, false},
		{"last day", &CheckIn{Date: q1.End}, true, false},
		{"next quarter's first day", &CheckIn{Date: q2.Start}, false, true},
		{"dated in Q1, updating Q2", &CheckIn{Date: NewDate(2026, 3, 30), Updates: []*Update{{KR: kr2}}}, true, true},
		{"dated in Q2, updating Q1", late, true, true},
		{"before both", &CheckIn{Date: NewDate(2025, 12, 31)}, false, false},
	} {
		if got := q1.Logs(tc.c); got != tc.q1 {
			t.Errorf("%s: Q1 logs it: %v, want %v", tc.name, got, tc.q1)
		}
		if got := q2.Logs(tc.c); got != tc.q2 {
			t.Errorf("%s: Q2 logs it: %v, want %v", tc.name, got, tc.q2)
		}
	}
}
