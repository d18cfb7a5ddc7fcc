package charts

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/okr"
)

func f(v float64) *float64 { return &v }

// fixture builds a running quarter's numbers by hand: a decreasing metric
// with two updates on one day, a milestone, and a threshold.
func fixture() *okr.QuarterNumbers { return fixtureAt(okr.NewDate(2026, 8, 15)) }

// fixtureAt is fixture as of a day.
func fixtureAt(asOf okr.Date) *okr.QuarterNumbers { return fixtureRevised(asOf, nil) }

// fixtureRevised is fixtureAt with revisions of the metric's target.
func fixtureRevised(asOf okr.Date, revs []okr.Revision) *okr.QuarterNumbers {
	q := &okr.Quarter{ID: "2026-Q3", Start: okr.NewDate(2026, 7, 1), End: okr.NewDate(2026, 9, 30)}
	o := &okr.Objective{ID: "O1", Quarter: q, Title: "Faster", Kind: okr.Aspirational, Weight: 1}
	metric := &okr.KeyResult{ID: "KR1", Objective: o, Kind: okr.Metric, Unit: "ms", Start: f(200), Target: f(100), Weight: 1, Revisions: revs}
	ms := &okr.KeyResult{ID: "KR2", Objective: o, Kind: okr.Milestone, Weight: 1}
	th := &okr.KeyResult{ID: "KR3", Objective: o, Kind: okr.Threshold, Unit: "%", Target: f(99.9), Direction: okr.AtLeast, Weight: 1}
	o.KeyResults = []*okr.KeyResult{metric, ms, th}
	q.Objectives = []*okr.Objective{o}
	c1 := &okr.CheckIn{Date: okr.NewDate(2026, 7, 14)}
	c2 := &okr.CheckIn{Date: okr.NewDate(2026, 7, 14)}
	c3 := &okr.CheckIn{Date: okr.NewDate(2026, 8, 1)}
	seven, done := 7, true
	site := &okr.Site{Config: okr.Config{StaleAfterDays: 14}, Quarters: []*okr.Quarter{q}, CheckIns: []*okr.CheckIn{c1, c2, c3}}
	c1.Updates = []*okr.Update{{CheckIn: c1, Date: c1.Date, KR: metric, Value: f(180), Confidence: &seven}}
	c2.Updates = []*okr.Update{{CheckIn: c2, Date: c2.Date, KR: metric, Value: f(175)}, {CheckIn: c2, Date: c2.Date, KR: th, Value: f(99.95)}}
	c3.Updates = []*okr.Update{{CheckIn: c3, Date: c3.Date, KR: ms, Done: &done}, {CheckIn: c3, Date: c3.Date, KR: metric, Value: f(150), Confidence: &seven}}
	return okr.Compute(site, asOf).Quarters[0]
}

func TestKRValues(t *testing.T) {
	qn := fixture()
	krs := qn.Objectives[0].KeyResults
	tests := []struct {
		name         string
		got          KRSeries
		values, pace string
	}{
		// The start value at the quarter's start; two updates on one day
		// give two points, as they are two entries of history.
		{"metric", KRValues(krs[0]), "2026-07-01=200 2026-07-14=180 2026-07-14=175 2026-08-01=150", "2026-07-01=200 2026-09-30=100"},
		{"milestone", KRValues(krs[1]), "2026-07-01=0 2026-08-01=100", ""},
		{"threshold", KRValues(krs[2]), "2026-07-14=99.95", ""},
	}
	for _, tt := range tests {
		if got := points(tt.got.Values); got != tt.values {
			t.Errorf("%s values = %s, want %s", tt.name, got, tt.values)
		}
		if got := points(tt.got.Pace); got != tt.pace {
			t.Errorf("%s pace = %s, want %s", tt.name, got, tt.pace)
		}
	}
	if got := points(KRValues(krs[0]).Target); got != "2026-07-01=100 2026-09-30=100" {
		t.Errorf("target line = %s", got)
	}
	if got := paceAt(krs[0], okr.NewDate(2026, 8, 15)); got != 150 {
		t.Errorf("paceAt mid-quarter = %v, want 150", got)
	}
}

func points(ps []Point) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Date.String()+"="+Number(p.Value))
	}
	return strings.Join(s, " ")
}

func TestChartOptions(t *testing.T) {
	qn := fixture()
	kr := KeyResult("kr_1", qn.Objectives[0].KeyResults[0])
	var opt struct {
		Series []struct {
			Name string
			Data []struct{ Value []any }
		}
		XAxis []struct{ Type, Min, Max string }
	}
	if err := json.Unmarshal(kr.Option, &opt); err != nil {
		t.Fatal(err)
	}
	// The quarter runs: the metric's trend is the fourth series.
	if len(opt.Series) != 4 || opt.Series[0].Name != "Value" || opt.Series[1].Name != "Target" || opt.Series[2].Name != "Expected pace" || opt.Series[3].Name != "Trend" {
		t.Fatalf("series = %+v", opt.Series)
	}
	if len(opt.Series[0].Data) != 4 || opt.Series[0].Data[3].Value[1].(float64) != 150 {
		t.Errorf("value series = %+v", opt.Series[0].Data)
	}
	if opt.XAxis[0].Type != "time" || opt.XAxis[0].Min != "2026-07-01" || opt.XAxis[0].Max != "2026-09-30" {
		t.Errorf("x axis = %+v", opt.XAxis)
	}
	// The text equivalent carries the same values and the pace at each, at
	// the precision of the key result's values (whole ms).
	if len(kr.Table.Rows) != 4 || strings.Join(kr.Table.Rows[3], "|") != "2026-08-01|150 ms|165 ms" {
		t.Errorf("table rows = %v", kr.Table.Rows)
	}

	p := QuarterProgress("q", qn)
	if !strings.Contains(string(p.Option), `"markLine"`) || !strings.Contains(string(p.Option), `"xAxis":50`) {
		t.Errorf("progress chart lacks the expected line at 50%%: %s", p.Option)
	}
	if len(p.Table.Rows) != 2 || p.Table.Rows[0][2] != "50%" {
		t.Errorf("progress table = %v", p.Table.Rows)
	}
	if c := Confidence("c", "Confidence", qn.Objectives[0].KeyResults); c == nil || len(c.Table.Rows) != 2 {
		t.Errorf("confidence chart = %+v", c)
	}
	if c := Confidence("c", "Confidence", qn.Objectives[0].KeyResults[1:]); c != nil {
		t.Errorf("a chart with no confidence given: %s", c.Option)
	}
	// Stable bytes: the same numbers give the same option.
	if again := KeyResult("kr_1", fixture().Objectives[0].KeyResults[0]); string(again.Option) != string(kr.Option) {
		t.Error("options differ between two runs")
	}
}

// markLineText returns the text echarts shows on a bar chart's mark line,
// and the chart's subtitle.
func markLineText(t *testing.T, c *Chart) (label, subtitle string) {
	t.Helper()
	var opt struct {
		Title  struct{ Subtext string }
		Series []struct {
			MarkLine struct {
				Data []struct {
					Name  string
					XAxis float64
				}
				Label struct {
					Show      bool
					Formatter string
				}
			}
		}
	}
	if err := json.Unmarshal(c.Option, &opt); err != nil {
		t.Fatal(err)
	}
	if len(opt.Series) == 0 || len(opt.Series[0].MarkLine.Data) != 1 {
		t.Fatalf("%s: no mark line: %s", c.ID, c.Option)
	}
	ml := opt.Series[0].MarkLine
	// echarts' default label is the value; "{b}" is the data's name.
	label = Number(ml.Data[0].XAxis)
	if ml.Label.Formatter == "{b}" {
		label = ml.Data[0].Name
	} else if ml.Label.Formatter != "" {
		label = ml.Label.Formatter
	}
	return label, opt.Title.Subtext
}

// TestMarkLineLabels: the line of expected progress and the 0.7 line say
// what the subtitle says, as the pages format it ("51%", not "50.5").
func TestMarkLineLabels(t *testing.T) {
	qn := fixtureAt(okr.NewDate(2026, 8, 16))
	if pct(qn.Expected) == math.Round(pct(qn.Expected)) {
		t.Fatalf("expected %v is a whole percentage; the test needs one that is not", pct(qn.Expected))
	}
	tests := []struct {
		c    *Chart
		want string
	}{
		{QuarterProgress("p", qn), Percent(qn.Expected)},
		{ObjectiveScores("o", qn), "0.7"},
		{KRScores("k", qn), "0.7"},
	}
	for _, tt := range tests {
		label, sub := markLineText(t, tt.c)
		if label != tt.want || !strings.Contains(sub, tt.want) {
			t.Errorf("%s: the line says %q, the subtitle %q; want %q in both", tt.c.ID, label, sub, tt.want)
		}
	}
}

// TestChartLayout: the options that keep a chart's texts apart (the
// browser test TestBrowserChartLabels checks the drawn result).
func TestChartLayout(t *testing.T) {
	qn := fixture()
	for _, c := range []*Chart{
		KeyResult("kr", qn.Objectives[0].KeyResults[0]),
		Confidence("c", "Confidence", qn.Objectives[0].KeyResults),
		QuarterProgress("p", qn),
		QuarterOverQuarter("qoq", []*okr.QuarterNumbers{qn}),
	} {
		var opt struct {
			Legend struct{ Type string }
			Grid   []struct{ ContainLabel bool }
			XAxis  []struct {
				Type, Name string
				AxisLabel  struct{ HideOverlap bool }
			}
			YAxis []struct {
				Name          string
				NameTextStyle struct{ Align string }
			}
		}
		if err := json.Unmarshal(c.Option, &opt); err != nil {
			t.Fatal(err)
		}
		if opt.Legend.Type == "scroll" {
			t.Errorf("%s: a scrolling legend cuts its items off", c.ID)
		}
		if len(opt.Grid) != 1 || !opt.Grid[0].ContainLabel {
			t.Errorf("%s: grid %+v does not contain its labels", c.ID, opt.Grid)
		}
		for _, x := range opt.XAxis {
			if x.Type == "time" && !x.AxisLabel.HideOverlap {
				t.Errorf("%s: the days' labels run into the months'", c.ID)
			}
			if x.Name != "" {
				t.Errorf("%s: x axis name %q at the axis' end reaches past the chart", c.ID, x.Name)
			}
		}
		for _, y := range opt.YAxis {
			if y.Name != "" && y.NameTextStyle.Align != "left" {
				t.Errorf("%s: y axis name %q centred on the axis reaches past the chart's left edge", c.ID, y.Name)
			}
		}
	}
}

// TestScoreScale: a score chart plots scores as the table gives them
// (0.83), on an axis from 0 to 1 with the line at 0.7, not in percent
// beside a line labelled 0.7.
func TestScoreScale(t *testing.T) {
	qn := fixtureAt(okr.NewDate(2026, 10, 15))
	for _, c := range []*Chart{ObjectiveScores("o", qn), KRScores("k", qn)} {
		var opt struct {
			XAxis  []struct{ Max float64 }
			Series []struct {
				Data     []struct{ Value float64 }
				MarkLine struct{ Data []struct{ XAxis float64 } }
			}
		}
		if err := json.Unmarshal(c.Option, &opt); err != nil {
			t.Fatal(err)
		}
		if len(opt.XAxis) != 1 || opt.XAxis[0].Max != 1 || opt.Series[0].MarkLine.Data[0].XAxis != 0.7 {
			t.Errorf("%s: axis %+v, line %+v; want 0 to 1 with the line at 0.7", c.ID, opt.XAxis, opt.Series[0].MarkLine)
		}
		if len(opt.Series[0].Data) != len(c.Table.Rows) {
			t.Fatalf("%s: %d bars, %d rows", c.ID, len(opt.Series[0].Data), len(c.Table.Rows))
		}
		for i, d := range opt.Series[0].Data {
			if got, want := Score(d.Value), c.Table.Rows[i][1]; got != want {
				t.Errorf("%s: bar %d is %v; the table says %s", c.ID, i, d.Value, want)
			}
		}
	}
}
