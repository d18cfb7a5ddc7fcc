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
}

// Colours of the reference lines; the data series take echarts' palette.
const (
	targetColor = "#c0392b"
	paceColor   = "#7a8699"
)

// KRSeries is a key result's value over time against its target and the
// expected pace: the data of the HTML chart and of the PDF's.
type KRSeries struct {
	Unit   string
	Values []Point // counted updates with a value; for milestones 0 or 100 (% done)
	Target []Point // the target line over the quarter, if any
	Pace   []Point // metrics: the expected-pace line from start to target
}

// KRValues returns the series of a key result's chart.
func KRValues(kn *okr.KRNumbers) KRSeries {
	kr, q := kn.KR, kn.KR.Objective.Quarter
	s := KRSeries{Unit: kr.Unit}
	switch kr.Kind {
	case okr.Milestone:
		s.Unit = "% done"
		s.Values = append(s.Values, Point{q.Start, 0})
		for _, u := range kn.History {
			if u.Done != nil {
				v := 0.0
				if *u.Done {
					v = 100
				}
				s.Values = append(s.Values, Point{u.CheckIn.Date, v})
			}
		}
		s.Target = []Point{{q.Start, 100}, {q.End, 100}}
		return s
	case okr.Metric:
		s.Values = append(s.Values, Point{q.Start, *kr.Start})
		s.Pace = []Point{{q.Start, *kr.Start}, {q.End, *kr.Target}}
	}
	for _, u := range kn.History {
		if u.Value != nil {
			if len(s.Values) > 0 && s.Values[len(s.Values)-1].Date == u.CheckIn.Date {
				// The start value, or an earlier update of the same day.
				s.Values[len(s.Values)-1].Value = *u.Value
				continue
			}
			s.Values = append(s.Values, Point{u.CheckIn.Date, *u.Value})
		}
	}
	if kr.Target != nil {
		s.Target = []Point{{q.Start, *kr.Target}, {q.End, *kr.Target}}
	}
	return s
}

// PaceAt returns the expected value of a metric on day d.
func PaceAt(kr *okr.KeyResult, d okr.Date) float64 {
	q := kr.Objective.Quarter
	return *kr.Start + (*kr.Target-*kr.Start)*okr.Expected(q, d)
}

// KeyResult returns the chart of a key result's value over time against
// its target and expected-pace lines.
func KeyResult(id string, kn *okr.KRNumbers) *Chart {
	kr, q := kn.KR, kn.KR.Objective.Quarter
	s := KRValues(kn)
	title := kr.Ref() + " over time"
	line := charts.NewLine()
	line.SetGlobalOptions(common(id, title, "")...)
	line.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "time", Min: q.Start.String(), Max: q.End.String()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Scale: opts.Bool(kr.Kind != okr.Milestone), Name: s.Unit}),
	)
	name := "Value"
	if kr.Kind == okr.Milestone {
		name = "Done"
	}
	line.AddSeries(name, lineData(s.Values), charts.WithLineChartOpts(opts.LineChart{Step: kr.Kind == okr.Milestone, ShowSymbol: opts.Bool(true)}))
	if s.Target != nil {
		line.AddSeries("Target", lineData(s.Target), charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 1.5, Color: targetColor}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: targetColor}),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
	}
	if s.Pace != nil {
		line.AddSeries("Expected pace", lineData(s.Pace), charts.WithLineStyleOpts(opts.LineStyle{Type: "dotted", Width: 1.5, Color: paceColor}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: paceColor}),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
	}

	t := Table{Caption: title + " (" + targetText(kr) + ")", Header: []string{"Date", name}}
	if kr.Kind == okr.Metric {
		t.Header = append(t.Header, "Expected pace")
	}
	for _, p := range s.Values {
		v := Value(p.Value, kr.Unit)
		if kr.Kind == okr.Milestone {
			v = "not done"
			if p.Value == 100 {
				v = "done"
			}
		}
		row := []string{p.Date.String(), v}
		if kr.Kind == okr.Metric {
			row = append(row, Value(PaceAt(kr, p.Date), kr.Unit))
		}
		t.Rows = append(t.Rows, row)
	}
	return finish(id, title, line, t)
}

// targetText describes a key result's target: "200 ms → 100 ms".
func targetText(kr *okr.KeyResult) string {
	switch kr.Kind {
	case okr.Metric:
		return "from " + Value(*kr.Start, kr.Unit) + " to " + Value(*kr.Target, kr.Unit)
	case okr.Threshold:
		if kr.Direction == okr.AtMost {
			return "at most " + Value(*kr.Target, kr.Unit)
		}
		return "at least " + Value(*kr.Target, kr.Unit)
	}
	return "done or not done"
}

// TargetText describes a key result's target for pages and reports.
func TargetText(kr *okr.KeyResult) string { return targetText(kr) }

// Confidence returns the chart of the confidence of key results over time.
// It returns nil when no update gives a confidence.
func Confidence(id, title string, krs []*okr.KRNumbers) *Chart {
	if len(krs) == 0 {
		return nil
	}
	q := krs[0].KR.Objective.Quarter
	line := charts.NewLine()
	line.SetGlobalOptions(common(id, title, "0 = will miss, 10 = certain")...)
	line.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "time", Min: q.Start.String(), Max: q.End.String()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Max: 10, Name: "confidence"}),
	)
	t := Table{Caption: title, Header: []string{"Key result", "Date", "Confidence"}}
	any := false
	for _, kn := range krs {
		var pts []Point
		for _, u := range kn.History {
			if u.Confidence != nil {
				pts = append(pts, Point{u.CheckIn.Date, float64(*u.Confidence)})
				t.Rows = append(t.Rows, []string{kn.KR.Ref(), u.CheckIn.Date.String(), Number(float64(*u.Confidence)) + " / 10"})
			}
		}
		if len(pts) > 0 {
			any = true
		}
		line.AddSeries(kn.KR.Ref(), lineData(pts), charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true)}))
	}
	if !any {
		return nil
	}
	return finish(id, title, line, t)
}

func lineData(pts []Point) []opts.LineData {
	out := make([]opts.LineData, 0, len(pts))
	for _, p := range pts {
		out = append(out, opts.LineData{Value: []any{p.Date.String(), p.Value}})
	}
	return out
}
