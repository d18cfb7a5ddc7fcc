package charts

import (
	"encoding/json"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/okrgen/okrgen/okr"
)

// busyQuarter returns a running quarter's numbers with the history of the
// large site's objectives: five key results of every kind (one metric
// with a due date and a revised target), each with about n updates over
// the quarter, most with a confidence. The same seed gives the same
// quarter.
func busyQuarter(seed uint64, n int) *okr.QuarterNumbers {
	r := rand.New(rand.NewPCG(seed, 1))
	q := &okr.Quarter{ID: "2026-Q4", Start: okr.NewDate(2026, 10, 1), End: okr.NewDate(2026, 12, 31)}
	o := &okr.Objective{ID: "O43", Quarter: q, Title: "Faster & <safer>", Kind: okr.Aspirational, Weight: 1}
	due := okr.NewDate(2026, 12, 1)
	krs := []*okr.KeyResult{
		{ID: "KR1", Objective: o, Kind: okr.Metric, Unit: "ms", Start: f(800), Target: f(200), Weight: 1, Due: &due,
			Revisions: []okr.Revision{{Date: okr.NewDate(2026, 10, 20), Target: 250}}},
		{ID: "KR2", Objective: o, Kind: okr.Milestone, Weight: 1},
		{ID: "KR3", Objective: o, Kind: okr.Threshold, Unit: "%", Target: f(99.9), Direction: okr.AtLeast, Weight: 1},
		{ID: "KR4", Objective: o, Kind: okr.Metric, Unit: "RPS", Start: f(1000), Target: f(4000), Weight: 1},
		{ID: "KR5", Objective: o, Kind: okr.Threshold, Unit: "€", Target: f(12.5), Direction: okr.AtMost, Weight: 1},
	}
	o.KeyResults = krs
	q.Objectives = []*okr.Objective{o}
	site := &okr.Site{Config: okr.Config{StaleAfterDays: 14}, Quarters: []*okr.Quarter{q}}
	days := make([]int, n*len(krs))
	for i := range days {
		days[i] = r.IntN(50)
	}
	sort.Ints(days)
	for i, d := range days {
		c := &okr.CheckIn{Date: q.Start.AddDays(d)}
		kr := krs[r.IntN(len(krs))]
		u := &okr.Update{CheckIn: c, Date: c.Date, KR: kr, Index: i}
		switch kr.Kind {
		case okr.Milestone:
			done := r.IntN(4) == 0
			u.Done = &done
		default:
			u.Value = f(float64(r.IntN(100000)) / float64(1+r.IntN(100)))
		}
		if r.IntN(5) > 0 {
			conf := r.IntN(11)
			u.Confidence = &conf
		}
		c.Updates = []*okr.Update{u}
		site.CheckIns = append(site.CheckIns, c)
	}
	return okr.Compute(site, okr.NewDate(2026, 11, 23)).Quarters[0]
}

// BenchmarkKeyResult measures the chart of a key result, over the five of
// a busy quarter: go test -bench KeyResult -benchmem ./charts/.
func BenchmarkKeyResult(b *testing.B) {
	krs := busyQuarter(1, 20).Objectives[0].KeyResults
	for b.Loop() {
		for _, kn := range krs {
			KeyResult("kr", kn)
		}
	}
}

// BenchmarkConfidence measures the confidence chart of a busy quarter's
// objective.
func BenchmarkConfidence(b *testing.B) {
	krs := busyQuarter(1, 20).Objectives[0].KeyResults
	for b.Loop() {
		Confidence("c", "Confidence", krs)
	}
}

// BenchmarkLayout measures merging the line layout into the marshalled
// option of a key result's chart: through a map (roundTrip) and at the
// JSON level (sortedJSON).
func BenchmarkLayout(b *testing.B) {
	kn := busyQuarter(1, 20).Objectives[0].KeyResults[0]
	s := KRValues(kn)
	line := charts.NewLine()
	line.SetGlobalOptions(common("kr", "O43.KR1 over time", "", true)...)
	line.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithXAxisOpts(timeAxis(s.First, s.Last)),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Scale: opts.Bool(true), Name: s.Unit}),
	)
	line.AddSeries("Value", lineData(s.Values), charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true)}))
	for _, ps := range [][]Point{s.Target, s.Pace, s.Trend} {
		line.AddSeries("Target", lineData(ps), charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 1.5, Color: targetColor}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: targetColor}),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
	}
	line.Validate()
	opt, err := json.Marshal(line.JSON())
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range []struct {
		name string
		f    func([]byte, map[string]any) ([]byte, error)
	}{{"roundTrip", roundTrip}, {"sortedJSON", sortedJSON}} {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(len(opt)))
			for b.Loop() {
				if _, err := f.f(opt, lineLayout()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
