package okr

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// q3data is q3 with data files on O1.UP (a metric) and O2.MS (a milestone).
var q3data = strings.Replace(strings.Replace(q3,
	"title = \"Grow from 0 to 50\"", "title = \"Grow from 0 to 50\"\n  data = \"data/up.csv\"", 1),
	"title = \"Ship RBAC\"", "title = \"Ship RBAC\"\n  data = \"data/ms.csv\"", 1)

const msCSV = "date,done\n2026-07-01,false\n"

// history renders a KR's history as "date value|done source" lines.
func history(kn *KRNumbers) string {
	var b []string
	for _, u := range kn.History {
		s := u.Date.String() + " "
		switch {
		case u.Value != nil:
			s += strconv.FormatFloat(*u.Value, 'g', -1, 64)
		case u.Done != nil && *u.Done:
			s += "true"
		case u.Done != nil:
			s += "false"
		}
		if u.Confidence != nil {
			s += " c" + strconv.Itoa(*u.Confidence)
		}
		if u.Note != "" {
			s += " " + u.Note
		}
		if u.FromData() {
			s += " [" + u.Source + "]"
		} else {
			s += " [" + u.CheckIn.Source + "]"
		}
		b = append(b, s)
	}
	return strings.Join(b, "\n")
}

func TestDataFile(t *testing.T) {
	tests := []struct {
		name    string
		csv     string
		updates []upd
		asOf    string
		current float64
		conf    int // -1: nil
		history string
	}{
		{"plain", "date,value\n2026-07-02,10\n2026-07-05,20\n", nil, "2026-08-01", 20, -1,
			"2026-07-02 10 [data/up.csv]\n2026-07-05 20 [data/up.csv]"},
		{"any order, all columns", "note,confidence,value,date\nslow,7,10,2026-07-02\n,,20,2026-07-05\n", nil, "2026-08-01", 20, -1,
			"2026-07-02 10 c7 slow [data/up.csv]\n2026-07-05 20 [data/up.csv]"},
		{"BOM and CRLF", "\uFEFFdate,value\r\n2026-07-02,10\r\n2026-07-05,20\r\n", nil, "2026-08-01", 20, -1,
			"2026-07-02 10 [data/up.csv]\n2026-07-05 20 [data/up.csv]"},
		{"quoted and spaced", "Date , Value,note\n\"2026-07-02\", 10 ,\"a, b\"\"c\"\"\"\n", nil, "2026-08-01", 10, -1,
			"2026-07-02 10 a, b\"c\" [data/up.csv]"},
		{"outside the quarter skipped", "date,value\n2026-06-30,5\n2026-07-02,10\n2026-10-01,40\n", nil, "2026-12-01", 10, -1,
			"2026-07-02 10 [data/up.csv]"},
		{"after as_of left out", "date,value\n2026-07-02,10\n2026-07-05,20\n", nil, "2026-07-04", 10, -1,
			"2026-07-02 10 [data/up.csv]"},
		{"unsorted rows", "date,value\n2026-07-05,20\n2026-07-02,10\n", nil, "2026-08-01", 20, -1,
			"2026-07-02 10 [data/up.csv]\n2026-07-05 20 [data/up.csv]"},
		{"same day: the later row wins", "date,value,confidence\n2026-07-02,10,3\n2026-07-02,12,4\n", nil, "2026-08-01", 12, 4,
			"2026-07-02 10 c3 [data/up.csv]\n2026-07-02 12 c4 [data/up.csv]"},
		{"tie: a check-in wins over a row", "date,value,confidence\n2026-07-02,10,3\n2026-07-05,20,3\n",
			[]upd{{"2026-07-05", "", "O1.UP", "value = 18\nconfidence = 8"}}, "2026-08-01", 18, 8,
			"2026-07-02 10 c3 [data/up.csv]\n2026-07-05 20 c3 [data/up.csv]\n2026-07-05 18 c8 [content/checkins/2026-07-05.md]"},
		{"a later row wins over an earlier check-in", "date,value\n2026-07-06,25\n",
			[]upd{{"2026-07-05", "", "O1.UP", "value = 18"}}, "2026-08-01", 25, -1,
			"2026-07-05 18 [content/checkins/2026-07-05.md]\n2026-07-06 25 [data/up.csv]"},
		{"a check-in without a value keeps the row's", "date,value\n2026-07-05,25\n",
			[]upd{{"2026-07-05", "", "O1.UP", "confidence = 6"}}, "2026-08-01", 25, 6,
			"2026-07-05 25 [data/up.csv]\n2026-07-05  c6 [content/checkins/2026-07-05.md]"},
		{"header only", "date,value\n", nil, "2026-08-01", 0, -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := mustLoad(t, siteWith(q3data, tt.updates, map[string]string{"data/up.csv": tt.csv, "data/ms.csv": msCSV}))
			kn := kr(t, Compute(site, date(t, tt.asOf)), "2026-Q3/O1.UP")
			if got := history(kn); got != tt.history {
				t.Errorf("history:\n%s\nwant:\n%s", got, tt.history)
			}
			if kn.Current == nil || *kn.Current != tt.current {
				t.Errorf("current = %v, want %v", kn.Current, tt.current)
			}
			if (kn.Confidence == nil) != (tt.conf < 0) || kn.Confidence != nil && *kn.Confidence != tt.conf {
				t.Errorf("confidence = %v, want %d", kn.Confidence, tt.conf)
			}
			if strings.Join(site.DataFiles, " ") != "data/ms.csv data/up.csv" {
				t.Errorf("DataFiles = %v", site.DataFiles)
			}
		})
	}
}

func TestDataFileMilestone(t *testing.T) {
	for _, tt := range []struct {
		csv  string
		done bool
	}{
		{"date,done\n2026-07-02,false\n2026-07-05,true\n", true},
		{"done,date\nTRUE,2026-07-02\nFalse,2026-07-05\n", false},
		{"date,done,note\n2026-07-02,true,\n2026-07-05,false,reverted\n", false},
	} {
		site := mustLoad(t, siteWith(q3data, nil, map[string]string{"data/up.csv": "date,value\n", "data/ms.csv": tt.csv}))
		kn := kr(t, Compute(site, date(t, "2026-08-01")), "2026-Q3/O2.MS")
		if *kn.Done != tt.done {
			t.Errorf("%q: done = %v, want %v", tt.csv, *kn.Done, tt.done)
		}
	}
}

func TestDataFileErrors(t *testing.T) {
	tests := []struct {
		name, up, ms string
		want         []string
	}{
		{"unknown column", "date,value,owner\n", msCSV, []string{`data/up.csv:1:12: unknown column "owner"; expected "date" and "value", optionally "confidence" and "note"`}},
		{"no date column", "value\n1\n", msCSV, []string{`data/up.csv:1: no "date" column; expected a header row naming "date" and "value"`}},
		{"no value column", "date,note\n", msCSV, []string{`data/up.csv:1: no "value" column; expected a header row naming "date" and "value"`}},
		{"no done column", "date,value\n", "date\n", []string{`data/ms.csv:1: no "done" column; expected a header row naming "date" and "done" (key result O2.MS is a milestone)`}},
		{"value on a milestone", "date,value\n", "date,value\n", []string{`data/ms.csv:1:6: column "value": key result O2.MS is a milestone; expected "date" and "done"`, `data/ms.csv:1: no "done" column`}},
		{"done on a metric", "date,value,done\n", msCSV, []string{`data/up.csv:1:12: column "done": key result O1.UP is a metric; expected "date" and "value"`}},
		{"twice", "date,value,date\n", msCSV, []string{`data/up.csv:1:12: column "date" appears twice`}},
		{"bad date", "date,value\n2026-07-02,1\n2026-7-3,2\n", msCSV, []string{`data/up.csv:3:1: column "date": invalid date "2026-7-3"; expected YYYY-MM-DD`}},
		{"no date", "value,date\n2,\n", msCSV, []string{`data/up.csv:2: row without a "date"; expected YYYY-MM-DD`}},
		{"bad value", "date,value\n2026-07-02,12ms\n", msCSV, []string{`data/up.csv:2:12: column "value": "12ms" is not a number; expected a number`}},
		{"no value", "date,value,note\n2026-07-02,,down\n", msCSV, []string{`data/up.csv:2: row without a "value"; expected a number`}},
		{"infinite value", "date,value\n2026-07-02,1e400\n2026-07-03,NaN\n", msCSV, []string{`data/up.csv:2:12: column "value": "1e400" is not a number`, `data/up.csv:3:12: column "value": "NaN" is not a number`}},
		{"Go's number syntax", "date,value\n2026-07-02,0x1p2\n2026-07-03,1_0\n2026-07-04,Inf\n", msCSV, []string{
			`data/up.csv:2:12: column "value": "0x1p2" is not a number`,
			`data/up.csv:3:12: column "value": "1_0" is not a number`,
			`data/up.csv:4:12: column "value": "Inf" is not a number`}},
		{"bad done", "date,value\n", "date,done\n2026-07-02,yes\n", []string{`data/ms.csv:2:12: column "done": "yes" is not true or false; expected true or false (key result O2.MS is a milestone)`}},
		{"confidence", "date,value,confidence\n2026-07-02,1,11\n2026-07-03,1,-1\n2026-07-04,1,7.5\n", msCSV, []string{
			`data/up.csv:2:14: column "confidence": "11" is not an integer from 0 to 10`,
			`data/up.csv:3:14: column "confidence": "-1" is not an integer from 0 to 10`,
			`data/up.csv:4:14: column "confidence": "7.5" is not an integer from 0 to 10`}},
		{"ragged", "date,value\n2026-07-02,1,2\n2026-07-03\n", msCSV, []string{
			`data/up.csv:2: row has 3 fields; expected 2, one for each column of the header`,
			`data/up.csv:3: row has 1 fields; expected 2`}},
		{"bad quote", "date,value,note\n2026-07-02,1,a\"b\n", msCSV, []string{`data/up.csv:2:15: bare " in non-quoted-field; expected CSV (RFC 4180)`}},
		{"empty file", "", msCSV, []string{`data/up.csv:1: empty data file; expected a header row naming "date" and "value"`}},
		{"binary", "date,value\n2026-07-02,\x00\n", msCSV, []string{`data/up.csv:2: binary file (a NUL byte); expected CSV text`}},
		{"both files", "date,value\nx,1\n", "date,done\nx,true\n", []string{`data/ms.csv:2:1: column "date"`, `data/up.csv:2:1: column "date"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(sitetest.Write(t, siteWith(q3data, nil, map[string]string{"data/up.csv": tt.up, "data/ms.csv": tt.ms})))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Errorf("%d errors, want %d:\n%v", len(lines), len(tt.want), err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("no %q in\n%v", w, err)
				}
			}
		})
	}
}

func TestDataKeyErrors(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "x.csv")
	os.WriteFile(outside, []byte("date,value\n"), 0o644)
	tests := []struct {
		name, data string
		files      map[string]string
		want       string
	}{
		{"missing", "data/none.csv", nil, `okr.toml:14:3: data "data/none.csv": cannot read: no such file or directory; expected a CSV file inside the site folder`},
		{"folder", "data", nil, `okr.toml:14:3: data "data": is a folder, not a regular file`},
		{"outside", "../x.csv", nil, `okr.toml:14:3: data "../x.csv": is outside the site folder`},
		{"absolute outside", outside, nil, `okr.toml:14:3: data "` + outside + `": is outside the site folder`},
		{"hidden", ".git/x.csv", map[string]string{".git/x.csv": "date,value\n"}, `okr.toml:14:3: data ".git/x.csv": is inside the hidden folder .git`},
		{"empty", "", nil, `okr.toml:14:3: key result O1.UP has an empty "data"`},
		{"hidden file", ".env", map[string]string{".env": "TOKEN=secret\n"}, `okr.toml:14:3: data ".env": is a hidden file; expected a CSV file whose name does not start with a dot`},
		{"not a string", "", nil, `okr.toml:14:3: "data": expected a string, got an integer`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			config := strings.Replace(q3data, `data = "data/up.csv"`, "data = "+quote(tt.data), 1)
			if tt.name == "not a string" {
				config = strings.Replace(q3data, `data = "data/up.csv"`, "data = 3", 1)
			}
			files := map[string]string{"data/ms.csv": msCSV, "data/other.csv": "date,value\n"}
			for k, v := range tt.files {
				files[k] = v
			}
			_, err := Load(sitetest.Write(t, siteWith(config, nil, files)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v\nwant %s", err, tt.want)
			}
		})
	}
}

// TestDataFileShared: two key results may read one file; its errors are
// said once.
func TestDataFileShared(t *testing.T) {
	config := strings.Replace(q3data, `title = "Cut from 200 ms to 100 ms"`, "title = \"Cut\"\n  data = \"data/up.csv\"", 1)
	site := mustLoad(t, siteWith(config, nil, map[string]string{"data/up.csv": "date,value\n2026-07-02,150\n", "data/ms.csv": msCSV}))
	n := Compute(site, date(t, "2026-08-01"))
	if up, down := kr(t, n, "2026-Q3/O1.UP"), kr(t, n, "2026-Q3/O1.DOWN"); *up.Current != 150 || *down.Current != 150 || up.History[0] == down.History[0] {
		t.Errorf("current %v and %v", *up.Current, *down.Current)
	}
	if strings.Join(site.DataFiles, " ") != "data/ms.csv data/up.csv" {
		t.Errorf("DataFiles = %v", site.DataFiles)
	}
	_, err := Load(sitetest.Write(t, siteWith(config, nil, map[string]string{"data/up.csv": "date,value\nx,1\n", "data/ms.csv": msCSV})))
	if err == nil || strings.Count(err.Error(), "\n") != 0 {
		t.Errorf("err = %v, want one error", err)
	}
}

func quote(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

// TestLoaderRereadsDataFiles: okrgen serve loads again after a save; a
// changed data file must be read again though okr.toml did not change.
func TestLoaderRereadsDataFiles(t *testing.T) {
	dir := sitetest.Write(t, siteWith(q3data, nil, map[string]string{"data/up.csv": "date,value\n2026-07-02,10\n", "data/ms.csv": msCSV}))
	var ld Loader
	current := func() float64 {
		t.Helper()
		site, err := ld.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		return *kr(t, Compute(site, date(t, "2026-08-01")), "2026-Q3/O1.UP").Current
	}
	if got := current(); got != 10 {
		t.Fatalf("first load: %v", got)
	}
	// Same size, same modification time: only the content differs.
	p := filepath.Join(dir, "data", "up.csv")
	fi, _ := os.Stat(p)
	os.WriteFile(p, []byte("date,value\n2026-07-02,20\n"), 0o644)
	os.Chtimes(p, fi.ModTime(), fi.ModTime())
	if got := current(); got != 20 {
		t.Errorf("after a change: %v, want 20", got)
	}
	os.WriteFile(p, []byte("date,value\n2026-07-02,20\nbad,1\n"), 0o644)
	if _, err := ld.Load(dir); err == nil {
		t.Errorf("a broken data file loads")
	}
	os.WriteFile(p, []byte("date,value\n2026-07-02,30\n"), 0o644)
	os.Chtimes(p, time.Now(), time.Now())
	if got := current(); got != 30 {
		t.Errorf("after a fix: %v, want 30", got)
	}
}

func TestHygieneStaleDataFile(t *testing.T) {
	tests := []struct {
		csv, asOf, want string
	}{
		{"date,value\n2026-07-02,1\n", "2026-07-16", ""},
		{"date,value\n2026-07-02,1\n", "2026-07-17", "data/up.csv: data file of key result O1.UP of 2026-Q3: its latest row is from 2026-07-02, 15 days before 2026-07-17 (stale after 14 days)"},
		{"date,value\n2026-07-02,1\n2026-07-20,2\n", "2026-07-17", "data/up.csv: data file of key result O1.UP of 2026-Q3: its latest row is from 2026-07-02, 15 days"},
		{"date,value\n2026-07-02,1\n", "2026-10-17", ""},
		{"date,value\n", "2026-07-15", ""},
		{"date,value\n2026-06-30,1\n", "2026-07-16", "data/up.csv: data file of key result O1.UP of 2026-Q3 has no row since 2026-Q3 began on 2026-07-01"},
	}
	for _, tt := range tests {
		site := mustLoad(t, siteWith(q3data, nil, map[string]string{"data/up.csv": tt.csv, "data/ms.csv": "date,done\n2026-09-29,false\n"}))
		got := ""
		for _, w := range Hygiene(site, Compute(site, date(t, tt.asOf))) {
			if strings.Contains(w.Msg, "data file of key result O1.UP") {
				got += w.Error()
			}
		}
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("%q as of %s: %q, want %q", tt.csv, tt.asOf, got, tt.want)
		}
	}
}

// FuzzDataFile: the CSV reader never panics, and what it returns is
// sound: without errors every row has a date, a finite value (a done for a
// milestone) and a confidence from 0 to 10; with errors, no rows, and each
// error has a line.
func FuzzDataFile(f *testing.F) {
	for _, s := range []string{
		"date,value\n2026-07-02,10\n",
		"\uFEFFnote,confidence,value,date\r\n\"a,\"\"b\",7,1.5,2026-07-02\r\n",
		"date,done\n2026-07-02,true\n2026-07-03,FALSE\n",
		"date,value\n2026-07-02,1,2\n\"open",
		"date,value,confidence\n2026-07-02,1e400,11\n",
		"",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	o := &Objective{ID: "O1", Quarter: &Quarter{ID: "2026-Q3", Start: NewDate(2026, 7, 1), End: NewDate(2026, 9, 30)}}
	f.Fuzz(func(t *testing.T, src []byte, milestone bool) {
		kr := &KeyResult{ID: "KR1", Objective: o, Kind: Metric}
		if milestone {
			kr.Kind = Milestone
		}
		var list ErrorList
		rows := ParseDataFile("x.csv", "x.csv", src, kr, &list)
		if len(list) > 0 {
			if rows != nil {
				t.Fatalf("%d rows with %d errors", len(rows), len(list))
			}
			for _, e := range list {
				if e.Line < 1 || e.Msg == "" {
					t.Fatalf("error without a line: %v", e)
				}
			}
			if len(list) > maxDataErrors+10 {
				t.Fatalf("%d errors", len(list))
			}
			return
		}
		for _, r := range rows {
			if r.Date.IsZero() || r.Source != "x.csv" || r.CheckIn != nil || r.KR != kr || r.Line < 2 {
				t.Fatalf("bad row %+v", r)
			}
			if milestone != (r.Done != nil) || milestone == (r.Value != nil) {
				t.Fatalf("row %+v of a milestone=%v", r, milestone)
			}
			if r.Value != nil && (math.IsNaN(*r.Value) || math.IsInf(*r.Value, 0)) {
				t.Fatalf("value %v", *r.Value)
			}
			if r.Confidence != nil && (*r.Confidence < 0 || *r.Confidence > 10) {
				t.Fatalf("confidence %v", *r.Confidence)
			}
		}
	})
}
