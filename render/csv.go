package render

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
)

// csvHeader names the columns of okrs.csv: one row per key result with
// every number data.json has for it.
var csvHeader = []string{"quarter", "objective", "objective_title", "objective_kind", "objective_weight", "objective_progress",
	"kr", "ref", "title", "kind", "unit", "owner", "weight", "start", "target", "direction", "current", "done",
	"progress", "expected", "status", "score", "grade", "confidence", "stale", "last_update"}

// CSV returns a quarter's okrs.csv (RFC 4180, UTF-8, header row), for
// spreadsheets. Values as typed (weights, start, target, current) are
// written as data.json writes them (target: the one in force); shares (progress, expected, score) are
// rounded to nine decimals, free of the noise of binary arithmetic
// (0.5499999999999999 is 0.55); a null is an empty cell. Text that a
// spreadsheet would run as a formula starts with a single quote (see cell).
func CSV(qn *okr.QuarterNumbers) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true // RFC 4180
	w.Write(csvHeader)
	for _, on := range qn.Objectives {
		o := on.Objective
		for _, kn := range on.KeyResults {
			kr := kn.KR
			w.Write([]string{
				cell(qn.Quarter.ID), cell(o.ID), cell(o.Title), cell(o.Kind), num(o.Weight), share(on.Progress),
				cell(kr.ID), cell(kr.Ref()), cell(kr.Title), cell(kr.Kind), cell(kr.Unit), cell(kr.Owner),
				num(kr.Weight), numPtr(kr.Start), numPtr(kn.Target), cell(kr.Direction),
				numPtr(kn.Current), boolPtr(kn.Done), share(kn.Progress), share(kn.Expected), cell(kn.Status), sharePtr(kn.Score), cell(kn.Grade),
				intPtr(kn.Confidence), strconv.FormatBool(kn.Stale), kn.LastUpdate.String(),
			})
		}
	}
	w.Flush()
	return b.Bytes()
}

// cell returns a text cell of okrs.csv as a spreadsheet should show it. A
// cell that starts with = + - @, a tab or a carriage return (or a
// fullwidth = + - @, which some spreadsheets take for the ASCII ones) is run
// as a formula: =HYPERLINK(...) would make a link, and "-90% API errors"
// shows #NAME?. As OWASP's CSV injection guidance says, such a cell gets a
// single quote in front, which makes it text. Numbers are not text cells:
// they stay numbers, negative ones included.
func cell(s string) string {
	if s == "" {
		return s
	}
	r, _ := utf8.DecodeRuneInString(s)
	if strings.ContainsRune(formulaStarts, r) {
		return "'" + s
	}
	return s
}

// formulaStarts are the first characters that make a spreadsheet cell a
// formula.
const formulaStarts = "=+-@\t\r＝＋－＠"

// num formats a number as encoding/json does: the shortest text that reads
// back as the same float64.
func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// shareDecimals is how many decimals a share has in okrs.csv: far below
// what a person reads, far above the noise of float64 arithmetic.
const shareDecimals = 9

// share formats a computed share (progress, expected, score) for okrs.csv.
func share(v float64) string { return charts.Fixed(v, shareDecimals) }

func sharePtr(v *float64) string {
	if v == nil {
		return ""
	}
	return share(*v)
}

func numPtr(v *float64) string {
	if v == nil {
		return ""
	}
	return num(*v)
}

func intPtr(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

func boolPtr(v *bool) string {
	if v == nil {
		return ""
	}
	return strconv.FormatBool(*v)
}

func (r *renderer) csvs() []file {
	var files []file
	for _, qn := range r.num.Quarters {
		files = append(files, file{path: csvPath(qn.Quarter), lazy: true, gen: func() ([]byte, error) { return CSV(qn), nil }})
	}
	return files
}
