package charts

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

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

// finish renders a go-echarts chart's option as JSON. The option map is
// marshalled with sorted keys, so the bytes are stable.
func finish(id, title string, c option, t Table) *Chart {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		// Options hold strings and finite numbers only.
		panic(fmt.Sprintf("charts: %s: %v", id, err))
	}
	return &Chart{ID: id, Title: title, Option: b, Table: t}
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

// global options every chart shares.
func common(id, title, subtitle string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle}),
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Top: "64", Bottom: "44", ContainLabel: opts.Bool(true)}),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true)}),
	}
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
