package pdf

import (
	"fmt"
	"math"

	"github.com/okrgen/okrgen/okr"
)

// This file draws what SPEC section 10 adds to the PDF: blockers and due
// dates.

// dueMark draws a key result's due date on its chart: a vertical line
// labelled "due Aug 15" at the top of the plot, whose x is px(due).
func (d *document) dueMark(due okr.Date, x, y0, ph float64) {
	f := d.f
	d.drawColour(colTarget)
	d.lineWidth(0.35)
	f.SetDashPattern([]float64{0.8, 0.6}, 0)
	d.line(x, y0, x, y0+ph)
	f.SetDashPattern(nil, 0)
	d.font(sans, "B", 7)
	d.textColour(colTarget)
	label := "due " + due.Time().Format("Jan 2")
	w := f.GetStringWidth(label) + 1
	// Right of the line, unless that runs past the plot's right edge.
	lx := x + 0.8
	if lx+w > marginL+contentW {
		lx = x - 0.8 - w
	}
	// Below the top edge, where a target line at the top would cross it.
	f.SetXY(lx, y0+1)
	d.cell(w, 3.5, label, "", 0, "L", false, 0, "")
	d.font(sans, "", 7)
	d.textColour(colMuted)
}

// blockerText is the line under a blocked key result's facts.
func blockerText(b *okr.Blocker) string {
	return fmt.Sprintf("Blocked since %s: %s", longDate(b.Since), b.Text)
}

// blockerH is the height a key result's blocker lines add to its block,
// which is never parted: 0 when it is not blocked.
func (d *document) blockerH(kn *okr.KRNumbers) float64 {
	if kn.Blocker == nil {
		return 0
	}
	d.font(sans, "B", 9.5)
	return 1 + float64(len(d.f.SplitText(d.clean(blockerText(kn.Blocker)), contentW)))*9.5*0.5
}

// krFactsDue are the facts of SPEC section 10 on a key result: its due
// date (and whether it is overdue) and the data file its values come
// from.
func krFactsDue(kn *okr.KRNumbers) []string {
	var facts []string
	if kn.Due != nil {
		due := "due " + longDate(*kn.Due)
		if kn.Overdue {
			due += " (overdue)"
		}
		facts = append(facts, due)
	}
	if kn.KR.Data != "" {
		facts = append(facts, "values from "+kn.KR.Data)
	}
	return facts
}

// sameMark returns the mark of a bar chart's rows and whether they all
// share it (within rounding: an objective's expected is a weighted mean of
// its key results').
func sameMark(rows []barRow) (float64, bool) {
	if len(rows) == 0 {
		return 0, true
	}
	for _, r := range rows {
		if math.Abs(r.mark-rows[0].mark) > 1e-9 {
			return 0, false
		}
	}
	return rows[0].mark, true
}

// hasDue reports whether a key result of the quarter has a due date.
func hasDue(qn *okr.QuarterNumbers) bool {
	for _, on := range qn.Objectives {
		for _, kn := range on.KeyResults {
			if kn.Due != nil {
				return true
			}
		}
	}
	return false
}
