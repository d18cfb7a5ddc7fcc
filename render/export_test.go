package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCSVMatchesData reads every okrs.csv of the example with
// encoding/csv and compares each number with data.json's: values as typed
// exactly, shares (progress, expected, score) to the nine decimals of the
// CSV.
func TestCSVMatchesData(t *testing.T) {
	out := renderDir(t, "..", exampleAsOf, "")
	var data struct {
		Quarters []struct {
			ID         string
			URL        string
			Objectives []struct {
				ID         string
				Progress   float64
				KeyResults []map[string]any `json:"key_results"`
			}
		}
	}
	if err := json.Unmarshal(out.Files["data.json"], &data); err != nil {
		t.Fatal(err)
	}
	for _, q := range data.Quarters {
		raw, ok := out.Files[q.URL+"okrs.csv"]
		if !ok {
			t.Fatalf("no %sokrs.csv", q.URL)
		}
		if !bytes.Contains(raw, []byte("\r\n")) {
			t.Error("okrs.csv lines do not end in CRLF (RFC 4180)")
		}
		rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		header := rows[0]
		col := map[string]int{}
		for i, h := range header {
			col[h] = i
		}
		i := 1
		for _, o := range q.Objectives {
			for _, kr := range o.KeyResults {
				row := rows[i]
				i++
				if row[col["quarter"]] != q.ID || row[col["ref"]] != kr["ref"] {
					t.Fatalf("row %d is %s %s, want %s %s", i, row[col["quarter"]], row[col["ref"]], q.ID, kr["ref"])
				}
				for _, key := range []string{"weight", "start", "target", "current", "progress", "expected", "score", "confidence"} {
					cell := row[col[key]]
					switch v := kr[key].(type) {
					case nil:
						if cell != "" {
							t.Errorf("%s %s: %s = %q, want empty (null)", q.ID, kr["ref"], key, cell)
						}
					case float64:
						if f, err := strconv.ParseFloat(cell, 64); err != nil || !csvEqual(key, f, v) {
							t.Errorf("%s %s: %s = %q, want %v", q.ID, kr["ref"], key, cell, v)
						}
					}
				}
				for _, key := range []string{"status", "grade", "kind", "unit", "owner", "direction", "last_update"} {
					want, _ := kr[key].(string)
					if row[col[key]] != want {
						t.Errorf("%s %s: %s = %q, want %q", q.ID, kr["ref"], key, row[col[key]], want)
					}
				}
				if row[col["stale"]] != strconv.FormatBool(kr["stale"].(bool)) {
					t.Errorf("%s %s: stale = %q", q.ID, kr["ref"], row[col["stale"]])
				}
				if f, _ := strconv.ParseFloat(row[col["objective_progress"]], 64); !csvEqual("progress", f, o.Progress) {
					t.Errorf("%s %s: objective_progress %v, want %v", q.ID, kr["ref"], f, o.Progress)
				}
			}
		}
		if i != len(rows) {
			t.Errorf("%s: %d rows, want %d", q.ID, len(rows)-1, i-1)
		}
	}
}

// csvEqual reports whether a number of okrs.csv is data.json's: a share
// rounded to nine decimals, any other the same float64.
func csvEqual(key string, csv, data float64) bool {
	switch key {
	case "progress", "expected", "score":
		return math.Abs(csv-data) <= 5.000001e-10
	}
	return csv == data
}

// TestFeedIsAtom parses feed.xml as Atom (RFC 4287) and checks the
// elements a feed and its entries must have.
func TestFeedIsAtom(t *testing.T) {
	out := renderDir(t, "..", exampleAsOf, "https://acme.github.io/okrs")
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Author  []struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(out.Files["feed.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	if feed.ID != "https://acme.github.io/okrs/" || feed.Title == "" || len(feed.Author) == 0 || feed.Author[0].Name == "" {
		t.Errorf("feed id %q title %q author %v", feed.ID, feed.Title, feed.Author)
	}
	if _, err := time.Parse(time.RFC3339, feed.Updated); err != nil {
		t.Errorf("feed updated: %v", err)
	}
	self := false
	for _, l := range feed.Links {
		self = self || (l.Rel == "self" && l.Href == "https://acme.github.io/okrs/feed.xml")
	}
	if !self {
		t.Error("no self link")
	}
	ids := map[string]bool{}
	checkins, changes := 0, 0
	for _, e := range feed.Entries {
		if e.ID == "" || e.Title == "" || e.Link.Href == "" || ids[e.ID] {
			t.Errorf("entry %+v lacks an id, title or link, or repeats an id", e)
		}
		ids[e.ID] = true
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry %s updated: %v", e.ID, err)
		}
		if strings.Contains(e.Link.Href, "/checkins/") {
			checkins++
		}
		if strings.Contains(e.Title, "→") {
			changes++
		}
	}
	if checkins != 11 || changes == 0 {
		t.Errorf("%d check-in entries, %d status changes", checkins, changes)
	}
}
