package charts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/okrgen/okrgen/okr"
)

// Chart is one chart of a page.
type Chart struct {
	ID     string // unique on its page: letters, digits and _ only
	Title  string
	Option []byte // the echarts option, JSON
	Table  Table  // the same data as text
}

// Table is a chart's text equivalent.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
}

// option is what every go-echarts chart gives.
type option interface {
	Validate()
	JSON() map[string]any
}

// finish renders a go-echarts chart's option as JSON, with the layout
// options go-echarts has no field for merged in (see merge). The option map
// is marshalled with sorted keys, so the bytes are stable; with a layout,
// the keys of every object are sorted, as they were when the option went
// through a map to take the layout (see roundTrip).
func finish(id, title string, c option, t Table, layout map[string]any) *Chart {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err == nil && layout != nil {
		var sorted []byte
		if sorted, err = sortedJSON(b, layout); err != nil {
			// sortedJSON reads what json.Marshal writes: this is a
			// safety net.
			sorted, err = roundTrip(b, layout)
		}
		b = sorted
	}
	if err != nil {
		// Options hold strings and finite numbers only.
		panic(fmt.Sprintf("charts: %s: %v", id, err))
	}
	return &Chart{ID: id, Title: title, Option: b, Table: t}
}

// roundTrip merges the layout into the option b by decoding it into a map,
// numbers kept as text, and marshalling the map: the bytes sortedJSON gives
// at a fraction of the cost.
func roundTrip(b []byte, layout map[string]any) ([]byte, error) {
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber() // numbers keep their text
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	merge(m, layout)
	return json.Marshal(m)
}

// addSeries adds a series to a line chart as line.AddSeries does, without
// its reflective walk of the new series for default values: a series has
// no field with one (TestAddSeries), and the walk was a tenth of the cost
// of a key result's chart.
func addSeries(line *charts.Line, name string, data []opts.LineData, options ...charts.SeriesOpts) {
	s := charts.SingleSeries{Name: name, Type: types.ChartLine, Data: data, Animation: line.Animation}
	s.ConfigureSeriesOpts(options...)
	line.MultiSeries = append(line.MultiSeries, s)
}

// merge sets the keys of patch in the option o. An object merges into an
// object key by key, and into every object of a list (all of a chart's
// y axes, say); anything else replaces what o has.
func merge(o, patch map[string]any) {
	for k, v := range patch {
		p, ok := v.(map[string]any)
		if !ok {
			o[k] = v
			continue
		}
		switch d := o[k].(type) {
		case map[string]any:
			merge(d, p)
		case []any:
			for _, e := range d {
				if e, ok := e.(map[string]any); ok {
					merge(e, p)
				}
			}
		default:
			o[k] = v
		}
	}
}

// ID returns s reduced to a chart id: letters, digits and _.
func ID(parts ...string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('_')
		}
		for _, r := range p {
			if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				b.WriteRune(r)
			} else {
				b.WriteByte('_')
			}
		}
	}
	return b.String()
}

// Layout, in pixels. A chart's title takes the top 32 px, a subtitle the
// next 22; the name of the y axis sits 15 px above the plot, so the plot
// starts below both. containLabel fits the axis labels inside the grid,
// and a legend takes the bottom 32 px (one row of it: okrgen.js makes room
// for more rows when the legend wraps).
const (
	gridTop         = 64
	gridTopSubtitle = 84
	gridBottom      = 12
	legendHeight    = 32
)

// common returns the global options every chart shares, with a legend or
// without.
func common(id, title, subtitle string, legend bool) []charts.GlobalOpts {
	top, bottom := gridTop, gridBottom
	if subtitle != "" {
		top = gridTopSubtitle
	}
	if legend {
		bottom += legendHeight
	}
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle}),
		charts.WithAnimation(false),
		// A plain legend wraps to more rows where a scrolling one cuts
		// its items off.
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: strconv.Itoa(top), Bottom: strconv.Itoa(bottom), ContainLabel: opts.Bool(true)}),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true)}),
	}
}

// lineLayout is the layout of a line chart over time beyond go-echarts'
// options. The name of the y axis starts at the axis and runs right, over
// the plot's top margin, so that a long unit is not cut off at the chart's
// left edge. The labels of the time axis are 6 px wider each side for
// hideOverlap, so a day's label hides rather than stand so close to the
// next month's that "29 Dec" reads as a date.
func lineLayout() map[string]any {
	return map[string]any{
		"yAxis": map[string]any{"nameTextStyle": map[string]any{"align": "left"}},
		// zrender counts a label's padding in its box when it has a
		// background, even a transparent one.
		"xAxis": map[string]any{"axisLabel": map[string]any{"padding": []any{0, 6}, "backgroundColor": "rgba(0,0,0,0)"}},
	}
}

// timeAxis returns the x axis of a chart over days from first to last: of
// two labels that would overlap (the 29th and the 1st of the next month),
// the month's stays.
func timeAxis(first, last okr.Date) opts.XAxis {
	return opts.XAxis{Type: "time", Min: first.String(), Max: last.String(),
		AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}
}

// pct returns a share as a percentage rounded to 0.1, for chart data.
func pct(p float64) float64 { return math.Round(p*1000) / 10 }

// Current formats a key result's current value or state: "128 ms", "done",
// "no reading yet".
func Current(kn *okr.KRNumbers) string {
	if kn.KR.Kind == okr.Milestone {
		if kn.Done != nil && *kn.Done {
			return "done"
		}
		return "not done"
	}
	if kn.Current == nil {
		return "no reading yet"
	}
	return Value(*kn.Current, kn.KR.Unit)
}

// Reported formats what an update reports: "139 ms", "done", or its
// confidence when it gives nothing else.
func Reported(u *okr.Update) string {
	switch {
	case u.Done != nil && *u.Done:
		return "done"
	case u.Done != nil:
		return "not done"
	case u.Value != nil:
		return Value(*u.Value, u.KR.Unit)
	case u.Confidence != nil:
		return "confidence " + ConfidenceText(*u.Confidence)
	}
	return "—"
}
