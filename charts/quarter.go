package charts

import (
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/okrgen/okrgen/okr"
)

// scale is the value axis of a bar chart: from 0 to max, its tick labels
// formatted by an echarts template. A unit goes on the tick labels ("60%"):
// an axis name at the end of the axis would reach past the chart's right
// edge.
type scale struct {
	max    float64
	format string
}

var (
	percents = scale{100, "{value}%"} // shares, as pct gives them
	scores   = scale{1, ""}           // scores as Score gives them: 0.72
)

// bars draws horizontal bars on a scale with a vertical line at mark,
// labelled markText as the subtitle gives it ("60%", "0.7"), above the
// plot.
func bars(id, title, subtitle string, sc scale, labels []string, series map[string][]float64, order []string, markText string, mark float64) *charts.Bar {
	bar := charts.NewBar()
	// One series needs no legend: the title names it.
	bar.SetGlobalOptions(common(id, title, subtitle, len(order) > 1)...)
	bar.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: sc.max, AxisLabel: &opts.AxisLabel{Formatter: types.FuncStr(sc.format)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
	)
	bar.SetXAxis(labels)
	for i, name := range order {
		data := make([]opts.BarData, 0, len(series[name]))
		for _, v := range series[name] {
			data = append(data, opts.BarData{Value: v})
		}
		var so []charts.SeriesOpts
		if i == 0 && markText != "" {
			so = append(so,
				charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: markText, XAxis: mark}),
				charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"}, LineStyle: &opts.LineStyle{Type: "dashed", Width: 2},
					// The line runs down the inverse category axis: its
					// start is at the plot's top.
					Label: &opts.Label{Show: opts.Bool(true), Position: "start", Formatter: "{b}"}}),
			)
		}
		bar.AddSeries(name, data, so...)
	}
	bar.XYReversal()
	return bar
}

// QuarterProgress returns the chart of a quarter's progress and its
// objectives' against the share of the quarter elapsed.
func QuarterProgress(id string, qn *okr.QuarterNumbers) *Chart {
	title := qn.Quarter.ID + " progress against expected"
	labels := []string{"Quarter"}
	prog := []float64{pct(qn.Progress)}
	t := Table{Caption: title + " (expected: " + Percent(qn.Expected) + " of the quarter elapsed)", Header: []string{"", "Progress", "Expected", "Status"}}
	t.Rows = append(t.Rows, []string{qn.Quarter.ID, Percent(qn.Progress), Percent(qn.Expected), StatusText(qn.Status)})
	for _, on := range qn.Objectives {
		labels = append(labels, on.Objective.ID)
		prog = append(prog, pct(on.Progress))
		t.Rows = append(t.Rows, []string{on.Objective.ID + " " + on.Objective.Title, Percent(on.Progress), Percent(qn.Expected), StatusText(on.Status)})
	}
	c := bars(id, title, "expected "+Percent(qn.Expected), percents, labels, map[string][]float64{"Progress": prog}, []string{"Progress"}, Percent(qn.Expected), pct(qn.Expected))
	return finish(id, title, c, t, nil)
}

// ObjectiveScores returns the chart of an ended quarter's objective
// scores against the 0.7 line.
func ObjectiveScores(id string, qn *okr.QuarterNumbers) *Chart {
	title := qn.Quarter.ID + " objective scores"
	var labels []string
	var values []float64
	t := Table{Caption: title + " (0.7 counts as achieved)", Header: []string{"Objective", "Score", "Grade"}}
	for _, on := range qn.Objectives {
		labels = append(labels, on.Objective.ID)
		s := score(on.Score)
		values = append(values, roundScore(s))
		t.Rows = append(t.Rows, []string{on.Objective.ID + " " + on.Objective.Title, Score(s), on.Grade})
	}
	c := bars(id, title, "0.7 = achieved", scores, labels, map[string][]float64{"Score": values}, []string{"Score"}, "0.7", 0.7)
	return finish(id, title, c, t, nil)
}

// KRScores returns the chart of an ended quarter's key result scores
// against the 0.7 line.
func KRScores(id string, qn *okr.QuarterNumbers) *Chart {
	title := qn.Quarter.ID + " key result scores"
	var labels []string
	var values []float64
	t := Table{Caption: title + " (0.7 counts as achieved; 1.0 for committed objectives)", Header: []string{"Key result", "Score", "Grade"}}
	for _, on := range qn.Objectives {
		for _, kn := range on.KeyResults {
			labels = append(labels, kn.KR.Ref())
			s := score(kn.Score)
			values = append(values, roundScore(s))
			t.Rows = append(t.Rows, []string{kn.KR.Ref() + " " + kn.KR.Title, Score(s), kn.Grade})
		}
	}
	c := bars(id, title, "0.7 = achieved", scores, labels, map[string][]float64{"Score": values}, []string{"Score"}, "0.7", 0.7)
	return finish(id, title, c, t, nil)
}

// QuarterOverQuarter returns the chart of every quarter's progress (its
// score once over) next to the share of it elapsed.
func QuarterOverQuarter(id string, qs []*okr.QuarterNumbers) *Chart {
	title := "Quarter over quarter"
	var labels []string
	prog, exp := []float64{}, []float64{}
	t := Table{Caption: title, Header: []string{"Quarter", "Progress or score", "Expected", "Status or grade"}}
	for _, qn := range qs {
		labels = append(labels, qn.Quarter.ID)
		prog = append(prog, pct(qn.Progress))
		exp = append(exp, pct(qn.Expected))
		state := StatusText(qn.Status)
		if qn.Grade != "" {
			state = qn.Grade
		}
		t.Rows = append(t.Rows, []string{qn.Quarter.ID, Percent(qn.Progress), Percent(qn.Expected), state})
	}
	c := bars(id, title, "progress, or score once a quarter is over", percents, labels,
		map[string][]float64{"Progress": prog, "Expected": exp}, []string{"Progress", "Expected"}, "", 0)
	return finish(id, title, c, t, nil)
}

// roundScore rounds a score to the two decimals Score shows, for chart
// data.
func roundScore(s float64) float64 { return math.Round(s*100) / 100 }

func score(s *float64) float64 {
	if s == nil {
		return 0
	}
	return *s
}

// StatusText names a status for readers; null (quarter over) is "ended".
func StatusText(s string) string {
	switch s {
	case "":
		return "ended"
	case okr.StatusOnTrack:
		return "on track"
	case okr.StatusAtRisk:
		return "at risk"
	case okr.StatusOffTrack:
		return "off track"
	case okr.StatusNotStarted:
		return "not started"
	}
	return s
}
