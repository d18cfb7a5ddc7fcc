package okr

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// MaxDataFileSize bounds a data file (SPEC section 10): a daily row for
// years fits many times over.
const MaxDataFileSize = 16 << 20

// maxDataErrors is how many bad rows of one data file are reported: a
// broken export of a million rows says the same thing a million times.
const maxDataErrors = 20

// The columns of a data file (SPEC section 10).
const (
	colDate       = "date"
	colValue      = "value"
	colDone       = "done"
	colConfidence = "confidence"
	colNote       = "note"
)

// decimal matches a number as a spreadsheet or a monitoring export writes
// it: "99.95", "-3", ".5", "1e-3"; not Go's "0x1p2", "1_0", "Inf" or "NaN",
// which strconv.ParseFloat also reads.
var decimal = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// loadDataFiles reads the data file of every key result that names one,
// each file once, and returns the rows of each key result. Errors about the
// file itself (missing, a folder, outside the site) are at the data key
// in okr.toml (file is its name in messages); errors in a file are at
// its line.
func loadDataFiles(root *siteRoot, dir string, quarters []*Quarter, file string, list *ErrorList) map[*KeyResult][]*Update {
	rowsOf := map[*KeyResult][]*Update{}
	read := map[string][]byte{} // by site path, of the files read
	reported := map[string]bool{}
	for _, q := range quarters {
		for _, o := range q.Objectives {
			for _, kr := range o.KeyResults {
				if kr.Data == "" {
					continue
				}
				rel := siteRel(dir, kr.Data)
				e := errs{file: file, list: list}
				if hidden := hiddenFolder(rel); hidden != "" {
					e.at(kr.dataLine, kr.dataCol, "data %q: is inside the hidden folder %s; expected a CSV file inside the site folder, not in a folder whose name starts with a dot", kr.Data, hidden)
					continue
				}
				if strings.HasPrefix(path.Base(rel), ".") {
					// .env and the like hold secrets: not even an error
					// message quotes their lines.
					e.at(kr.dataLine, kr.dataCol, "data %q: is a hidden file; expected a CSV file whose name does not start with a dot", kr.Data)
					continue
				}
				src, ok := read[rel]
				var err error
				if !ok {
					if src, err = root.read(rel, MaxDataFileSize); err == nil {
						read[rel] = src
					}
				}
				if err != nil {
					var se *SourceError
					if errors.As(err, &se) && !se.Outside && se.Limit == 0 && !saysExpected(se) {
						e.at(kr.dataLine, kr.dataCol, "data %q: %s; expected a CSV file inside the site folder, its path relative to it", kr.Data, se.Msg)
					} else if se != nil {
						e.at(kr.dataLine, kr.dataCol, "data %q: %s", kr.Data, se.Msg)
					} else {
						e.at(kr.dataLine, kr.dataCol, "data %q: %v", kr.Data, err)
					}
					continue
				}
				// A file two key results share is parsed for each (its
				// rows are each one's updates), but its errors said once.
				var fileErrs ErrorList
				rows := ParseDataFile(displayName(dir, rel), rel, src, kr, &fileErrs)
				for _, fe := range fileErrs {
					if !reported[fe.Error()] {
						reported[fe.Error()] = true
						*list = append(*list, fe)
					}
				}
				for _, r := range rows {
					if q.Contains(r.Date) {
						rowsOf[kr] = append(rowsOf[kr], r)
					}
				}
			}
		}
	}
	return rowsOf
}

// siteRel returns the site-relative, slash-separated path of a file that
// okr.toml names (a data file, pdf_font):
// an absolute path inside the site is as good as a relative one.
func siteRel(dir, data string) string {
	rel := filepath.ToSlash(data)
	if filepath.IsAbs(data) {
		if abs, err := filepath.Abs(dir); err == nil {
			if r, err := filepath.Rel(abs, data); err == nil {
				rel = filepath.ToSlash(r)
			}
		}
	}
	return path.Clean(rel)
}

// ParseDataFile parses the CSV data file src of kr (SPEC section 10) into
// updates, in file order, each with Source rel; file is its name in
// errors. Every row is returned, whatever its date: the caller skips
// those outside the KR's quarter. Errors are at file:line and name the
// column; after maxDataErrors bad rows the rest are left unsaid.
func ParseDataFile(file, rel string, src []byte, kr *KeyResult, list *ErrorList) []*Update {
	e := errs{file: file, list: list}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if line, msg := textProblem(src); msg != "" {
		e.at(line, 0, "%s; expected CSV text", msg)
		return nil
	}
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1 // ragged rows are reported by line, below
	header, err := r.Read()
	if err == io.EOF {
		e.at(1, 0, "empty data file; expected a header row naming %s", wantColumns(kr))
		return nil
	}
	if err != nil {
		csvError(e, err)
		return nil
	}
	valueCol := colValue
	if kr.Kind == Milestone {
		valueCol = colDone
	}
	nerr := 0
	rowErr := func(line, c int, format string, args ...any) {
		if nerr < maxDataErrors {
			e.at(line, c, format, args...)
		} else if nerr == maxDataErrors {
			e.at(line, 0, "more errors left unsaid; expected every column and row to be right")
		}
		nerr++
	}
	col := map[string]int{}
	bad := false
	headerLine, _ := r.FieldPos(0)
	for _, need := range []string{colDate, valueCol} {
		if !slices.ContainsFunc(header, func(h string) bool { return strings.EqualFold(strings.TrimSpace(h), need) }) {
			rowErr(headerLine, 0, "no %q column; expected a header row naming %s", need, wantColumns(kr))
			bad = true
		}
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		line, c := r.FieldPos(i)
		switch {
		case name == colDate || name == valueCol || name == colConfidence || name == colNote:
			if _, dup := col[name]; dup {
				rowErr(line, c, "column %q appears twice; expected each column once", name)
				bad = true
			}
			col[name] = i
		case name == colValue || name == colDone:
			rowErr(line, c, "column %q: key result %s is a %s; expected %s", name, kr.Ref(), kr.Kind, wantColumns(kr))
			bad = true
		default:
			rowErr(line, c, "unknown column %q; expected %s, optionally %q and %q", h, wantColumns(kr), colConfidence, colNote)
			bad = true
		}
	}
	if bad {
		return nil
	}
	var rows []*Update
	cell := func(rec []string, name string) (string, int, int, bool) {
		i, ok := col[name]
		if !ok || strings.TrimSpace(rec[i]) == "" {
			return "", 0, 0, false
		}
		line, c := r.FieldPos(i)
		return strings.TrimSpace(rec[i]), line, c, true
	}
	for n := 0; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// After a bad quote the reader's place in the file is not to
			// be trusted: stop there.
			csvError(e, err)
			return nil
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			rowErr(line, 0, "row has %d fields; expected %d, one for each column of the header", len(rec), len(header))
			continue
		}
		u := &Update{Source: rel, Index: n, KR: kr, Line: line}
		ok := true
		if s, l, c, has := cell(rec, colDate); !has {
			rowErr(line, 0, "row without a %q; expected YYYY-MM-DD", colDate)
			ok = false
		} else if d, err := ParseDate(s); err != nil {
			rowErr(l, c, "column %q: invalid date %q; expected YYYY-MM-DD", colDate, shorten(s))
			ok = false
		} else {
			u.Date = d
		}
		if s, l, c, has := cell(rec, valueCol); !has {
			rowErr(line, 0, "row without a %q; expected %s", valueCol, wantValue(kr))
			ok = false
		} else if kr.Kind == Milestone {
			switch strings.ToLower(s) {
			case "true":
				t := true
				u.Done = &t
			case "false":
				f := false
				u.Done = &f
			default:
				rowErr(l, c, "column %q: %q is not true or false; expected %s", colDone, shorten(s), wantValue(kr))
				ok = false
			}
		} else {
			v, err := strconv.ParseFloat(s, 64)
			if !decimal.MatchString(s) || err != nil && !errors.Is(err, strconv.ErrRange) || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > MaxNumber {
				rowErr(l, c, "column %q: %q is not a number; expected %s", colValue, shorten(s), wantValue(kr))
				ok = false
			} else {
				u.Value = &v
			}
		}
		if s, l, c, has := cell(rec, colConfidence); has {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 || n > 10 {
				rowErr(l, c, "column %q: %q is not an integer from 0 to 10; expected an integer from 0 to 10, or an empty cell", colConfidence, shorten(s))
				ok = false
			} else {
				u.Confidence = &n
			}
		}
		if s, _, _, has := cell(rec, colNote); has {
			u.Note = s
		}
		if ok {
			rows = append(rows, u)
		}
	}
	if nerr > 0 {
		return nil
	}
	return rows
}

// csvError reports an error of encoding/csv at its line and column.
func csvError(e errs, err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		e.at(pe.Line, pe.Column, "%v; expected CSV (RFC 4180): fields separated by commas, quotes doubled inside quoted fields", pe.Err)
		return
	}
	e.at(0, 0, "cannot read: %v", err)
}

func wantColumns(kr *KeyResult) string {
	if kr.Kind == Milestone {
		return fmt.Sprintf("%q and %q (key result %s is a milestone)", colDate, colDone, kr.Ref())
	}
	return fmt.Sprintf("%q and %q", colDate, colValue)
}

func wantValue(kr *KeyResult) string {
	if kr.Kind == Milestone {
		return "true or false (key result " + kr.Ref() + " is a milestone)"
	}
	return "a number"
}

// shorten keeps a bad cell short in a message.
func shorten(s string) string {
	if len(s) > 40 {
		for i := 40; i > 0; i-- {
			if !isContinuation(s[i]) {
				return s[:i] + "…"
			}
		}
	}
	return s
}

func isContinuation(b byte) bool { return b&0xC0 == 0x80 }

// mergeRows merges a key result's check-in updates (oldest first) with its
// data file rows dated on or before asOf, oldest first. On one date the
// rows come first, in file order, so that a check-in's update wins (SPEC
// section 10: a person's word over a feed).
func mergeRows(updates, rows []*Update, asOf Date) []*Update {
	var rs []*Update
	for _, r := range rows {
		if !r.Date.After(asOf) {
			rs = append(rs, r)
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Date.Before(rs[j].Date) })
	out := make([]*Update, 0, len(updates)+len(rs))
	i := 0
	for _, u := range updates {
		for i < len(rs) && !rs[i].Date.After(u.Date) {
			out = append(out, rs[i])
			i++
		}
		out = append(out, u)
	}
	return append(out, rs[i:]...)
}

// DataFiles returns the site paths of the data files that the definitions
// last loaded name, sorted, whether or not they could be read: serve and
// build --watch watch them, so that one created or mended after a failed
// load rebuilds the site. Paths outside the site are left out.
func (ld *Loader) DataFiles() []string {
	seen := map[string]bool{}
	var out []string
	for _, q := range ld.quarters {
		for _, o := range q.Objectives {
			for _, kr := range o.KeyResults {
				if kr.Data == "" {
					continue
				}
				rel := siteRel(ld.dir, kr.Data)
				if rel == ".." || strings.HasPrefix(rel, "../") || path.IsAbs(rel) || seen[rel] {
					continue
				}
				seen[rel] = true
				out = append(out, rel)
			}
		}
	}
	sort.Strings(out)
	return out
}
