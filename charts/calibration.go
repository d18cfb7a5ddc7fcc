package charts

import (
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/okrgen/okrgen/okr"
)

// Reliability returns the reliability chart of an ended quarter's
// calibration (SPEC section 11): for each confidence bin with updates, the
// share of outcomes achieved against the stated probability, next to the
// diagonal of perfect calibration. It is nil without a calibration.
func Reliability(id string, qn *okr.QuarterNumbers) *Chart {
	c := qn.Calibration
	if c == nil {
		return nil
	}
	title := qn.Quarter.ID + " calibration"
	line := charts.NewLine()
	line.SetGlobalOptions(common(id, title, "stated (across) against achieved (up)", true)...)
	line.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Max: 100, Name: "achieved", AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
	)
	t := Table{Caption: title + ": stated confidence against outcomes (Brier score " + Brier(c.Brier) + ", " + Reading(c) + ")", Header: []string{"Confidence", "Updates", "Stated", "Achieved"}}
	var pts []opts.LineData
	for _, b := range c.Bins {
		bin := strconv.Itoa(b.From) + "–" + strconv.Itoa(b.To)
		if b.Stated == nil || b.Achieved == nil {
			t.Rows = append(t.Rows, []string{bin, "0", "—", "—"})
			continue
		}
		pts = append(pts, opts.LineData{Name: bin, Value: []any{pct(*b.Stated), pct(*b.Achieved)}})
		t.Rows = append(t.Rows, []string{bin, strconv.Itoa(b.Updates), Percent(*b.Stated), Percent(*b.Achieved)})
	}
	addSeries(line, "Perfect calibration", []opts.LineData{{Value: []any{0, 0}}, {Value: []any{100, 100}}},
		charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 1.5, Color: paceColor}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: paceColor}),
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
	addSeries(line, "Achieved", pts, charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), SymbolSize: 10}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: trendColor}),
		charts.WithLineStyleOpts(opts.LineStyle{Width: 2, Color: trendColor}))
	return finish(id, title, line, t, map[string]any{"yAxis": map[string]any{"nameTextStyle": map[string]any{"align": "left"}}})
}

// Brier formats a Brier score to two decimals: "0.12".
func Brier(b float64) string { return strconv.FormatFloat(math.Round(b*100)/100, 'f', 2, 64) }

// Reading says in a few words what a calibration means. A Brier score of
// 0.25 or more is no better than always saying 5; a bias beyond a tenth
// either way is over- or under-confidence; else it is well calibrated.
func Reading(c *okr.Calibration) string {
	lean := ""
	switch {
	case c.Bias > 0.1:
		lean = "over-confident"
	case c.Bias < -0.1:
		lean = "under-confident"
	}
	switch {
	case c.Brier >= 0.25 && lean != "":
		return "no better than always saying 5, and " + lean
	case c.Brier >= 0.25:
		return "no better than always saying 5"
	case lean != "":
		return lean
	}
	return "well calibrated"
}

// BrierLine is the one-line reading of a calibration: "0.12: well
// calibrated".
func BrierLine(c *okr.Calibration) string { return Brier(c.Brier) + ": " + Reading(c) }

// ConfidenceOutcomes returns the table of an ended quarter's key results
// that gave a confidence: each one's confidence history ("7 on Jul 14, 5
// on Aug 1") against its grade.
func ConfidenceOutcomes(qn *okr.QuarterNumbers) Table {
	t := Table{Caption: qn.Quarter.ID + ": confidence history against outcome", Header: []string{"Key result", "Confidence history", "Outcome"}}
	for _, on := range qn.Objectives {
		for _, kn := range on.KeyResults {
			var h []string
			for _, u := range kn.History {
				if u.Confidence != nil {
					h = append(h, strconv.Itoa(*u.Confidence)+" on "+ShortDate(u.Date))
				}
			}
			if len(h) == 0 {
				continue
			}
			grade := kn.Grade
			if grade == "" {
				grade = "—"
			}
			t.Rows = append(t.Rows, []string{kn.KR.Ref() + " " + kn.KR.Title, strings.Join(h, ", "), grade})
		}
	}
	return t
}
