package charts

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/okrgen/okrgen/okr"
)

// Point is one dated value of a series.
type Point struct {
	Date  okr.Date
	Value float64
	// Source is the data file of a point read from one ("data/x.csv"),
	// "" for a check-in's (okr.Update.Source).
	Source string
}

// Colours of the reference lines; the data series take echarts' palette.
const (
	targetColor = "#c0392b"
	paceColor   = "#7a8699"
	dueColor    = "#7a8699"
	trendColor  = "#2f6fb0"
)

// KRSeries is a key result's value over time against its target and the
// expected pace: the data of the HTML chart and of the PDF's.
type KRSeries struct {
	Unit   string
	Values []Point   // counted updates with a value; for milestones 0 or 100 (% done)
	Target []Point   // the target line over the quarter, if any
	Pace   []Point   // metrics: the expected-pace line from start to target, reached on Due
	Due    *okr.Date // the key result's due date, or nil
	// Trend is a running metric's forecast (SPEC section 11): the
	// least-squares line through its values, from the day of its latest
	// point to its last day, drawn dashed; nil without a forecast.
	Trend []Point

	// Start is the index in Values of the quarter's start value that
	// KRValues puts before the first update, or -1.
	Start int

	// First and Last are the days the time axis spans: the quarter's,
	// widened to an update dated outside it (a qualified ref may give a
	// key result its final value after its quarter).
	First, Last okr.Date
}

// KRValues returns the series of a key result's chart. Its values are the
// numbers' own: one point for every counted update in the key result's
// history that reports a value (a milestone: done or not), in the order of
// history, so two updates of one day are two points, as they are two
// readings of a threshold's share (SPEC section 4). A metric starts from
// its start value and a milestone from "not done" on the quarter's first
// day, unless an update is dated that day (as a forecast's points do, SPEC
// section 11).
func KRValues(kn *okr.KRNumbers) KRSeries {
	kr, q := kn.KR, kn.KR.Objective.Quarter
	s := KRSeries{Unit: kr.Unit, First: q.Start, Last: q.End, Due: kr.Due, Start: -1}
	var origin *Point
	switch kr.Kind {
	case okr.Milestone:
		s.Unit = "% done"
		origin = &Point{Date: q.Start}
		s.Target = []Point{{Date: q.Start, Value: 100}, {Date: q.End, Value: 100}}
	case okr.Metric:
		origin = &Point{Date: q.Start, Value: *kr.Start}
		target := *kn.Target
		s.Pace = []Point{{Date: q.Start, Value: *kr.Start}, {Date: q.End, Value: target}}
		if kr.Due != nil && kr.Due.Before(q.End) {
			// The pace reaches the target on the due day (SPEC section 10).
			s.Pace = []Point{{Date: q.Start, Value: *kr.Start}, {Date: *kr.Due, Value: target}, {Date: q.End, Value: target}}
		}
		s.Trend = trend(kn)
	}
	if kr.Target != nil {
		// The target in force: it steps at each counted revision (SPEC
		// section 11).
		t := *kr.Target
		s.Target = []Point{{Date: q.Start, Value: t}}
		for _, r := range kn.Revisions {
			s.Target = append(s.Target, Point{Date: r.Date, Value: t}, Point{Date: r.Date, Value: r.Target})
			t = r.Target
		}
		s.Target = append(s.Target, Point{Date: q.End, Value: t})
	}
	for _, u := range kn.History {
		p, ok := point(kr, u)
		if !ok {
			continue
		}
		if origin != nil && !p.Date.Before(q.Start) {
			if p.Date.After(q.Start) {
				s.Start = len(s.Values)
				s.Values = append(s.Values, *origin)
			}
			origin = nil
		}
		s.Values = append(s.Values, p)
	}
	if origin != nil {
		s.Start = len(s.Values)
		s.Values = append(s.Values, *origin)
	}
	for _, p := range s.Values {
		s.First, s.Last = earlier(s.First, p.Date), later(s.Last, p.Date)
	}
	return s
}

// trend returns the dashed forecast line of a metric key result: the
// least-squares line of SPEC section 11 from the day of its latest point
// to its last day, or nil when it has no forecast.
func trend(kn *okr.KRNumbers) []Point {
	if kn.Forecast == nil {
		return nil
	}
	kr := kn.KR
	start := kr.Objective.Quarter.Start
	// The history holds counted updates only: none after as_of, which is
	// within the quarter while it runs.
	pts := okr.ForecastPoints(kr, kr.Objective.Quarter.End, kn.History)
	if len(pts) == 0 {
		return nil
	}
	x := pts[len(pts)-1].X
	y, ok := okr.FitLine(pts, x)
	if !ok {
		return nil
	}
	return []Point{{Date: start.AddDays(int(x)), Value: y}, {Date: kr.LastDay(), Value: *kn.Forecast}}
}

// ShortDate formats a day as pages say it in a sentence: "Sep 30".
func ShortDate(d okr.Date) string { return d.Time().Format("Jan 2") }

// AtThisPace tells where a running metric key result is heading: "at this
// pace: 4100 RPS by Sep 30 (likely partial)"; "" without a forecast.
func AtThisPace(kn *okr.KRNumbers) string {
	if kn.Forecast == nil {
		return ""
	}
	s := "at this pace: " + ValueAt(*kn.Forecast, Precision(kn), kn.KR.Unit) + " by " + ShortDate(kn.KR.LastDay())
	if kn.Likely != "" {
		s += " (likely " + kn.Likely + ")"
	}
	return s
}

// MovedText tells of a key result's revision i (of KR.Revisions): "target
// moved from 5000 to 4500 RPS on Aug 3". Pages add its why.
func MovedText(kr *okr.KeyResult, i int) string {
	r := kr.Revisions[i]
	from := Number(kr.PreviousTarget(i))
	if kr.Unit == "%" {
		from = Value(kr.PreviousTarget(i), kr.Unit)
	}
	return "target moved from " + from + " to " + Value(r.Target, kr.Unit) + " on " + ShortDate(r.Date)
}

func earlier(a, b okr.Date) okr.Date {
	if b.Before(a) {
		return b
	}
	return a
}

func later(a, b okr.Date) okr.Date {
	if b.After(a) {
		return b
	}
	return a
}

// point returns the point an update gives a key result's chart: its value,
// or for a milestone 100 when done and 0 when not; false when it reports
// neither (a confidence alone).
func point(kr *okr.KeyResult, u *okr.Update) (Point, bool) {
	if kr.Kind == okr.Milestone {
		if u.Done == nil {
			return Point{}, false
		}
		v := 0.0
		if *u.Done {
			v = 100
		}
		return Point{u.Date, v, u.Source}, true
	}
	if u.Value == nil {
		return Point{}, false
	}
	return Point{u.Date, *u.Value, u.Source}, true
}

// paceAt returns the expected value of a metric on day d: on the way to
// its target in force by its due date when it has one, else by its
// quarter's end.
func paceAt(kn *okr.KRNumbers, d okr.Date) float64 {
	kr := kn.KR
	q := kr.Objective.Quarter
	e := okr.Expected(q, d)
	if kr.Due != nil {
		e = okr.ExpectedBy(q.Start, *kr.Due, d)
	}
	return *kr.Start + (*kn.Target-*kr.Start)*e
}

// KeyResult returns the chart of a key result's value over time against
// its target and expected-pace lines.
func KeyResult(id string, kn *okr.KRNumbers) *Chart {
	kr := kn.KR
	s := KRValues(kn)
	title := kr.Ref() + " over time"
	line := charts.NewLine()
	line.MultiSeries = make(charts.MultiSeries, 0, 4) // a series is 1 kB
	line.SetGlobalOptions(common(id, title, "", true)...)
	line.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithXAxisOpts(timeAxis(s.First, s.Last)),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Scale: opts.Bool(kr.Kind != okr.Milestone), Name: s.Unit}),
	)
	name := "Value"
	if kr.Kind == okr.Milestone {
		name = "Done"
	}
	valueOpts := []charts.SeriesOpts{charts.WithLineChartOpts(opts.LineChart{Step: kr.Kind == okr.Milestone, ShowSymbol: opts.Bool(true)})}
	if s.Due != nil {
		// The due date: a vertical line labelled "due" (SPEC section 10).
		valueOpts = append(valueOpts,
			charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: "due", XAxis: s.Due.String()}),
			charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
				Label:     &opts.Label{Show: opts.Bool(true), Formatter: "due", Color: dueColor},
				LineStyle: &opts.LineStyle{Type: "dashed", Width: 1.5, Color: dueColor}}))
	}
	addSeries(line, name, lineData(s.Values), valueOpts...)
	if s.Target != nil {
		addSeries(line, "Target", lineData(s.Target), charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 1.5, Color: targetColor}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: targetColor}),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
	}
	if s.Pace != nil {
		addSeries(line, "Expected pace", lineData(s.Pace), charts.WithLineStyleOpts(opts.LineStyle{Type: "dotted", Width: 1.5, Color: paceColor}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: paceColor}),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
	}
	if s.Trend != nil {
		addSeries(line, "Trend", lineData(s.Trend), charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 1.5, Color: trendColor}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: trendColor}),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
	}

	target := TargetText(kr, kn.Target)
	if kr.Kind == okr.Milestone {
		target = "target: " + target
	}
	if s.Due != nil {
		target += ", due " + s.Due.String()
	}
	for _, r := range kn.Revisions {
		target += "; target moved to " + Value(r.Target, kr.Unit) + " on " + r.Date.String()
	}
	if s.Trend != nil {
		target += "; trend: " + ValueAt(*kn.Forecast, Precision(kn), kr.Unit) + " by " + kr.LastDay().String()
		if kn.Likely != "" {
			target += " (likely " + kn.Likely + ")"
		}
	}
	t := Table{Caption: title + " (" + target + ")", Header: []string{"Date", name}}
	dec := 0
	if kr.Kind == okr.Metric {
		t.Header = append(t.Header, "Expected pace")
		dec = Precision(kn)
	}
	if kr.Data != "" {
		t.Header = append(t.Header, "Source")
	}
	for i, p := range s.Values {
		v := Value(p.Value, kr.Unit)
		if kr.Kind == okr.Milestone {
			v = "not done"
			if p.Value == 100 {
				v = "done"
			}
		}
		row := []string{p.Date.String(), v}
		if kr.Kind == okr.Metric {
			row = append(row, ValueAt(paceAt(kn, p.Date), dec, kr.Unit))
		}
		if kr.Data != "" {
			row = append(row, sourceText(p, i == s.Start))
		}
		t.Rows = append(t.Rows, row)
	}
	return finish(id, title, line, t, lineLayout())
}

// sourceText tells where a point of a key result's chart comes from: its
// data file, a check-in, or the start of the quarter.
func sourceText(p Point, start bool) string {
	if start {
		return "quarter start"
	}
	if p.Source != "" {
		return "from " + p.Source
	}
	return "check-in"
}

// TargetText describes a key result's target t, the one in force on some
// day (KRNumbers.Target, KeyResult.TargetOn): "from 200 ms to 100 ms",
// "at least 99.9%", "done". A milestone has none.
func TargetText(kr *okr.KeyResult, t *float64) string {
	switch kr.Kind {
	case okr.Metric:
		return "from " + Value(*kr.Start, kr.Unit) + " to " + Value(*t, kr.Unit)
	case okr.Threshold:
		if kr.Direction == okr.AtMost {
			return "at most " + Value(*t, kr.Unit)
		}
		return "at least " + Value(*t, kr.Unit)
	}
	return "done"
}

// TargetInForce describes a key result's target in force on the numbers'
// day (KRNumbers.Target).
func TargetInForce(kn *okr.KRNumbers) string { return TargetText(kn.KR, kn.Target) }

// Confidence returns the chart of the confidence of key results over time.
// It returns nil when no update gives a confidence.
func Confidence(id, title string, krs []*okr.KRNumbers) *Chart {
	if len(krs) == 0 {
		return nil
	}
	q := krs[0].KR.Objective.Quarter
	first, last := q.Start, q.End
	for _, kn := range krs {
		for _, u := range kn.History {
			if u.Confidence != nil {
				first, last = earlier(first, u.Date), later(last, u.Date)
			}
		}
	}
	line := charts.NewLine()
	line.MultiSeries = make(charts.MultiSeries, 0, len(krs))
	line.SetGlobalOptions(common(id, title, "0 = will miss, 10 = certain", true)...)
	line.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithXAxisOpts(timeAxis(first, last)),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Max: 10, Name: "confidence"}),
	)
	t := Table{Caption: title, Header: []string{"Key result", "Date", "Confidence"}}
	any := false
	for _, kn := range krs {
		var pts []Point
		for _, u := range kn.History {
			if u.Confidence != nil {
				pts = append(pts, Point{Date: u.Date, Value: float64(*u.Confidence)})
				t.Rows = append(t.Rows, []string{kn.KR.Ref(), u.Date.String(), ConfidenceText(*u.Confidence)})
			}
		}
		if len(pts) > 0 {
			any = true
		}
		addSeries(line, kn.KR.Ref(), lineData(pts), charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true)}))
	}
	if !any {
		return nil
	}
	return finish(id, title, line, t, lineLayout())
}

func lineData(pts []Point) []opts.LineData {
	out := make([]opts.LineData, 0, len(pts))
	for _, p := range pts {
		out = append(out, opts.LineData{Value: []any{p.Date.String(), p.Value}})
	}
	return out
}
