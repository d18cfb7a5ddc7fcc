package pdf

import (
	"fmt"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
)

// movedText is "target moved from 5000 to 4500 RPS on Aug 3: why" for the
// key result's revision i.
func movedText(kr *okr.KeyResult, i int) string {
	return charts.MovedText(kr, i) + ": " + kr.Revisions[i].Why
}

// carriedLines are an objective's "carried from 2026-Q2 O2" and "carried
// into 2026-Q4 O1" lines (SPEC section 11).
func carriedLines(o *okr.Objective) []string {
	var out []string
	if f := o.CarriedFrom; f != nil {
		out = append(out, "carried from "+f.Quarter.ID+" "+f.ID+"  "+f.Title)
	}
	for _, t := range o.CarriedInto {
		out = append(out, "carried into "+t.Quarter.ID+" "+t.ID+"  "+t.Title)
	}
	return out
}

// revisedKRs are the quarter's key results with a counted revision.
func revisedKRs(qn *okr.QuarterNumbers) []*okr.KRNumbers {
	var out []*okr.KRNumbers
	for _, on := range qn.Objectives {
		for _, kn := range on.KeyResults {
			if len(kn.Revisions) > 0 {
				out = append(out, kn)
			}
		}
	}
	return out
}

// movedTargets lists every revision of the quarter, with its reason and,
// once the quarter ended, the key result's score against its original
// target and against the target in force (SPEC section 11). Nothing
// without revisions.
func (d *document) movedTargets() {
	krs := revisedKRs(d.qn)
	if len(krs) == 0 {
		return
	}
	d.flowSection("Moved targets", 0)
	d.para("Targets moved during the quarter, in the open: each with its reason. Every number of this report uses the target in force.", "", 10, colMuted)
	d.f.Ln(3)
	for _, kn := range krs {
		kr := kn.KR
		d.ensure(6 + 5*float64(len(kn.Revisions)) + 5)
		d.font(sans, "B", 10)
		d.textColour(colText)
		d.f.SetX(marginL)
		d.multiCell(contentW, 5, d.clean(kr.Ref()+"  "+kr.Title), "", "L", false)
		for i := range kn.Revisions {
			d.para("• "+movedText(kr, i), "", 9.5, colText)
		}
		if kn.Score != nil && kn.ScoreOriginal != nil {
			d.para(fmt.Sprintf("Score %s against the original target (%s), %s against the target in force (%s).",
				charts.Score(*kn.ScoreOriginal), charts.Value(*kn.OriginalTarget, kr.Unit),
				charts.Score(*kn.Score), charts.Value(*kn.Target, kr.Unit)), "I", 9, colMuted)
		}
		d.f.Ln(3)
	}
}

// predictions writes "How well did we predict?" for an ended quarter whose
// updates gave confidences: the reliability chart, the Brier score with
// its reading, and each key result's confidence history against its
// outcome (SPEC section 11).
func (d *document) predictions() {
	c := d.qn.Calibration
	if d.interim || c == nil {
		return
	}
	const chartH = 80.0
	d.flowSection("How well did we predict?", chartH+22)
	d.para(fmt.Sprintf("Confidence is a forecast of the outcome: %s with a confidence, each read as the chance its key result is achieved.", countOf(c.Updates, "update")), "", 10, colMuted)
	d.f.Ln(2)
	d.para("Brier score "+charts.BrierLine(c)+" (0 is perfect; always saying 5 scores 0.25).", "B", 10.5, colText)
	d.f.Ln(3)
	d.reliabilityChart(c, chartH)
	t := charts.ConfidenceOutcomes(d.qn)
	if len(t.Rows) == 0 {
		return
	}
	d.ensure(d.headingH("Confidence history against outcome", 12) + 20)
	d.heading("Confidence history against outcome", 12)
	tb := &table{d: d, size: 8.5, aligns: []string{"L", "L", "L"}, header: t.Header}
	var rows []tableRow
	for _, r := range t.Rows {
		rows = append(rows, tableRow{r, "", false})
	}
	tb.fit(rows, contentW, true)
	tb.rows(rows)
}

// reliabilityChart draws stated against achieved per confidence bin, as
// vectors, next to the diagonal of perfect calibration, h millimetres
// high with its legend.
func (d *document) reliabilityChart(c *okr.Calibration, h float64) {
	f := d.f
	d.ensure(h)
	const axisW, axisH, legendH = 14.0, 9.0, 6.0
	side := h - axisH - legendH - 5
	x0, y0 := marginL+axisW, f.GetY()+5
	px := func(v float64) float64 { return x0 + side*v }
	py := func(v float64) float64 { return y0 + side - side*v }

	d.font(sans, "", 7)
	d.textColour(colMuted)
	d.lineWidth(0.15)
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		d.drawColour(colTrack)
		d.line(px(0), py(v), px(1), py(v))
		d.line(px(v), py(0), px(v), py(1))
		f.SetXY(marginL, py(v)-2)
		d.cell(axisW-2, 4, charts.Percent(v), "", 0, "R", false, 0, "")
		f.SetXY(px(v)-6, py(0)+0.8)
		d.cell(12, 4, charts.Percent(v), "", 0, "C", false, 0, "")
	}
	d.drawColour(colRule)
	d.rect(x0, y0, side, side, "D")
	f.SetXY(x0, py(0)+4.5)
	d.cell(side, 4, "stated confidence", "", 0, "C", false, 0, "")
	f.SetXY(marginL, y0-4.5)
	d.cell(axisW+20, 4, "achieved", "", 0, "L", false, 0, "")

	// The diagonal of perfect calibration.
	d.drawColour(colPace)
	d.lineWidth(0.4)
	f.SetDashPattern([]float64{1.6, 1}, 0)
	d.line(px(0), py(0), px(1), py(1))
	f.SetDashPattern(nil, 0)

	// The bins: a dot each, joined, with its confidence range and count.
	var xs, ys []float64
	var labels []string
	for _, b := range c.Bins {
		if b.Stated == nil || b.Achieved == nil {
			continue
		}
		xs, ys = append(xs, px(*b.Stated)), append(ys, py(*b.Achieved))
		labels = append(labels, fmt.Sprintf("%d-%d: %s", b.From, b.To, countOf(b.Updates, "update")))
	}
	d.drawColour(colFill)
	d.lineWidth(0.6)
	for i := 1; i < len(xs); i++ {
		d.line(xs[i-1], ys[i-1], xs[i], ys[i])
	}
	d.lineWidth(2)
	f.SetLineCapStyle("round")
	for i := range xs {
		d.line(xs[i], ys[i], xs[i], ys[i])
	}
	f.SetLineCapStyle("butt")
	d.font(sans, "", 7)
	d.textColour(colText)
	d.fillColour(rgb{255, 255, 255})
	var placed []rect
	for i := range xs {
		label := d.clean(labels[i])
		r, align := binLabelAt(xs, ys, i, px(0), px(1), px(0.6), f.GetStringWidth(label)+1, placed)
		placed = append(placed, r)
		f.SetXY(r.x, r.y)
		d.cell(r.w, r.h, label, "", 0, align, true, 0, "")
	}

	// The bins' numbers, right of the chart.
	tx := x0 + side + 10
	f.SetXY(tx, y0)
	d.font(sans, "B", 8.5)
	d.cell(60, 5, "Confidence   Updates   Stated   Achieved", "", 2, "L", false, 0, "")
	d.font(sans, "", 8.5)
	for _, b := range c.Bins {
		stated, achieved := "—", "—"
		if b.Stated != nil && b.Achieved != nil {
			stated, achieved = charts.Percent(*b.Stated), charts.Percent(*b.Achieved)
		}
		f.SetX(tx)
		d.cell(18, 5, fmt.Sprintf("%d-%d", b.From, b.To), "", 0, "L", false, 0, "")
		d.cell(14, 5, fmt.Sprint(b.Updates), "", 0, "R", false, 0, "")
		d.cell(14, 5, d.clean(stated), "", 0, "R", false, 0, "")
		d.cell(16, 5, d.clean(achieved), "", 2, "R", false, 0, "")
	}
	f.SetX(tx)
	d.font(sans, "", 8)
	d.textColour(colMuted)
	d.multiCell(contentW-(tx-marginL), 4, d.clean(fmt.Sprintf("Bias %+.2f: positive is over-confident, negative under-confident.", c.Bias)), "", "L", false)

	// Legend.
	ly := y0 + side + axisH
	x := x0
	legend := func(name string, c rgb, dash []float64) { x = d.legendItem(x, ly, name, c, dash) }
	d.font(sans, "", 7)
	legend("Achieved per confidence bin", colFill, nil)
	legend("Perfect calibration", colPace, []float64{1.6, 1})
	f.SetXY(marginL, y0-5+h)
	d.textColour(colText)
}

// binLabelAt places the label (w millimetres wide) of bin dot i of a
// reliability chart whose plot spans x0 to x1: the first of above right,
// below right, above, below, above left and below left of the dot (the
// left ones first right of split) that stays inside the plot and clear of the segments
// joining the dots and of the labels already placed; else the first that
// stays inside. It returns the label's top-left corner and its alignment.
func binLabelAt(xs, ys []float64, i int, x0, x1, split, w float64, placed []rect) (rect, string) {
	const gap, h = 1.5, 3.5
	right := func(above bool) rect {
		r := rect{xs[i] + gap, ys[i] + gap, w, h}
		if above {
			r.y = ys[i] - gap - h
		}
		return r
	}
	left := func(above bool) rect {
		r := right(above)
		r.x = xs[i] - gap - w
		return r
	}
	centred := func(above bool) rect {
		r := right(above)
		r.x = xs[i] - w/2
		return r
	}
	tries := []rect{right(true), right(false), centred(true), centred(false), left(true), left(false)}
	if xs[i] > split {
		tries = []rect{left(true), left(false), centred(true), centred(false), right(true), right(false)}
	}
	inside := func(r rect) bool { return r.x >= x0 && r.x+r.w <= x1 }
	clear := func(r rect) bool {
		for k := 1; k < len(xs); k++ {
			if r.crosses(xs[k-1], ys[k-1], xs[k], ys[k]) {
				return false
			}
		}
		for _, o := range placed {
			if r.overlaps(o) {
				return false
			}
		}
		return true
	}
	best := -1
	for k, r := range tries {
		if !inside(r) {
			continue
		}
		if best < 0 {
			best = k
		}
		if clear(r) {
			best = k
			break
		}
	}
	if best < 0 {
		best = 0
	}
	align := "L"
	switch r := tries[best]; {
	case r.x+r.w < xs[i]:
		align = "R"
	case r.x < xs[i]:
		align = "C"
	}
	return tries[best], align
}

// rect is a rectangle on the page, in millimetres, y growing downwards.
type rect struct{ x, y, w, h float64 }

// overlaps reports whether r and o share any area.
func (r rect) overlaps(o rect) bool {
	return r.x < o.x+o.w && o.x < r.x+r.w && r.y < o.y+o.h && o.y < r.y+r.h
}

// crosses reports whether the segment from (ax, ay) to (bx, by) passes
// through r, sampled at 1/64 of its length.
func (r rect) crosses(ax, ay, bx, by float64) bool {
	for s := 0; s <= 64; s++ {
		f := float64(s) / 64
		x, y := ax+f*(bx-ax), ay+f*(by-ay)
		if x > r.x && x < r.x+r.w && y > r.y && y < r.y+r.h {
			return true
		}
	}
	return false
}
