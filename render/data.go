package render

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
)

// The schema of data.json (SPEC section 6), field for field. Pointers and
// empty strings marshal as null where a number or text does not apply.
type (
	dataFile struct {
		Title     string        `json:"title"`
		AsOf      string        `json:"as_of"`
		Generator string        `json:"generator"`
		Teams     []dataTeam    `json:"teams,omitempty"` // on a site with teams only (SPEC section 9)
		Quarters  []dataQuarter `json:"quarters"`
		CheckIns  []dataCheckIn `json:"checkins"`
	}
	dataQuarter struct {
		ID       string   `json:"id"`
		Start    string   `json:"start"`
		End      string   `json:"end"`
		Expected float64  `json:"expected"`
		Progress float64  `json:"progress"`
		Status   *string  `json:"status"`
		Score    *float64 `json:"score"`
		Grade    *string  `json:"grade"`
		// ForecastProgress and Likely while the quarter runs, and
		// Calibration once it ended (SPEC section 11), else null.
		ForecastProgress *float64         `json:"forecast_progress"`
		Likely           *string          `json:"likely"`
		Calibration      *dataCalibration `json:"calibration"`
		NextCheck        *string          `json:"next_checkin"`
		URL              string           `json:"url"`
		PDF              *string          `json:"pdf"`
		Objectives       []dataObjective  `json:"objectives"`
	}
	dataObjective struct {
		ID       string   `json:"id"`
		Title    string   `json:"title"`
		Owner    *string  `json:"owner"`
		Kind     string   `json:"kind"`
		Weight   float64  `json:"weight"`
		Expected float64  `json:"expected"`
		Progress float64  `json:"progress"`
		Status   *string  `json:"status"`
		Score    *float64 `json:"score"`
		Grade    *string  `json:"grade"`
		// ForecastProgress and Likely while the quarter runs, else null
		// (SPEC section 11).
		ForecastProgress *float64 `json:"forecast_progress"`
		Likely           *string  `json:"likely"`
		URL              string   `json:"url"`
		// CarriedFrom is "2026-Q2/O2", or null (SPEC section 11).
		CarriedFrom *string `json:"carried_from"`
		// AlignsTo is the objective's aligns_to, qualified; on every
		// objective of a team, or of a site that gives aligns_to.
		AlignsTo *[]string `json:"aligns_to,omitempty"`
		// Aligned are the team objectives aligned to it; on every
		// objective of a site with teams.
		Aligned    *[]dataAligned `json:"aligned,omitempty"`
		KeyResults []dataKR       `json:"key_results"`
	}
	dataTeam struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		URL  string `json:"url"`  // "teams/payments/"
		Data string `json:"data"` // "teams/payments/data.json"
	}
	dataAligned struct {
		Team     string  `json:"team"` // the team's id
		Ref      string  `json:"ref"`  // "2026-Q3/O2"
		Title    string  `json:"title"`
		Progress float64 `json:"progress"` // clamped to 0..1
		Status   *string `json:"status"`
		URL      string  `json:"url"` // from this site's root
	}
	dataKR struct {
		ID         string         `json:"id"`
		Ref        string         `json:"ref"`
		Title      string         `json:"title"`
		Kind       string         `json:"kind"`
		Unit       *string        `json:"unit"`
		Owner      *string        `json:"owner"`
		Weight     float64        `json:"weight"`
		Start      *float64       `json:"start"`
		Target     *float64       `json:"target"` // in force on as_of (SPEC section 11)
		Original   *float64       `json:"original_target"`
		Direction  *string        `json:"direction"`
		Due        *string        `json:"due"`
		Revisions  []dataRevision `json:"revisions"` // those dated on or before as_of
		Current    *float64       `json:"current"`
		Done       *bool          `json:"done"`
		Progress   float64        `json:"progress"`
		Expected   float64        `json:"expected"`
		Status     *string        `json:"status"`
		Score      *float64       `json:"score"`
		ScoreOrig  *float64       `json:"score_original"`
		Grade      *string        `json:"grade"`
		Forecast   *float64       `json:"forecast"`
		ForecastP  *float64       `json:"forecast_progress"`
		Likely     *string        `json:"likely"`
		Confidence *int           `json:"confidence"`
		Stale      bool           `json:"stale"`
		Overdue    bool           `json:"overdue"`
		Blocker    *dataBlocker   `json:"blocker"`
		LastUpdate *string        `json:"last_update"`
		History    []dataHistory  `json:"history"`
	}
	dataHistory struct {
		Date       string   `json:"date"`
		Value      *float64 `json:"value"`
		Done       *bool    `json:"done"`
		Confidence *int     `json:"confidence"`
		Note       *string  `json:"note"`
		CheckIn    *string  `json:"checkin"`          // null for a data file's row
		Source     string   `json:"source,omitempty"` // the data file of a row
	}
	dataRevision struct {
		Date   string  `json:"date"`
		Target float64 `json:"target"`
		Why    string  `json:"why"`
	}
	dataCalibration struct {
		Brier   float64   `json:"brier"`
		Bias    float64   `json:"bias"`
		Updates int       `json:"updates"`
		Bins    []dataBin `json:"bins"`
	}
	dataBin struct {
		From     int      `json:"from"`
		To       int      `json:"to"`
		Updates  int      `json:"updates"`
		Stated   *float64 `json:"stated"`
		Achieved *float64 `json:"achieved"`
	}
	dataBlocker struct {
		Text  string `json:"text"`
		Since string `json:"since"`
	}
	dataCheckIn struct {
		Source  string       `json:"source"`
		Date    string       `json:"date"`
		Author  *string      `json:"author"`
		Title   string       `json:"title"`
		URL     string       `json:"url"`
		Updates []dataUpdate `json:"updates"`
	}
	dataUpdate struct {
		KR         string   `json:"kr"`
		Value      *float64 `json:"value"`
		Done       *bool    `json:"done"`
		Confidence *int     `json:"confidence"`
		Note       *string  `json:"note"`
	}
)

// nullable returns nil for "", else a pointer to s.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func dateOrNull(d okr.Date) *string { return nullable(d.String()) }

// Data returns data.json for site's numbers n, compact: for a large
// organisation it runs to megabytes. It is written quarter by quarter and
// check-in by check-in into a buffer sized at once, rather than marshalled
// whole into a buffer grown by copying; the bytes are those of
// json.Marshal(dataFile{...}) and a newline.
func Data(n *okr.Numbers, title, generator string, pdfs bool) []byte {
	return siteData(n, nil, title, generator, pdfs)
}

// siteData returns data.json; tree is the site's place in an
// organisation, or nil.
func siteData(n *okr.Numbers, tree *org.Numbers, title, generator string, pdfs bool) []byte {
	var b bytes.Buffer
	size := dataSize(n)
	b.Grow(size + size/16)
	// A bytes.Buffer does not fail.
	writeSiteData(&b, nil, n, tree, title, generator, pdfs)
	return b.Bytes()
}

// dataChunk is how many bytes of data.json writeSiteData gathers before it
// passes them on to its writer.
const dataChunk = 64 << 10

// writeSiteData writes data.json into b; with w, it passes b's bytes on to
// w whenever they reach dataChunk, and at the end, so that the file is
// never held whole (at 100,000 check-ins it runs to 85 MB). Each entry of
// a key result's history and each check-in is marshalled on its own, into
// b: the bytes are those of json.Marshal(dataFile{...}) and a newline.
func writeSiteData(b *bytes.Buffer, w io.Writer, n *okr.Numbers, tree *org.Numbers, title, generator string, pdfs bool) error {
	enc := json.NewEncoder(b)
	put := func(v any) {
		if err := enc.Encode(v); err != nil {
			// Every number here is finite: the model refuses the others.
			panic("render: data.json: " + err.Error())
		}
		b.Truncate(b.Len() - 1) // the newline Encode adds
	}
	// open puts v, whose last field is an empty list, without that list's
	// "]}": what follows fills the list.
	open := func(v any) {
		put(v)
		b.Truncate(b.Len() - len("]}"))
	}
	var err error
	flush := func(least int) {
		if w != nil && err == nil && b.Len() >= least {
			_, err = w.Write(b.Bytes())
			b.Reset()
		}
	}
	head := dataFile{Title: title, AsOf: n.AsOf.String(), Generator: generator}
	teams := tree != nil && len(tree.Teams) > 0
	if teams {
		for _, c := range tree.Teams {
			url := teamURL(tree, c)
			head.Teams = append(head.Teams, dataTeam{ID: c.Tree.ID(), Name: c.Tree.Name, URL: url, Data: url + "data.json"})
		}
	}
	alignsTo := tree != nil && tree.Parent != nil || givesAlignsTo(n)
	put(head)
	b.Truncate(bytes.LastIndex(b.Bytes(), []byte(`,"quarters":`)))
	b.WriteString(`,"quarters":[`)
	for i, qn := range n.Quarters {
		if i > 0 {
			b.WriteByte(',')
		}
		q := qn.Quarter
		dq := dataQuarter{
			ID: q.ID, Start: q.Start.String(), End: q.End.String(),
			Expected: qn.Expected, Progress: qn.Progress, Status: nullable(qn.Status),
			Score: qn.Score, Grade: nullable(qn.Grade), ForecastProgress: qn.ForecastProgress, Likely: nullable(qn.Likely),
			Calibration: dataCalibrationOf(qn.Calibration), URL: QuarterURL(q), Objectives: []dataObjective{},
		}
		if qn.NextCheckIn != nil {
			dq.NextCheck = nullable(qn.NextCheckIn.String())
		}
		if pdfs {
			dq.PDF = nullable(PDFURL(q))
		}
		open(dq)
		for j, on := range qn.Objectives {
			o := on.Objective
			do := dataObjective{
				ID: o.ID, Title: o.Title, Owner: nullable(o.Owner), Kind: o.Kind, Weight: o.Weight, Expected: on.Expected,
				Progress: on.Progress, Status: nullable(on.Status), Score: on.Score, Grade: nullable(on.Grade),
				ForecastProgress: on.ForecastProgress, Likely: nullable(on.Likely),
				URL: ObjectiveURL(o), CarriedFrom: nullable(o.CarriedFromRef()), KeyResults: []dataKR{},
			}
			if alignsTo {
				refs := o.AlignsTo
				if refs == nil {
					refs = []string{}
				}
				do.AlignsTo = &refs
			}
			if teams {
				al := []dataAligned{}
				for _, a := range tree.Aligned[o] {
					ao := a.Objective.Objective
					al = append(al, dataAligned{
						Team: a.Team.Tree.ID(), Ref: ao.Quarter.ID + "/" + ao.ID, Title: ao.Title,
						Progress: max(0, min(1, a.Objective.Progress)), Status: nullable(a.Objective.Status),
						URL: teamURL(tree, a.Team) + ObjectiveURL(ao),
					})
				}
				do.Aligned = &al
			}
			if j > 0 {
				b.WriteByte(',')
			}
			open(do)
			for k, kn := range on.KeyResults {
				if k > 0 {
					b.WriteByte(',')
				}
				open(dataKeyResult(kn))
				for h, u := range kn.History {
					if h > 0 {
						b.WriteByte(',')
					}
					put(dataHistoryOf(u))
					flush(dataChunk)
				}
				b.WriteString("]}")
			}
			b.WriteString("]}")
		}
		b.WriteString("]}")
	}
	b.WriteString(`],"checkins":[`)
	for i, c := range n.CheckIns {
		if i > 0 {
			b.WriteByte(',')
		}
		dc := dataCheckIn{Source: c.Source, Date: c.Date.String(), Author: nullable(c.Author), Title: c.Title, URL: CheckInURL(c), Updates: []dataUpdate{}}
		for _, u := range c.Updates {
			dc.Updates = append(dc.Updates, dataUpdate{KR: u.KR.FullRef(), Value: u.Value, Done: u.Done, Confidence: u.Confidence, Note: nullable(u.Note)})
		}
		put(dc)
		flush(dataChunk)
	}
	b.WriteString("]}\n")
	flush(0)
	return err
}

// givesAlignsTo reports whether an objective of the site gives aligns_to:
// a team built alone keeps it in its data.json (SPEC section 9).
func givesAlignsTo(n *okr.Numbers) bool {
	for _, qn := range n.Quarters {
		for _, on := range qn.Objectives {
			if on.Objective.AlignsTo != nil {
				return true
			}
		}
	}
	return false
}

// dataKeyResult returns a key result's entry in data.json, with its
// history empty: writeSiteData writes its entries one by one.
func dataKeyResult(kn *okr.KRNumbers) dataKR {
	kr := kn.KR
	d := dataKR{
		ID: kr.ID, Ref: kr.Ref(), Title: kr.Title, Kind: kr.Kind, Unit: nullable(kr.Unit), Owner: nullable(kr.Owner),
		Weight: kr.Weight, Start: kr.Start, Target: kn.Target, Original: kn.OriginalTarget, Direction: nullable(kr.Direction),
		Revisions: []dataRevision{}, Current: kn.Current, Done: kn.Done, Progress: kn.Progress, Expected: kn.Expected,
		Status: nullable(kn.Status), Score: kn.Score, ScoreOrig: kn.ScoreOriginal, Grade: nullable(kn.Grade),
		Forecast: kn.Forecast, ForecastP: kn.ForecastProgress, Likely: nullable(kn.Likely), Confidence: kn.Confidence,
		Stale: kn.Stale, Overdue: kn.Overdue, LastUpdate: dateOrNull(kn.LastUpdate), History: []dataHistory{},
	}
	for _, r := range kn.Revisions {
		d.Revisions = append(d.Revisions, dataRevision{Date: r.Date.String(), Target: r.Target, Why: r.Why})
	}
	if kn.Due != nil {
		d.Due = nullable(kn.Due.String())
	}
	if b := kn.Blocker; b != nil {
		d.Blocker = &dataBlocker{Text: b.Text, Since: b.Since.String()}
	}
	if kr.Kind == okr.Milestone {
		d.Unit = nil
	}
	return d
}

// dataHistoryOf returns an entry of a key result's history, in
// data.json.
func dataHistoryOf(u *okr.Update) dataHistory {
	h := dataHistory{
		Date: u.Date.String(), Value: u.Value, Done: u.Done, Confidence: u.Confidence,
		Note: nullable(u.Note), Source: u.Source,
	}
	if u.CheckIn != nil {
		h.CheckIn = nullable(CheckInURL(u.CheckIn))
	}
	return h
}

// dataCalibrationOf returns a quarter's calibration for data.json, or nil.
func dataCalibrationOf(c *okr.Calibration) *dataCalibration {
	if c == nil {
		return nil
	}
	d := &dataCalibration{Brier: c.Brier, Bias: c.Bias, Updates: c.Updates, Bins: []dataBin{}}
	for _, b := range c.Bins {
		d.Bins = append(d.Bins, dataBin{From: b.From, To: b.To, Updates: b.Updates, Stated: b.Stated, Achieved: b.Achieved})
	}
	return d
}

// data returns data.json, written in pieces to an Output that takes them
// (StreamOutput), else whole.
func (r *renderer) data() file {
	return file{path: "data.json", lazy: true, gen: func() ([]byte, error) {
		return siteData(r.num, r.opt.Tree, r.site.Config.Title, r.opt.Generator, r.opt.PDFs), nil
	}, stream: func(w io.Writer) error {
		b := bytes.NewBuffer(make([]byte, 0, dataChunk+dataChunk/2))
		return writeSiteData(b, w, r.num, r.opt.Tree, r.site.Config.Title, r.opt.Generator, r.opt.PDFs)
	}}
}

// dataSize estimates the size of data.json for n, a little over: a
// check-in's entry and each update's, in its list and its key result's
// history, grow with their texts. Too large an estimate is memory held
// while the file is written (at 100,000 check-ins data.json runs to
// 90 MB), too small one a copy into a buffer twice the size.
func dataSize(n *okr.Numbers) int {
	size := 4096 + 1024*len(n.Quarters)
	for _, qn := range n.Quarters {
		for _, on := range qn.Objectives {
			for _, kn := range on.KeyResults {
				size += 600
				for _, u := range kn.History {
					size += 90 + len(u.Note) + len(u.Source)
					if u.CheckIn != nil {
						size += len(u.CheckIn.Source)
					}
				}
			}
		}
	}
	for _, c := range n.CheckIns {
		size += 80 + 2*len(c.Source) + len(c.Title) + len(c.Author)
		for _, u := range c.Updates {
			size += 70 + len(u.Note)
		}
	}
	return size
}
