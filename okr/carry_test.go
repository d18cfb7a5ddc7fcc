package okr

import (
	"strings"
	"testing"
)

// carryBase: 2026-Q2/O2, then 2026-Q3/O1 carried from it (carried_from on
// line 12), then 2026-Q4/O4.
const carryBase = `title = "K"

[[objectives]]
id = "O2"
quarter = "2026-Q2"
title = "Old"

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "New"
carried_from = "2026-Q2/O2"

[[objectives]]
id = "O4"
quarter = "2026-Q4"
title = "Later"
`

func TestCarriedFrom(t *testing.T) {
	// O4 of Q4 is carried from the same objective, and written first: the
	// reverse links follow the quarters' order, not the file's.
	toml := strings.Replace(carryBase, "title = \"K\"\n", "title = \"K\"\n\n[[objectives]]\nid = \"O3\"\nquarter = \"2026-Q4\"\ntitle = \"Again\"\ncarried_from = \"2026-Q2/O2\"\n", 1)
	site := mustLoad(t, map[string]string{"okr.toml": toml})
	q2, q3, q4 := site.Quarters[0], site.Quarters[1], site.Quarters[2]
	old, o1, o3, o4 := q2.Objectives[0], q3.Objectives[0], q4.Objectives[0], q4.Objectives[1]
	if o1.CarriedFrom != old || o3.CarriedFrom != old || o4.CarriedFrom != nil || old.CarriedFrom != nil {
		t.Errorf("carried from: O1 %v, O3 %v, O4 %v, O2 %v", o1.CarriedFrom, o3.CarriedFrom, o4.CarriedFrom, old.CarriedFrom)
	}
	if len(old.CarriedInto) != 2 || old.CarriedInto[0] != o1 || old.CarriedInto[1] != o3 || o1.CarriedInto != nil {
		t.Errorf("O2 carried into %v; want 2026-Q3/O1, 2026-Q4/O3", old.CarriedInto)
	}
	if got := o1.CarriedFromRef(); got != "2026-Q2/O2" {
		t.Errorf("CarriedFromRef = %q", got)
	}
	if got := o4.CarriedFromRef(); got != "" {
		t.Errorf("CarriedFromRef without = %q", got)
	}
	if l, c := o1.CarriedFromPos(); l != 18 || c != 1 {
		t.Errorf("CarriedFromPos = %d:%d; want 18:1", l, c)
	}
}

func TestCarriedFromErrors(t *testing.T) {
	tests := []struct {
		name, value, msg string
	}{
		{"unknown objective", `"2026-Q2/Growth"`, `objective O1 of 2026-Q3 is carried from "2026-Q2/Growth", which 2026-Q2 does not have; its objectives: O2`},
		{"case", `"2026-Q2/o2"`, `which 2026-Q2 does not have; did you mean "O2"?; its objectives: O2`},
		{"unknown quarter", `"2026-Q1/O2"`, `objective O1 of 2026-Q3 is carried from "2026-Q1/O2", but okr.toml has no quarter 2026-Q1; its quarters: 2026-Q2, 2026-Q3, 2026-Q4`},
		{"own quarter", `"2026-Q3/O1"`, `objective O1 of 2026-Q3 is carried from "2026-Q3/O1", in its own quarter; expected an objective of an earlier quarter`},
		{"later quarter", `"2026-Q4/O4"`, `objective O1 of 2026-Q3 is carried from "2026-Q4/O4", of a later quarter (2026-Q4 starts on 2026-10-01, 2026-Q3 on 2026-07-01); expected an objective of an earlier quarter`},
		{"no quarter", `"O2"`, `objective "O1": invalid carried_from "O2"; expected "QUARTER/ID" naming an objective of an earlier quarter, such as "2026-Q2/O2"`},
		{"no id", `"2026-Q2/"`, `invalid carried_from "2026-Q2/"; expected "QUARTER/ID"`},
		{"bad quarter", `"Q2/O2"`, `invalid carried_from "Q2/O2"; expected "QUARTER/ID"`},
		{"two slashes", `"2026-Q2/O2/KR1"`, `invalid carried_from "2026-Q2/O2/KR1"`},
		{"empty", `""`, `invalid carried_from ""`},
		{"not a string", `2`, `"carried_from": expected a string, got an integer`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toml := strings.Replace(carryBase, `carried_from = "2026-Q2/O2"`, "carried_from = "+tt.value, 1)
			wantError(t, map[string]string{"okr.toml": toml}, "okr.toml:12:1", tt.msg)
		})
	}
}

// TestCarriedFromQuarterOrder: "earlier" is by the quarters' dates, which
// [quarters] may set: a fiscal 2026-Q1 that starts after 2026-Q4 of
// another naming is later.
func TestCarriedFromQuarterOrder(t *testing.T) {
	toml := `title = "K"
[quarters."2026-Q1"]
start = 2027-01-01
end = 2027-03-31

[[objectives]]
id = "A"
quarter = "2026-Q4"
title = "Q4"
carried_from = "2026-Q1/B"

[[objectives]]
id = "B"
quarter = "2026-Q1"
title = "Q1, in 2027"
`
	wantError(t, map[string]string{"okr.toml": toml}, "okr.toml:10:1", `of a later quarter (2026-Q1 starts on 2027-01-01, 2026-Q4 on 2026-10-01)`)
	ok := strings.Replace(strings.Replace(toml, `carried_from = "2026-Q1/B"`, "", 1), "title = \"Q1, in 2027\"", "title = \"Q1, in 2027\"\ncarried_from = \"2026-Q4/A\"", 1)
	site := mustLoad(t, map[string]string{"okr.toml": ok})
	if b := site.Quarters[1].Objectives[0]; b.CarriedFromRef() != "2026-Q4/A" {
		t.Errorf("B carried from %q; want 2026-Q4/A", b.CarriedFromRef())
	}
}
