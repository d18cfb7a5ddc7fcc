package render

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
)

// This file checks data.json against a second, independent implementation
// of SPEC section 4, written from the spec in the plainest way, on the
// example site and on random sites whose inputs it generated itself.

type genKR struct {
	quarter, obj, id, kind, dir string
	start, target, weight       float64
	committed                   bool
	qStart, qEnd                okr.Date
	due                         *okr.Date // with more only
	revs                        []genRev  // with more only, by date
}

// genRev is a revision of a KR's target (SPEC section 11).
type genRev struct {
	date   okr.Date
	target float64
}

type genUpdate struct {
	path, date string
	index      int
	ref        string // full ref
	value      *float64
	done       *bool
	confidence *int
}

type genSite struct {
	files   map[string]string
	krs     []*genKR
	updates []genUpdate
	stale   int
	objW    map[string]float64 // quarter/obj → weight
	objs    map[string][]string
	qs      []string
}

func genRandomSite(rng *rand.Rand) *genSite { return genRandomSiteMore(rng, nil) }

// genRandomSiteMore is genRandomSite, and with more non-nil it gives some
// key results a due date and revisions too, drawn from more so that the
// sites of rng stay what they are without.
func genRandomSiteMore(rng, more *rand.Rand) *genSite {
	g := &genSite{files: map[string]string{}, objW: map[string]float64{}, objs: map[string][]string{}}
	fiscal := 1 + rng.Intn(12)
	g.stale = 7 + rng.Intn(14)
	var b strings.Builder
	fmt.Fprintf(&b, "title = \"Random\"\nstale_after_days = %d\nfiscal_year_start_month = %d\n", g.stale, fiscal)
	nq := 1 + rng.Intn(3)
	type qinfo struct {
		id         string
		start, end okr.Date
	}
	var qs []qinfo
	for i := 0; i < nq; i++ {
		id := fmt.Sprintf("2026-Q%d", i+1)
		s, e := okr.QuarterDates(2026, i+1, fiscal)
		if rng.Intn(4) == 0 {
			e = e.AddDays(-rng.Intn(20))
			fmt.Fprintf(&b, "[quarters.%q]\nend = %s\n", id, e)
		}
		qs = append(qs, qinfo{id, s, e})
		g.qs = append(g.qs, id)
	}
	for _, q := range qs {
		nobj := 1 + rng.Intn(4)
		for o := 1; o <= nobj; o++ {
			oid := fmt.Sprintf("O%d", o)
			w := []float64{1, 2, 0.5}[rng.Intn(3)]
			committed := rng.Intn(3) == 0
			kind := "aspirational"
			if committed {
				kind = "committed"
			}
			g.objW[q.id+"/"+oid] = w
			g.objs[q.id] = append(g.objs[q.id], oid)
			fmt.Fprintf(&b, "\n[[objectives]]\nid = %q\nquarter = %q\ntitle = \"t\"\nkind = %q\nweight = %v\n", oid, q.id, kind, w)
			nkr := 1 + rng.Intn(4)
			for k := 1; k <= nkr; k++ {
				kr := &genKR{quarter: q.id, obj: oid, id: fmt.Sprintf("KR%d", k), weight: []float64{1, 1, 3}[rng.Intn(3)], committed: committed, qStart: q.start, qEnd: q.end}
				fmt.Fprintf(&b, "  [[objectives.key_results]]\n  id = %q\n  title = \"t\"\n  weight = %v\n", kr.id, kr.weight)
				switch rng.Intn(4) {
				case 0:
					kr.kind = "milestone"
					b.WriteString("  kind = \"milestone\"\n")
				case 1:
					kr.kind = "threshold"
					kr.dir = []string{"at_least", "at_most"}[rng.Intn(2)]
					kr.target = float64(90 + rng.Intn(10))
					fmt.Fprintf(&b, "  kind = \"threshold\"\n  direction = %q\n  target = %v\n", kr.dir, kr.target)
				default:
					kr.kind = "metric"
					kr.start = float64(rng.Intn(200))
					kr.target = float64(rng.Intn(200))
					if kr.target == kr.start {
						kr.target++
					}
					fmt.Fprintf(&b, "  start = %v\n  target = %v\n", kr.start, kr.target)
				}
				if more != nil {
					genMore(&b, more, kr, q.start, q.end)
				}
				g.krs = append(g.krs, kr)
			}
		}
	}
	g.files["okr.toml"] = b.String()
	first, last := qs[0].start, qs[len(qs)-1].end
	span := last.Sub(first) + 30
	var dates []okr.Date
	for i := 0; i < 3+rng.Intn(20); i++ {
		var d okr.Date
		if len(dates) > 0 && rng.Intn(4) == 0 {
			d = dates[rng.Intn(len(dates))] // same day as another check-in
		} else {
			d = first.AddDays(rng.Intn(span) - 10)
		}
		dates = append(dates, d)
		path := fmt.Sprintf("content/checkins/%c/c%02d.md", 'a'+rng.Intn(3), i)
		var cb strings.Builder
		fmt.Fprintf(&cb, "+++\ndate = %s\n", d)
		for j := 0; j < 1+rng.Intn(5); j++ {
			kr := g.krs[rng.Intn(len(g.krs))]
			u := genUpdate{path: path, date: d.String(), index: j, ref: kr.quarter + "/" + kr.obj + "." + kr.id}
			fmt.Fprintf(&cb, "[[updates]]\nkr = %q\n", u.ref)
			switch kr.kind {
			case "milestone":
				if rng.Intn(5) > 0 {
					v := rng.Intn(2) == 0
					u.done = &v
					fmt.Fprintf(&cb, "done = %v\n", v)
				}
			case "threshold":
				if rng.Intn(5) > 0 {
					v := kr.target + float64(rng.Intn(7)-3)/2
					u.value = &v
					fmt.Fprintf(&cb, "value = %v\n", v)
				}
			default:
				if rng.Intn(5) > 0 {
					lo, hi := math.Min(kr.start, kr.target), math.Max(kr.start, kr.target)
					v := lo - 20 + rng.Float64()*(hi-lo+40)
					v = math.Round(v*100) / 100
					u.value = &v
					fmt.Fprintf(&cb, "value = %v\n", v)
				}
			}
			if rng.Intn(3) > 0 {
				c := rng.Intn(11)
				u.confidence = &c
				fmt.Fprintf(&cb, "confidence = %d\n", c)
			}
			g.updates = append(g.updates, u)
		}
		cb.WriteString("+++\nBody.\n")
		g.files[path] = cb.String()
	}
	if more != nil {
		genMoreCheckIns(g, more)
	}
	return g
}

// genMoreCheckIns adds check-ins that forecasts care about: on a
// quarter's first days (its start day, where an update replaces the
// point (0, start)), several on one day, values without confidence and
// confidences without value.
func genMoreCheckIns(g *genSite, more *rand.Rand) {
	for i := 0; i < 2+more.Intn(6); i++ {
		kr := g.krs[more.Intn(len(g.krs))]
		d := kr.qStart.AddDays(more.Intn(3) * more.Intn(3))
		path := fmt.Sprintf("content/checkins/%c/m%02d.md", 'a'+more.Intn(3), i)
		var cb strings.Builder
		fmt.Fprintf(&cb, "+++\ndate = %s\n", d)
		for j := 0; j < 1+more.Intn(3); j++ {
			k := g.krs[more.Intn(len(g.krs))]
			if k.quarter != kr.quarter || k.kind != "metric" {
				continue
			}
			u := genUpdate{path: path, date: d.String(), index: j, ref: k.quarter + "/" + k.obj + "." + k.id}
			fmt.Fprintf(&cb, "[[updates]]\nkr = %q\n", u.ref)
			if more.Intn(4) > 0 {
				v := float64(more.Intn(200))
				u.value = &v
				fmt.Fprintf(&cb, "value = %v\n", v)
			}
			if more.Intn(4) == 0 || u.value == nil {
				c := more.Intn(11)
				u.confidence = &c
				fmt.Fprintf(&cb, "confidence = %d\n", c)
			}
			g.updates = append(g.updates, u)
		}
		cb.WriteString("+++\nBody.\n")
		g.files[path] = cb.String()
	}
}

// genMore gives kr, just written to b, a due date (a metric, one time in
// three) and revisions (a metric or threshold, one time in two): one to
// three, on increasing days of its quarter, some on its first or last.
func genMore(b *strings.Builder, more *rand.Rand, kr *genKR, start, end okr.Date) {
	if kr.kind == "metric" && more.Intn(3) == 0 {
		d := start.AddDays(more.Intn(end.Sub(start) + 1))
		kr.due = &d
		fmt.Fprintf(b, "  due = %s\n", d)
	}
	if kr.kind == "milestone" || more.Intn(2) == 0 {
		return
	}
	d := start.AddDays(-1)
	for i := 0; i < 1+more.Intn(3); i++ {
		switch more.Intn(4) {
		case 0:
			d = d.AddDays(1)
		default:
			d = d.AddDays(1 + more.Intn(40))
		}
		if d.After(end) {
			break
		}
		r := genRev{date: d}
		if kr.kind == "metric" {
			r.target = float64(more.Intn(200))
			if r.target == kr.start {
				r.target++
			}
		} else {
			r.target = kr.target + float64(more.Intn(7)-3)/2
		}
		kr.revs = append(kr.revs, r)
		fmt.Fprintf(b, "    [[objectives.key_results.revisions]]\n    date = %s\n    target = %v\n    why = \"r\"\n", r.date, r.target)
	}
}

// The independent implementation: SPEC section 4, straight.

type wantKR struct {
	current    *float64
	done       *bool
	progress   float64
	expected   float64
	status     *string
	score      *float64
	grade      *string
	confidence *int
	stale      bool
	lastUpdate *string
	history    int
}

func str(s string) *string { return &s }

func clamp(v float64) float64 { return math.Max(0, math.Min(1, v)) }

func days(a, b okr.Date) float64 { return float64(a.Sub(b)) }

func specExpected(asOf, start, end okr.Date) float64 {
	if asOf.Before(start) {
		return 0
	}
	return clamp((days(asOf, start) + 1) / (days(end, start) + 1))
}

func specStatus(asOf, start, end okr.Date, p, expected float64) *string {
	if asOf.Before(start) {
		return str("not-started")
	}
	if asOf.After(end) {
		return nil
	}
	if p == 1 {
		return str("done")
	}
	gap := expected - p
	if gap <= 0.10 {
		return str("on-track")
	}
	if gap <= 0.25 {
		return str("at-risk")
	}
	return str("off-track")
}

func specGrade(asOf, end okr.Date, p float64, committed bool) (*float64, *string) {
	if !asOf.After(end) {
		return nil, nil
	}
	s := p
	switch {
	case committed && s == 1 || !committed && s >= 0.7:
		return &s, str("achieved")
	case s >= 0.4:
		return &s, str("partial")
	}
	return &s, str("missed")
}

func specKR(kr *genKR, all []genUpdate, asOf okr.Date, stale int) wantKR {
	ref := kr.quarter + "/" + kr.obj + "." + kr.id
	var us []genUpdate
	for _, u := range all {
		d, _ := okr.ParseDate(u.date)
		if u.ref == ref && !d.After(asOf) {
			us = append(us, u)
		}
	}
	sort.SliceStable(us, func(i, j int) bool {
		if us[i].date != us[j].date {
			return us[i].date < us[j].date
		}
		if us[i].path != us[j].path {
			return us[i].path < us[j].path
		}
		return us[i].index < us[j].index
	})
	w := wantKR{expected: specExpected(asOf, kr.qStart, kr.qEnd), history: len(us)}
	var lastValue *float64
	met, n := 0, 0
	for _, u := range us {
		if u.value != nil {
			lastValue = u.value
			n++
			if kr.dir == "at_most" && *u.value <= kr.target || kr.dir == "at_least" && *u.value >= kr.target {
				met++
			}
		}
	}
	if len(us) > 0 {
		w.confidence = us[len(us)-1].confidence
		w.lastUpdate = str(us[len(us)-1].date)
	}
	switch kr.kind {
	case "metric":
		cur := kr.start
		if lastValue != nil {
			cur = *lastValue
		}
		w.current = &cur
		w.progress = (cur - kr.start) / (kr.target - kr.start)
	case "milestone":
		done := false
		for _, u := range us {
			if u.done != nil {
				done = *u.done
			}
		}
		w.done = &done
		if done {
			w.progress = 1
		}
	case "threshold":
		w.current = lastValue
		if n > 0 {
			w.progress = float64(met) / float64(n)
		}
	}
	p := clamp(w.progress)
	w.status = specStatus(asOf, kr.qStart, kr.qEnd, p, w.expected)
	running := !asOf.Before(kr.qStart) && !asOf.After(kr.qEnd)
	if kr.kind == "threshold" && running && lastValue != nil {
		ok := kr.dir == "at_most" && *lastValue <= kr.target || kr.dir == "at_least" && *lastValue >= kr.target
		w.status = str("off-track")
		if ok {
			w.status = str("on-track")
		}
	}
	w.score, w.grade = specGrade(asOf, kr.qEnd, p, kr.committed)
	if running && (w.status == nil || *w.status != "done") {
		since := kr.qStart
		if w.lastUpdate != nil {
			since, _ = okr.ParseDate(*w.lastUpdate)
		}
		w.stale = asOf.Sub(since) > stale
	}
	return w
}

func TestDataMatchesSpecOnRandomSites(t *testing.T) {
	for seed := int64(1); seed <= 100; seed++ {
		rng := rand.New(rand.NewSource(seed))
		g := genRandomSite(rng)
		dir := sitetest.Write(t, g.files)
		site, err := okr.Load(dir)
		if err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, g.files["okr.toml"])
		}
		for _, asOf := range []okr.Date{g.krs[0].qStart.AddDays(-5), g.krs[0].qStart.AddDays(rng.Intn(200)), okr.NewDate(2027, 12, 1)} {
			var d struct {
				Quarters []struct {
					ID, Start, End string
					Expected       float64
					Progress       float64
					Status         *string
					Score          *float64
					Grade          *string
					Objectives     []struct {
						ID         string
						Progress   float64
						Status     *string
						Score      *float64
						Grade      *string
						KeyResults []struct {
							Ref        string
							Current    *float64
							Done       *bool
							Progress   float64
							Expected   float64
							Status     *string
							Score      *float64
							Grade      *string
							Confidence *int
							Stale      bool
							LastUpdate *string `json:"last_update"`
							History    []json.RawMessage
						} `json:"key_results"`
					}
				}
			}
			if err := json.Unmarshal(Data(okr.Compute(site, asOf), "t", "g", false), &d); err != nil {
				t.Fatal(err)
			}
			ctx := fmt.Sprintf("seed %d as of %s", seed, asOf)
			byRef := map[string]*genKR{}
			for _, kr := range g.krs {
				byRef[kr.quarter+"/"+kr.obj+"."+kr.id] = kr
			}
			var qsum, qw float64
			for _, q := range d.Quarters {
				qsum, qw = 0, 0
				var qs, qe okr.Date
				for _, o := range q.Objectives {
					var osum, ow float64
					for _, k := range o.KeyResults {
						kr := byRef[q.ID+"/"+k.Ref]
						qs, qe = kr.qStart, kr.qEnd
						w := specKR(kr, g.updates, asOf, g.stale)
						where := ctx + " " + q.ID + "/" + k.Ref
						eqf(t, where+" progress", k.Progress, w.progress)
						eqf(t, where+" expected", k.Expected, w.expected)
						eqp(t, where+" current", k.Current, w.current)
						eqp(t, where+" score", k.Score, w.score)
						eqs(t, where+" status", k.Status, w.status)
						eqs(t, where+" grade", k.Grade, w.grade)
						eqs(t, where+" last_update", k.LastUpdate, w.lastUpdate)
						if (k.Done == nil) != (w.done == nil) || k.Done != nil && *k.Done != *w.done {
							t.Errorf("%s done = %v, want %v", where, k.Done, w.done)
						}
						if (k.Confidence == nil) != (w.confidence == nil) || k.Confidence != nil && *k.Confidence != *w.confidence {
							t.Errorf("%s confidence = %v, want %v", where, k.Confidence, w.confidence)
						}
						if k.Stale != w.stale || len(k.History) != w.history {
							t.Errorf("%s stale %v history %d, want %v %d", where, k.Stale, len(k.History), w.stale, w.history)
						}
						osum += kr.weight * clamp(w.progress)
						ow += kr.weight
					}
					op := osum / ow
					eqf(t, ctx+" "+q.ID+"/"+o.ID+" progress", o.Progress, op)
					if len(o.KeyResults) > 0 {
						st := specStatus(asOf, qs, qe, op, specExpected(asOf, qs, qe))
						eqs(t, ctx+" "+o.ID+" status", o.Status, st)
						sc, gr := specGrade(asOf, qe, op, byRef[q.ID+"/"+o.KeyResults[0].Ref].committed)
						eqp(t, ctx+" "+o.ID+" score", o.Score, sc)
						eqs(t, ctx+" "+o.ID+" grade", o.Grade, gr)
					}
					ow2 := g.objW[q.ID+"/"+o.ID]
					qsum += ow2 * op
					qw += ow2
				}
				eqf(t, ctx+" "+q.ID+" progress", q.Progress, qsum/qw)
				s, _ := okr.ParseDate(q.Start)
				e, _ := okr.ParseDate(q.End)
				eqf(t, ctx+" "+q.ID+" expected", q.Expected, specExpected(asOf, s, e))
				eqs(t, ctx+" "+q.ID+" status", q.Status, specStatus(asOf, s, e, qsum/qw, specExpected(asOf, s, e)))
				sc, gr := specGrade(asOf, e, qsum/qw, false)
				eqp(t, ctx+" "+q.ID+" score", q.Score, sc)
				eqs(t, ctx+" "+q.ID+" grade", q.Grade, gr)
			}
		}
	}
}

func eqf(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func eqp(t *testing.T, what string, got, want *float64) {
	t.Helper()
	if (got == nil) != (want == nil) {
		t.Errorf("%s = %v, want %v", what, got, want)
	} else if got != nil {
		eqf(t, what, *got, *want)
	}
}

func eqs(t *testing.T, what string, got, want *string) {
	t.Helper()
	g, w := "null", "null"
	if got != nil {
		g = *got
	}
	if want != nil {
		w = *want
	}
	if g != w {
		t.Errorf("%s = %s, want %s", what, g, w)
	}
}

// TestExtremeNumbers: a start and target a hair apart make progress
// overflow; data.json must still encode, and every number stay finite.
func TestExtremeNumbers(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"okr.toml":              "title = \"T\"\n[[objectives]]\nid = \"O1\"\nquarter = \"2026-Q3\"\ntitle = \"x\"\nweight = 1e15\n  [[objectives.key_results]]\n  id = \"KR1\"\n  title = \"y\"\n  start = 0\n  target = 1e-300\n  weight = 1e15\n",
		"content/checkins/a.md": "+++\ndate = 2026-07-14\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 1e15\n+++\n",
	})
	site, err := okr.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Quarters []struct{ Progress float64 }
	}
	if err := json.Unmarshal(Data(okr.Compute(site, okr.NewDate(2026, 8, 1)), "t", "g", false), &d); err != nil {
		t.Fatal(err)
	}
	if d.Quarters[0].Progress != 1 {
		t.Errorf("quarter progress %v, want 1", d.Quarters[0].Progress)
	}
}
