package charts

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/okrgen/okrgen/okr"
)

// TestSortedJSON: sortedJSON gives the bytes of the round trip through a
// map, on the cases where the two could part: escapes, equal keys, a patch
// on a scalar, into a list of mixed values, or of keys the option lacks.
func TestSortedJSON(t *testing.T) {
	layout := map[string]any{
		"yAxis": map[string]any{"nameTextStyle": map[string]any{"align": "left"}},
		"xAxis": map[string]any{"axisLabel": map[string]any{"padding": []any{0, 6}, "backgroundColor": "rgba(0,0,0,0)"}},
	}
	tests := []struct {
		name, in string
		patch    map[string]any
		want     string
	}{
		{"sorted at every depth", `{"b":{"z":1,"a":[{"y":true,"x":null}]},"a":"\u003c"}`, nil,
			`{"a":"\u003c","b":{"a":[{"x":null,"y":true}],"z":1}}`},
		{"empty", `{"b":{},"a":[],"c":[[]]}`, nil, `{"a":[],"b":{},"c":[[]]}`},
		{"numbers keep their text", `{"a":[1e+21,-0,0.1,1.5e-7,12345678901234567890]}`, nil,
			`{"a":[1e+21,-0,0.1,1.5e-7,12345678901234567890]}`},
		{"the last of equal keys", `{"a":1,"b":2,"a":3}`, nil, `{"a":3,"b":2}`},
		{"escapes as json.Marshal writes them", `{"k\u003c":"\u003c\u0026\u003e\n\u2028\ufffd\"\\é\u00e9","\u00e9":1}`, nil,
			`{"k\u003c":"\u003c\u0026\u003e\n\u2028` + "\ufffd" + `\"\\éé","é":1}`},
		{"escaped keys sort by their text", `{"\u00e9":1,"z":2,"\u0061b":3}`, nil, `{"ab":3,"z":2,"é":1}`},
		{"layout into objects and lists", `{"yAxis":[{"type":"value"},3,[{"a":1}],{"nameTextStyle":{"color":"red","align":"right"}}],"xAxis":[{"axisLabel":{"show":true}}]}`, layout,
			`{"xAxis":[{"axisLabel":{"backgroundColor":"rgba(0,0,0,0)","padding":[0,6],"show":true}}],"yAxis":[{"nameTextStyle":{"align":"left"},"type":"value"},3,[{"a":1}],{"nameTextStyle":{"align":"left","color":"red"}}]}`},
		{"layout over a scalar or nothing", `{"yAxis":"none","zz":1}`, layout,
			`{"xAxis":{"axisLabel":{"backgroundColor":"rgba(0,0,0,0)","padding":[0,6]}},"yAxis":{"nameTextStyle":{"align":"left"}},"zz":1}`},
		{"layout values as json.Marshal writes them", `{}`, map[string]any{"a": []any(nil), "b": map[string]any(nil), "c": []any{1.5, -2, "x<", map[string]any{"z": "é", "y": true}, nil}, "d": "\u2028"},
			`{"a":null,"b":null,"c":[1.5,-2,"x\u003c",{"y":true,"z":"é"},null],"d":"\u2028"}`},
		{"layout over equal keys", `{"yAxis":{"a":1},"yAxis":{"b":2}}`, layout,
			`{"xAxis":{"axisLabel":{"backgroundColor":"rgba(0,0,0,0)","padding":[0,6]}},"yAxis":{"b":2,"nameTextStyle":{"align":"left"}}}`},
	}
	for _, tt := range tests {
		old, err := roundTrip([]byte(tt.in), tt.patch)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if string(old) != tt.want {
			t.Fatalf("%s: the round trip gives %s, the test wants %s", tt.name, old, tt.want)
		}
		got, err := sortedJSON([]byte(tt.in), tt.patch)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: sortedJSON = %s, %v; want %s", tt.name, got, err, tt.want)
		}
	}
}

// TestSortedJSONRandom compares sortedJSON with the round trip through a
// map on random JSON, written as json.Marshal writes it but with keys out
// of order and repeated, and random patches.
func TestSortedJSONRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 17))
	for i := range 3000 {
		var b strings.Builder
		randomJSON(r, &b, 0, true)
		in := b.String()
		patch := randomPatch(r, 0)
		if r.IntN(4) == 0 {
			patch = nil
		}
		want, err := roundTrip([]byte(in), patch)
		if err != nil {
			t.Fatalf("%d: %s: %v", i, in, err)
		}
		got, err := sortedJSON([]byte(in), patch)
		if err != nil || string(got) != string(want) {
			t.Fatalf("%d: sortedJSON(%s, %v)\n = %s, %v\nwant %s", i, in, patch, got, err, want)
		}
	}
}

// TestFinishRandomCharts compares finish with the round trip it replaces
// on random line and bar charts of the options this package sets, with
// random texts, series and layouts, and on the line layout.
func TestFinishRandomCharts(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 2))
	for i := range 500 {
		var c option
		if r.IntN(3) == 0 {
			c = randomBar(r)
		} else {
			c = randomLine(r)
		}
		layout := lineLayout()
		if r.IntN(2) == 0 {
			layout = randomPatch(r, 0)
		}
		c.Validate()
		b, err := json.Marshal(c.JSON())
		if err != nil {
			t.Fatal(err)
		}
		want, err := roundTrip(b, layout)
		if err != nil {
			t.Fatal(err)
		}
		got := finish("c", "t", c, Table{}, layout).Option
		if string(got) != string(want) {
			t.Fatalf("%d: finish gives\n%s\nthe round trip\n%s", i, got, want)
		}
		if direct, err := sortedJSON(b, layout); err != nil || string(direct) != string(want) {
			t.Fatalf("%d: sortedJSON = %s, %v", i, direct, err)
		}
	}
}

// The pieces of random texts: HTML's specials, escapes, quotes, runes
// beyond ASCII and bytes that are not UTF-8.
var textParts = []string{"a", "Z", "0", " ", "<", ">", "&", `"`, `\`, "/", "\n", "\t", "\x00", "\x1f", "\x7f",
	"é", "€", "😀", "\u2028", "\u2029", "\ufffd", "\xff", "\xc3", "\xe2\x82", "{", "}", "[", "]", ":", ","}

func randomText(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(6) {
		b.WriteString(textParts[r.IntN(len(textParts))])
	}
	return b.String()
}

// A small set of keys, so that objects repeat them and patches meet them.
var keyParts = []string{"a", "b", "yAxis", "xAxis", "é", "<", "A", "aa", ""}

func randomKey(r *rand.Rand) string {
	if r.IntN(8) == 0 {
		return randomText(r)
	}
	return keyParts[r.IntN(len(keyParts))]
}

func randomNumber(r *rand.Rand) float64 {
	switch r.IntN(5) {
	case 0:
		return float64(r.IntN(200) - 100)
	case 1:
		return r.NormFloat64() * math.Pow(10, float64(r.IntN(50)-25))
	case 2:
		return math.Copysign(0, -1)
	}
	return math.Round(r.Float64()*10000) / 10
}

// randomJSON writes a random compact JSON value to b, its strings and
// numbers as json.Marshal writes them.
func randomJSON(r *rand.Rand, b *strings.Builder, depth int, object bool) {
	kind := r.IntN(7)
	if depth > 4 {
		kind = 2 + r.IntN(5)
	}
	if object {
		kind = 0
	}
	switch kind {
	case 0:
		b.WriteByte('{')
		for i := range r.IntN(6) {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(randomKey(r))
			b.Write(k)
			b.WriteByte(':')
			randomJSON(r, b, depth+1, false)
		}
		b.WriteByte('}')
	case 1:
		b.WriteByte('[')
		for i := range r.IntN(5) {
			if i > 0 {
				b.WriteByte(',')
			}
			randomJSON(r, b, depth+1, false)
		}
		b.WriteByte(']')
	case 2:
		s, _ := json.Marshal(randomText(r))
		b.Write(s)
	case 3:
		n, _ := json.Marshal(randomNumber(r))
		b.Write(n)
	case 4:
		b.WriteString([]string{"true", "false", "null"}[r.IntN(3)])
	default:
		randomJSON(r, b, depth+1, r.IntN(2) == 0)
	}
}

// randomPatch returns a random layout: objects of strings, numbers, lists
// and further objects.
func randomPatch(r *rand.Rand, depth int) map[string]any {
	p := map[string]any{}
	for range 1 + r.IntN(3) {
		k := randomKey(r)
		switch n := r.IntN(6); {
		case n < 3 && depth < 3:
			p[k] = randomPatch(r, depth+1)
		case n == 3:
			p[k] = []any{r.IntN(10), randomText(r)}
		case n == 4:
			p[k] = randomNumber(r)
		default:
			p[k] = randomText(r)
		}
	}
	return p
}

// randomLine returns a line chart built as KeyResult and Confidence build
// theirs, with random texts and series.
func randomLine(r *rand.Rand) *charts.Line {
	id := ID(randomText(r))
	line := charts.NewLine()
	line.SetGlobalOptions(common(id, randomText(r), randomText(r), r.IntN(2) == 0)...)
	first := okr.NewDate(2026, time.Month(1+r.IntN(12)), 1+r.IntN(28))
	line.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithXAxisOpts(timeAxis(first, first.AddDays(r.IntN(100)))),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Scale: opts.Bool(r.IntN(2) == 0), Name: randomText(r)}),
	)
	for range r.IntN(5) {
		var pts []Point
		for range r.IntN(30) {
			pts = append(pts, Point{Date: first.AddDays(r.IntN(100)), Value: randomNumber(r)})
		}
		addSeries(line, randomText(r), lineData(pts), randomSeriesOpts(r, first)...)
	}
	return line
}

// randomSeriesOpts returns the options of a series of a line chart, as
// KeyResult and Confidence give them, at random.
func randomSeriesOpts(r *rand.Rand, due okr.Date) []charts.SeriesOpts {
	so := []charts.SeriesOpts{charts.WithLineChartOpts(opts.LineChart{Step: r.IntN(2) == 0, ShowSymbol: opts.Bool(r.IntN(2) == 0)})}
	if r.IntN(2) == 0 {
		so = append(so,
			charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: randomText(r), XAxis: due.String()}),
			charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
				Label:     &opts.Label{Show: opts.Bool(true), Formatter: "due", Color: dueColor},
				LineStyle: &opts.LineStyle{Type: "dashed", Width: 1.5, Color: dueColor}}))
	}
	if r.IntN(2) == 0 {
		so = append(so, charts.WithLineStyleOpts(opts.LineStyle{Type: "dotted", Width: float32(randomNumber(r)), Color: randomText(r)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: targetColor}))
	}
	return so
}

// TestAddSeries: addSeries adds the series line.AddSeries adds, as no
// field of a series has a default value for go-echarts to set.
func TestAddSeries(t *testing.T) {
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			if f.Tag.Get("default") != "" {
				t.Errorf("go-echarts gives %s.%s a default value: addSeries must set it", typ.Name(), f.Name)
			}
			if f.Type.Kind() == reflect.Struct {
				walk(f.Type)
			}
		}
	}
	walk(reflect.TypeFor[charts.SingleSeries]())
	r := rand.New(rand.NewPCG(9, 9))
	for i := range 200 {
		theirs, ours := charts.NewLine(), charts.NewLine()
		animation := r.IntN(2) == 0
		theirs.SetGlobalOptions(charts.WithAnimation(animation))
		ours.SetGlobalOptions(charts.WithAnimation(animation))
		for range 1 + r.IntN(3) {
			name, data := randomText(r), lineData([]Point{{Date: okr.NewDate(2026, 7, 1), Value: randomNumber(r)}})
			so := randomSeriesOpts(rand.New(rand.NewPCG(uint64(i), 0)), okr.NewDate(2026, 8, 1))
			theirs.AddSeries(name, data, so...)
			so = randomSeriesOpts(rand.New(rand.NewPCG(uint64(i), 0)), okr.NewDate(2026, 8, 1))
			addSeries(ours, name, data, so...)
		}
		if !reflect.DeepEqual(theirs.MultiSeries, ours.MultiSeries) {
			t.Fatalf("%d: AddSeries gives %+v, addSeries %+v", i, theirs.MultiSeries, ours.MultiSeries)
		}
	}
}

// randomBar returns a bar chart as bars builds it, with random labels and
// values.
func randomBar(r *rand.Rand) *charts.Bar {
	n := r.IntN(8)
	var labels []string
	series := map[string][]float64{}
	for i := range n {
		labels = append(labels, randomText(r)+strconv.Itoa(i))
		series["a"] = append(series["a"], randomNumber(r))
		series["b"] = append(series["b"], randomNumber(r))
	}
	order := []string{"a", "b"}[:1+r.IntN(2)]
	return bars(ID(randomText(r)), randomText(r), randomText(r), percents, labels, series, order, fmt.Sprint(randomNumber(r)), randomNumber(r))
}
