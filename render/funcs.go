package render

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
)

// funcs are the functions layouts may call.
func (r *renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"percent":       charts.Percent,
		"score":         scoreText,
		"number":        charts.Number,
		"statusText":    charts.StatusText,
		"target":        charts.TargetText,
		"targetInForce": charts.TargetInForce,
		"atThisPace":    charts.AtThisPace,
		"moved":         charts.MovedText,
		"brier":         charts.Brier,
		"brierLine":     charts.BrierLine,
		"shortDate":     charts.ShortDate,
		"current":       charts.Current,
		"updateValue":   charts.Reported,
		"width":         width,
		"quarterURL":    QuarterURL,
		"objectiveURL":  ObjectiveURL,
		"checkinURL":    CheckInURL,
		"csvURL":        CSVURL,
		"pageURL":       PageURL,
		"markdown":      func(s string) template.HTML { return r.markdown([]byte(s)) },
		"chartData":     chartData,
		"nav":           r.nav,
		"chartTable":    chartTable,
		"kindText":      func(s string) string { return strings.ReplaceAll(s, "_", " ") },
		"mark":          statusMark,
		"daysLeft":      func(q *okr.QuarterNumbers) int { return q.Quarter.End.Sub(r.num.AsOf) },
		"running":       func(q *okr.QuarterNumbers) bool { return q.Phase == okr.Running },
		"pe":            progressBar,
		"card": func(root string, o *okr.ObjectiveNumbers, q *quarterView) objectiveCard {
			return objectiveCard{Root: root, O: o, Expected: o.Expected, Serves: r.serves(root, o.Objective), Aligned: r.aligned(root, o.Objective)}
		},
		"teamCard":     func(root string, t *teamView) teamCard { return teamCard{root, t} },
		"daysFrom":     r.daysFrom,
		"reverse":      reverse,
		"updateRows":   updateRows,
		"noteItems":    noteItems,
		"checkInItems": checkInItems,
	}
}

// daysFrom tells how far day d is from the numbers' as-of day: "today",
// "tomorrow", "in 3 days", "yesterday", "5 days ago".
func (r *renderer) daysFrom(d okr.Date) string {
	n := d.Sub(r.num.AsOf)
	switch {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n == -1:
		return "yesterday"
	case n > 0:
		return "in " + strconv.Itoa(n) + " days"
	}
	return strconv.Itoa(-n) + " days ago"
}

// scoreText formats a score, or "—" for none.
func scoreText(s *float64) string {
	if s == nil {
		return "—"
	}
	return charts.Score(*s)
}

// width returns a share as a percentage for SVG widths, clamped to 0..100.
func width(p float64) string {
	p = max(0, min(1, p))
	return strconv.FormatFloat(float64(int(p*1000+0.5))/10, 'f', -1, 64)
}

// statusMark returns the symbol that, beside its word, tells a status or
// grade apart without colour.
func statusMark(s string) string {
	switch s {
	case okr.StatusDone, okr.GradeAchieved:
		return "✓"
	case okr.StatusOnTrack:
		return "●"
	case okr.StatusAtRisk, okr.GradePartial:
		return "▲"
	case okr.StatusOffTrack, okr.GradeMissed:
		return "✕"
	case okr.StatusNotStarted:
		return "○"
	}
	return "■"
}

// bar is what the "bar" template draws: progress, and the expected pace
// while the quarter runs.
type bar struct{ P, E float64 }

func progressBar(progress, expected float64, status string) bar {
	if status == "" || status == okr.StatusNotStarted {
		expected = 0
	}
	return bar{progress, expected}
}

// objectiveCard is what the "objective-card" template draws.
type objectiveCard struct {
	Root     string
	O        *okr.ObjectiveNumbers
	Expected float64
	Team     string          // the name of the objective's team, on the page of the objective it serves
	Serves   []objectiveLink // the parent's objectives it serves
	Aligned  []objectiveLink // the team objectives aligned to it
}

func reverse(cs []*okr.CheckIn) []*okr.CheckIn {
	out := make([]*okr.CheckIn, len(cs))
	for i, c := range cs {
		out[len(cs)-1-i] = c
	}
	return out
}

// chartData returns a chart's data-chart attribute. The option JSON runs to
// kilobytes; escaping it here once is much faster than html/template's
// escaper, rune by rune, and gives the same text.
func chartData(c *charts.Chart) template.HTMLAttr {
	b := getBuffer()
	defer putBuffer(b)
	b.WriteString(`data-chart="`)
	writeEscapedBytes(b, c.Option)
	b.WriteString(`"`)
	return template.HTMLAttr(b.String())
}

// chartTable returns a chart's text equivalent as an HTML table. Charts
// carry every point of their series: built here, each cell escaped once,
// it costs a fraction of a template action per cell.
func chartTable(t charts.Table) template.HTML {
	b := getBuffer()
	defer putBuffer(b)
	writeChartTable(b, t)
	return template.HTML(b.String())
}

// writeChartTable writes chartTable's table into b.
func writeChartTable(b *bytes.Buffer, t charts.Table) {
	b.WriteString(`<div class="table-wrap"><table>` + "\n  <caption>")
	writeEscaped(b, t.Caption)
	b.WriteString("</caption>\n  <thead><tr>")
	for _, h := range t.Header {
		b.WriteString(`<th scope="col">`)
		writeEscaped(b, h)
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n  <tbody>")
	for _, row := range t.Rows {
		b.WriteString("<tr>")
		for i, c := range row {
			if i == 0 {
				b.WriteString(`<th scope="row">`)
				writeEscaped(b, c)
				b.WriteString("</th>")
			} else {
				b.WriteString("<td>")
				writeEscaped(b, c)
				b.WriteString("</td>")
			}
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody>\n</table></div>")
}
