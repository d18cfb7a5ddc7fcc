package pdf

import (
	"math"
	"time"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
)

// barRow is one bar of a bar chart: a share from 0 to 1.
type barRow struct {
	label string
	value float64
	state string  // status or grade, for the colour and the word
	mark  float64 // the reference: 0.7 for scores, the expected share for progress
}

// barChart draws horizontal bars, each against a vertical reference line
// at its mark (0.7 for scores, the expected share for progress). markLabel
// names the mark when all rows share it. Values are percentages when
// interim, else scores.
func (d *document) barChart(title string, rows []barRow, markLabel string, interim bool) {
	f := d.f
	const rowH, labelW, valueW = 6.5, 22.0, 36.0
	barW := contentW - labelW - valueW
	d.ensure(14 + rowH*float64(min(len(rows), 4)))
	d.heading(title, 12)
	x0 := marginL + labelW
	for _, r := range rows {
		d.ensure(rowH + 8)
		y := f.GetY()
		d.font(sans, "", 8.5)
		d.textColour(colText)
		f.SetXY(marginL, y)
		d.cell(labelW-2, rowH, d.clean(r.label), "", 0, "L", false, 0, "")
		d.fillColour(colTrack)
		d.rect(x0, y+1.2, barW, rowH-2.4, "F")
		c := stateColour(r.state)
		d.fillColour(c)
		if v := max(0, min(1, r.value)); v > 0 {
			d.rect(x0, y+1.2, barW*v, rowH-2.4, "F")
		}
		d.drawColour(colText)
		d.lineWidth(0.3)
		f.SetDashPattern([]float64{1, 0.8}, 0)
		d.line(x0+barW*r.mark, y, x0+barW*r.mark, y+rowH)
		f.SetDashPattern(nil, 0)
		f.SetXY(x0+barW+2, y)
		d.font(sans, "B", 8.5)
		label := charts.Score(r.value)
		if interim {
			label = charts.Percent(r.value)
		}
		d.cell(12, rowH, label, "", 0, "R", false, 0, "")
		d.font(sans, "", 8)
		d.textColour(c)
		d.cell(valueW-14, rowH, d.clean(" "+charts.StatusText(r.state)), "", 1, "L", false, 0, "")
	}
	// Axis.
	y := f.GetY()
	d.drawColour(colRule)
	d.lineWidth(0.2)
	d.line(x0, y, x0+barW, y)
	d.font(sans, "", 7.5)
	d.textColour(colMuted)
	for _, t := range []float64{0, 0.25, 0.5, 0.75, 1} {
		f.SetXY(x0+barW*t-6, y+0.5)
		tick := charts.Number(t)
		if interim {
			tick = charts.Percent(t)
		}
		d.cell(12, 4, tick, "", 0, "C", false, 0, "")
	}
	if mark, same := sameMark(rows); same {
		f.SetXY(x0+barW*mark-15, y+4)
		d.cell(30, 4, d.clean("dashed line: "+markLabel), "", 1, "C", false, 0, "")
	} else {
		f.SetXY(x0, y+4)
		d.cell(barW, 4, "dashed lines: the expected pace of each, to its due date where it has one", "", 1, "C", false, 0, "")
	}
	f.Ln(6)
	d.textColour(colText)
}

// lineChart draws a key result's value over time against its target and
// expected pace: the series of the HTML chart, as vectors.
func (d *document) lineChart(kn *okr.KRNumbers, w, h float64) {
	f := d.f
	s := charts.KRValues(kn)
	const axisW, axisH, legendH = 16.0, 6.0, 6.0
	x0, y0 := marginL+axisW, f.GetY()
	pw, ph := w-axisW-2, h-axisH-legendH

	lo, hi := math.Inf(1), math.Inf(-1)
	for _, set := range [][]charts.Point{s.Values, s.Target, s.Pace, s.Trend} {
		for _, p := range set {
			lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	step := niceStep((hi - lo) / 4)
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	// The quarter, widened to every point: a final value may be dated
	// after the quarter's end.
	first, last := s.First, s.Last
	days := float64(max(1, last.Sub(first)))
	px := func(x okr.Date) float64 { return x0 + pw*float64(x.Sub(first))/days }
	py := func(v float64) float64 { return y0 + ph - ph*(v-lo)/(hi-lo) }

	// Grid and axes.
	d.font(sans, "", 7)
	d.textColour(colMuted)
	d.lineWidth(0.15)
	for v := lo; v <= hi+step/2; v += step {
		d.drawColour(colTrack)
		d.line(x0, py(v), x0+pw, py(v))
		f.SetXY(marginL, py(v)-2)
		d.cell(axisW-2, 4, d.clean(charts.Fixed(v, charts.Decimals(step))), "", 0, "R", false, 0, "")
	}
	d.drawColour(colRule)
	d.line(x0, y0+ph, x0+pw, y0+ph)
	for m := first.Time(); !okr.DateOf(m).After(last); m = m.AddDate(0, 1, 0) {
		day1 := okr.DateOf(time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC))
		if day1.Before(first) {
			continue
		}
		d.line(px(day1), y0+ph, px(day1), y0+ph+1)
		f.SetXY(px(day1), y0+ph+0.8)
		d.cell(12, 4, m.Format("Jan"), "", 0, "L", false, 0, "")
	}
	if q := kn.KR.Objective.Quarter; q.Contains(d.num.AsOf) {
		d.drawColour(colRule)
		f.SetDashPattern([]float64{0.5, 0.5}, 0)
		d.line(px(d.num.AsOf), y0, px(d.num.AsOf), y0+ph)
		f.SetDashPattern(nil, 0)
	}

	if kn.Due != nil {
		d.dueMark(*kn.Due, px(*kn.Due), y0, ph)
	}

	// Reference lines, then the values.
	d.polyline(s.Target, px, py, colTarget, 0.4, []float64{1.6, 1}, false)
	d.polyline(s.Pace, px, py, colPace, 0.4, []float64{0.4, 0.8}, false)
	d.polyline(s.Trend, px, py, colTrend, 0.5, []float64{2.4, 1.2}, false)
	d.polyline(s.Values, px, py, colFill, 0.6, nil, kn.KR.Kind == okr.Milestone)
	// The points: each a line of no length with round caps, which PDF
	// paints as a dot as wide as the line, in one operator where a circle
	// takes five.
	d.drawColour(colFill)
	d.lineWidth(1.6)
	f.SetLineCapStyle("round")
	for _, p := range s.Values {
		x, y := px(p.Date), py(p.Value)
		d.line(x, y, x, y)
	}
	f.SetLineCapStyle("butt")

	// Legend.
	ly := y0 + ph + axisH + 1
	x := x0
	legend := func(name string, c rgb, dash []float64) { x = d.legendItem(x, ly, name, c, dash) }
	unit := ""
	if s.Unit != "" {
		unit = " (" + s.Unit + ")"
	}
	legend(d.clean("Value"+unit), colFill, nil)
	if s.Target != nil {
		legend("Target", colTarget, []float64{1.6, 1})
	}
	if s.Pace != nil {
		legend("Expected pace", colPace, []float64{0.4, 0.8})
	}
	if s.Trend != nil {
		legend("Trend", colTrend, []float64{2.4, 1.2})
	}
	f.SetXY(marginL, y0+h)
	d.textColour(colText)
}

// polyline joins points; step draws a staircase (milestones).
func (d *document) polyline(pts []charts.Point, px func(okr.Date) float64, py func(float64) float64, c rgb, width float64, dash []float64, step bool) {
	if len(pts) < 2 {
		return
	}
	f := d.f
	d.drawColour(c)
	d.lineWidth(width)
	f.SetDashPattern(dash, 0)
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		if step {
			d.line(px(a.Date), py(a.Value), px(b.Date), py(a.Value))
			d.line(px(b.Date), py(a.Value), px(b.Date), py(b.Value))
			continue
		}
		d.line(px(a.Date), py(a.Value), px(b.Date), py(b.Value))
	}
	f.SetDashPattern(nil, 0)
}

// niceStep rounds a raw tick step to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	switch m := raw / p; {
	case m <= 1:
		return p
	case m <= 2:
		return 2 * p
	case m <= 5:
		return 5 * p
	}
	return 10 * p
}

// legendItem draws a chart legend's entry at (x, y): a line of colour c,
// dashed as dash says (nil: solid), and name after it. It returns where
// the next entry starts.
func (d *document) legendItem(x, y float64, name string, c rgb, dash []float64) float64 {
	f := d.f
	d.drawColour(c)
	d.lineWidth(0.5)
	f.SetDashPattern(dash, 0)
	d.line(x, y+2, x+7, y+2)
	f.SetDashPattern(nil, 0)
	f.SetXY(x+8, y)
	d.textColour(colMuted)
	d.cell(f.GetStringWidth(name)+2, 4, name, "", 0, "L", false, 0, "")
	return f.GetX() + 4
}
