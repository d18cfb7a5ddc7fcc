package render

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"sort"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
)

// This file checks the keys of SPEC section 11 in data.json against a
// second implementation of the section, written from the spec in the
// plainest way, on random sites with due dates and moved targets.

// want11 is what section 11 gives a key result.
type want11 struct {
	target, original  *float64
	revisions         int
	progress          float64 // section 4's, against the target in force
	scoreOriginal     *float64
	forecast, fcProgr *float64
	likely            *string
	achieved          bool // its grade, once the quarter ended, is achieved
	confidences       []int
}

func spec11KR(kr *genKR, all []genUpdate, asOf okr.Date) want11 {
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
	var w want11
	for _, u := range us {
		if u.confidence != nil {
			w.confidences = append(w.confidences, *u.confidence)
		}
	}
	running := !asOf.Before(kr.qStart) && !asOf.After(kr.qEnd)
	ended := asOf.After(kr.qEnd)
	if kr.kind == "milestone" {
		done := false
		for _, u := range us {
			if u.done != nil {
				done = *u.done
			}
		}
		if done {
			w.progress = 1
		}
		w.achieved = ended && (kr.committed && w.progress == 1 || !kr.committed && w.progress >= 0.7)
		return w
	}
	// The target in force: the latest revision on or before as_of.
	target := kr.target
	for _, r := range kr.revs {
		if !r.date.After(asOf) {
			target = r.target
			w.revisions++
		}
	}
	orig := kr.target
	w.target, w.original = &target, &orig
	var progress, progressOrig float64
	if kr.kind == "metric" {
		cur := kr.start
		for _, u := range us {
			if u.value != nil {
				cur = *u.value
			}
		}
		progress = (cur - kr.start) / (target - kr.start)
		progressOrig = (cur - kr.start) / (orig - kr.start)
	} else {
		meets := func(v, t float64) bool {
			if kr.dir == "at_most" {
				return v <= t
			}
			return v >= t
		}
		met, metOrig, n := 0, 0, 0
		for _, u := range us {
			if u.value != nil {
				n++
				if meets(*u.value, target) {
					met++
				}
				if meets(*u.value, orig) {
					metOrig++
				}
			}
		}
		if n > 0 {
			progress = float64(met) / float64(n)
			progressOrig = float64(metOrig) / float64(n)
		}
	}
	w.progress = progress
	score := clamp(progress)
	w.achieved = ended && (kr.committed && score == 1 || !kr.committed && score >= 0.7)
	if ended {
		so := clamp(progressOrig)
		w.scoreOriginal = &so
	}
	if kr.kind != "metric" || !running {
		return w
	}
	// One point a day from the start to as_of: the last value of the day.
	value := map[okr.Date]float64{}
	for _, u := range us {
		d, _ := okr.ParseDate(u.date)
		if u.value != nil && !d.Before(kr.qStart) {
			value[d] = *u.value
		}
	}
	if _, ok := value[kr.qStart]; !ok {
		value[kr.qStart] = kr.start
	}
	var ds []okr.Date
	for d := range value {
		ds = append(ds, d)
	}
	if len(ds) < 2 {
		return w
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].Before(ds[j]) })
	n := float64(len(ds))
	var sx, sy float64
	for _, d := range ds {
		sx += float64(d.Sub(kr.qStart))
		sy += value[d]
	}
	xm, ym := sx/n, sy/n
	var num, den float64
	for _, d := range ds {
		x := float64(d.Sub(kr.qStart))
		num += (x - xm) * (value[d] - ym)
		den += (x - xm) * (x - xm)
	}
	last := kr.qEnd
	if kr.due != nil {
		last = *kr.due
	}
	f := ym + num/den*(float64(last.Sub(kr.qStart))-xm)
	fp := (f - kr.start) / (target - kr.start)
	w.forecast, w.fcProgr = &f, &fp
	w.likely = likelyGrade(clamp(fp), kr.committed)
	return w
}

func likelyGrade(p float64, committed bool) *string {
	switch {
	case committed && p == 1 || !committed && p >= 0.7:
		return str("achieved")
	case p >= 0.4:
		return str("partial")
	}
	return str("missed")
}

func TestData11MatchesSpecOnRandomSites(t *testing.T) {
	for seed := int64(1); seed <= 100; seed++ {
		rng, more := rand.New(rand.NewSource(seed)), rand.New(rand.NewSource(-seed))
		g := genRandomSiteMore(rng, more)
		site, err := okr.Load(sitetest.Write(t, g.files))
		if err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, g.files["okr.toml"])
		}
		byRef := map[string]*genKR{}
		for _, kr := range g.krs {
			byRef[kr.quarter+"/"+kr.obj+"."+kr.id] = kr
		}
		for _, asOf := range []okr.Date{g.krs[0].qStart.AddDays(-5), g.krs[0].qStart.AddDays(more.Intn(200)), g.krs[0].qStart.AddDays(more.Intn(400)), okr.NewDate(2027, 12, 1)} {
			var d struct {
				Quarters []struct {
					ID          string
					Start, End  string
					ForecastP   *float64 `json:"forecast_progress"`
					Likely      *string
					Calibration *struct {
						Brier, Bias float64
						Updates     int
						Bins        []struct {
							From, To, Updates int
							Stated, Achieved  *float64
						}
					}
					Objectives []struct {
						ID         string
						ForecastP  *float64 `json:"forecast_progress"`
						Likely     *string
						KeyResults []struct {
							Ref           string
							Target        *float64
							Original      *float64 `json:"original_target"`
							Revisions     []json.RawMessage
							Progress      float64
							ScoreOriginal *float64 `json:"score_original"`
							Forecast      *float64
							ForecastP     *float64 `json:"forecast_progress"`
							Likely        *string
						} `json:"key_results"`
					}
				}
			}
			if err := json.Unmarshal(Data(okr.Compute(site, asOf), "t", "g", false), &d); err != nil {
				t.Fatal(err)
			}
			ctx := fmt.Sprintf("seed %d as of %s", seed, asOf)
			for _, q := range d.Quarters {
				s, _ := okr.ParseDate(q.Start)
				e, _ := okr.ParseDate(q.End)
				running := !asOf.Before(s) && !asOf.After(e)
				var qsum, qw float64
				var ps, os []float64
				var cs []int
				for _, o := range q.Objectives {
					var osum, ow float64
					committed := false
					for _, k := range o.KeyResults {
						kr := byRef[q.ID+"/"+k.Ref]
						committed = kr.committed
						w := spec11KR(kr, g.updates, asOf)
						where := ctx + " " + q.ID + "/" + k.Ref
						eqp(t, where+" target", k.Target, w.target)
						eqp(t, where+" original_target", k.Original, w.original)
						eqf(t, where+" progress", k.Progress, w.progress)
						eqp(t, where+" score_original", k.ScoreOriginal, w.scoreOriginal)
						eqRel(t, where+" forecast", k.Forecast, w.forecast)
						eqRel(t, where+" forecast_progress", k.ForecastP, w.fcProgr)
						eqs(t, where+" likely", k.Likely, w.likely)
						if len(k.Revisions) != w.revisions {
							t.Errorf("%s: %d revisions, want %d", where, len(k.Revisions), w.revisions)
						}
						v := clamp(w.progress)
						if w.fcProgr != nil {
							v = clamp(*w.fcProgr)
						}
						osum += kr.weight * v
						ow += kr.weight
						for _, c := range w.confidences {
							o := 0.0
							if w.achieved {
								o = 1
							}
							ps, os, cs = append(ps, float64(c)/10), append(os, o), append(cs, c)
						}
					}
					of := osum / ow
					var want *float64
					var likely *string
					if running {
						want, likely = &of, likelyGrade(of, committed)
					}
					eqRel(t, ctx+" "+q.ID+"/"+o.ID+" forecast_progress", o.ForecastP, want)
					eqs(t, ctx+" "+q.ID+"/"+o.ID+" likely", o.Likely, likely)
					qsum += g.objW[q.ID+"/"+o.ID] * of
					qw += g.objW[q.ID+"/"+o.ID]
				}
				var want *float64
				var likely *string
				if running {
					qf := qsum / qw
					want, likely = &qf, likelyGrade(qf, false)
				}
				eqRel(t, ctx+" "+q.ID+" forecast_progress", q.ForecastP, want)
				eqs(t, ctx+" "+q.ID+" likely", q.Likely, likely)
				// Calibration, once the quarter ended.
				c := q.Calibration
				if !asOf.After(e) || len(ps) == 0 {
					if c != nil {
						t.Errorf("%s %s: calibration %+v, want null", ctx, q.ID, c)
					}
					continue
				}
				if c == nil {
					t.Errorf("%s %s: calibration null, want %d updates", ctx, q.ID, len(ps))
					continue
				}
				var sq, sp, so float64
				for i := range ps {
					sq += (ps[i] - os[i]) * (ps[i] - os[i])
					sp += ps[i]
					so += os[i]
				}
				n := float64(len(ps))
				eqf(t, ctx+" "+q.ID+" brier", c.Brier, sq/n)
				eqf(t, ctx+" "+q.ID+" bias", c.Bias, sp/n-so/n)
				if c.Updates != len(ps) || len(c.Bins) != 3 {
					t.Fatalf("%s %s: %d updates, %d bins; want %d, 3", ctx, q.ID, c.Updates, len(c.Bins), len(ps))
				}
				for b, r := range [][2]int{{0, 3}, {4, 6}, {7, 10}} {
					var k int
					var bp, bo float64
					for i, cc := range cs {
						if cc >= r[0] && cc <= r[1] {
							k++
							bp += ps[i]
							bo += os[i]
						}
					}
					got := c.Bins[b]
					var stated, achieved *float64
					if k > 0 {
						st, ac := bp/float64(k), bo/float64(k)
						stated, achieved = &st, &ac
					}
					if got.From != r[0] || got.To != r[1] || got.Updates != k {
						t.Errorf("%s %s bin %d: %d-%d %d updates, want %d-%d %d", ctx, q.ID, b, got.From, got.To, got.Updates, r[0], r[1], k)
					}
					eqp(t, fmt.Sprintf("%s %s bin %d stated", ctx, q.ID, b), got.Stated, stated)
					eqp(t, fmt.Sprintf("%s %s bin %d achieved", ctx, q.ID, b), got.Achieved, achieved)
				}
			}
		}
	}
}

// eqRel compares numbers that may be large (forecasts) relative to their
// size.
func eqRel(t *testing.T, what string, got, want *float64) {
	t.Helper()
	switch {
	case (got == nil) != (want == nil):
		t.Errorf("%s = %v, want %v", what, fmtp(got), fmtp(want))
	case got != nil && math.Abs(*got-*want) > 1e-9*math.Max(1, math.Abs(*want)):
		t.Errorf("%s = %v, want %v", what, *got, *want)
	}
}

func fmtp(p *float64) any {
	if p == nil {
		return "null"
	}
	return *p
}
