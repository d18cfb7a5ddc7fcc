package render

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"github.com/okrgen/okrgen/okr"
)

// csvHeader names the columns of okrs.csv: one row per key result with
// every number data.json has for it.
var csvHeader = []string{"quarter", "objective", "objective_title", "objective_kind", "objective_weight", "objective_progress",
	"kr", "ref", "title", "kind", "unit", "owner", "weight", "start", "target", "direction", "current", "done",
	"progress", "expected", "status", "score", "grade", "confidence", "stale", "last_update"}

// CSV returns a quarter's okrs.csv (RFC 4180, UTF-8, header row), for
// spreadsheets. Numbers are written as data.json writes them; a null is an
// empty cell.
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
				qn.Quarter.ID, o.ID, o.Title, o.Kind, num(o.Weight), num(on.Progress),
				kr.ID, kr.Ref(), kr.Title, kr.Kind, kr.Unit, kr.Owner, num(kr.Weight), numPtr(kr.Start), numPtr(kr.Target), kr.Direction,
				numPtr(kn.Current), boolPtr(kn.Done), num(kn.Progress), num(kn.Expected), kn.Status, numPtr(kn.Score), kn.Grade,
				intPtr(kn.Confidence), strconv.FormatBool(kn.Stale), kn.LastUpdate.String(),
			})
		}
	}
	w.Flush()
	return b.Bytes()
}

// num formats a number as encoding/json does: the shortest text that reads
// back as the same float64.
func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

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
		files = append(files, file{path: CSVURL(qn.Quarter), lazy: true, gen: func() ([]byte, error) { return CSV(qn), nil }})
	}
	return files
}
