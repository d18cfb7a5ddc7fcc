package pdf

import (
	"fmt"
	"strings"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
)

// summary is the table of every objective and key result.
func (d *document) summary() {
	d.section("Summary")
	t, rows, blocked := d.summaryTable(d.qn, d.interim)
	t.rows(rows)
	d.f.Ln(4)
	note := "Score: progress clamped to 0..1 once the quarter is over. Achieved at 0.7 or more (1.0 for committed objectives), partial at 0.4 or more, else missed."
	if d.interim {
		note = paceNote(d.qn)
	}
	if blocked {
		note += " Blocked: see the key result for its blocker."
	}
	d.para(note, "I", 8.5, colMuted)
}

// paceNote explains the status of a running quarter's numbers.
func paceNote(qn *okr.QuarterNumbers) string {
	if hasDue(qn) {
		return fmt.Sprintf("Progress against the expected pace: %s of the quarter elapsed, or the share of the days to a key result's due date when it has one; on track within 10 points of that pace, at risk within 25, else off track.", charts.Percent(qn.Elapsed))
	}
	return fmt.Sprintf("Progress against %s of the quarter elapsed: on track within 10 points of that pace, at risk within 25, else off track.", charts.Percent(qn.Elapsed))
}

// summaryTable returns the table of qn's objectives and key results, its
// columns fitted to the page, with its rows, and whether a key result is
// blocked: final values and scores once the quarter is over, else current
// values and progress (interim).
func (d *document) summaryTable(qn *okr.QuarterNumbers, interim bool) (*table, []tableRow, bool) {
	valueHead, scoreHead, stateHead := "Final", "Score", "Grade"
	if interim {
		valueHead, scoreHead, stateHead = "Now", "Progress", "Status"
	}
	t := &table{d: d, size: 8.5,
		aligns: []string{"L", "R", "R", "R", "R", "L", "R"},
		header: []string{"Key result", "Start", "Target", valueHead, scoreHead, stateHead, "Conf."},
	}
	var rows []tableRow
	blocked := false
	for _, on := range qn.Objectives {
		o := on.Objective
		num := charts.Percent(on.Progress)
		if on.Score != nil {
			num = charts.Score(*on.Score)
		}
		rows = append(rows, tableRow{[]string{o.ID + "  " + o.Title, "", "", "", num, state(on.Status, on.Grade), ""}, "B", true})
		for _, kn := range on.KeyResults {
			kr := kn.KR
			start, target := "—", "—"
			if kr.Start != nil {
				start = charts.Value(*kr.Start, kr.Unit)
			}
			switch {
			case kr.Kind == okr.Milestone:
				target = "done"
			case kr.Kind == okr.Threshold && kr.Direction == okr.AtMost:
				target = "≤ " + charts.Value(*kn.Target, kr.Unit)
			case kr.Kind == okr.Threshold:
				target = "≥ " + charts.Value(*kn.Target, kr.Unit)
			case kr.Target != nil:
				target = charts.Value(*kn.Target, kr.Unit)
			}
			score := charts.Percent(kn.Progress)
			if kn.Score != nil {
				score = charts.Score(*kn.Score)
			}
			conf := "—"
			if kn.Confidence != nil {
				conf = charts.ConfidenceText(*kn.Confidence)
			}
			st := state(kn.Status, kn.Grade)
			if kn.Blocker != nil {
				st += " · Blocked"
				blocked = true
			}
			rows = append(rows, tableRow{[]string{kr.Ref() + "  " + kr.Title, start, target, charts.Current(kn), score, st, conf}, "", false})
		}
	}
	t.fit(rows, contentW, true)
	return t, rows, blocked
}

// charts draws the quarter's bar charts.
func (d *document) charts() {
	d.addPage()
	d.f.Bookmark("Charts", 0, -1)
	d.heading("Charts", 18)
	krRows, objRows := barRows(d.qn, d.interim)
	if len(krRows) == 0 && len(d.o.Teams) > 0 {
		// An organisation's objectives may have no key results of their
		// own (SPEC section 9): no empty chart for them.
		d.para("No key results of its own this quarter: its objectives take their numbers from the team objectives aligned to them.", "I", 10, colMuted)
		d.f.Ln(6)
	} else {
		d.scoreChart("Key result", krRows, d.qn, d.interim)
	}
	d.scoreChart("Objective", objRows, d.qn, d.interim)
}

// scoreChart draws the bar chart of what's rows ("Key result" or
// "Objective"): their scores against 0.7, or while qn runs (interim) their
// progress against the expected pace.
func (d *document) scoreChart(what string, rows []barRow, qn *okr.QuarterNumbers, interim bool) {
	if interim {
		d.barChart(what+" progress against the expected pace", rows, "expected "+charts.Percent(qn.Expected), true)
		return
	}
	d.barChart(what+" scores", rows, "0.7", false)
}

// barRows returns the bars of the quarter's key results and objectives:
// their scores against 0.7 once given, else their clamped progress against
// their own expected pace (to a due date where a key result has one, SPEC
// section 10).
func barRows(qn *okr.QuarterNumbers, interim bool) (krRows, objRows []barRow) {
	for _, on := range qn.Objectives {
		mark := 0.7
		if interim {
			mark = on.Expected
		}
		objRows = append(objRows, barRow{on.Objective.ID, valueOf(on.Progress, on.Score), stateKey(on.Status, on.Grade), mark})
		for _, kn := range on.KeyResults {
			mark := 0.7
			if interim {
				mark = kn.Expected
			}
			krRows = append(krRows, barRow{kn.KR.Ref(), valueOf(kn.Progress, kn.Score), stateKey(kn.Status, kn.Grade), mark})
		}
	}
	return krRows, objRows
}

// valueOf is the score once given, else the clamped progress.
func valueOf(progress float64, score *float64) float64 {
	if score != nil {
		return *score
	}
	return max(0, min(1, progress))
}

// objectives writes each objective with its key results and notes. The
// first starts a page; the others follow on the page before when their
// heading, description and first key result fit and a third of the page is
// left.
func (d *document) objectives() {
	for i, on := range d.qn.Objectives {
		o := on.Objective
		if i == 0 {
			d.addPage()
			d.f.Bookmark("Objectives", 0, -1)
		} else {
			d.startBlock(d.objectiveHeadH(on), 0)
		}
		d.f.Bookmark(d.clean(o.ID+" "+o.Title), 1, -1)
		d.heading(o.ID+"  "+o.Title, 16)
		meta := []string{o.Kind}
		if o.Owner != "" {
			meta = append([]string{"Owner " + o.Owner}, meta...)
		}
		if o.Weight != 1 {
			meta = append(meta, "weight "+charts.Number(o.Weight))
		}
		if on.Score != nil {
			meta = append(meta, "score "+charts.Score(*on.Score)+", "+on.Grade)
		} else {
			meta = append(meta, "progress "+charts.Percent(on.Progress)+", "+charts.StatusText(on.Status))
		}
		d.para(strings.Join(meta, " · "), "", 10, colMuted)
		for _, l := range carriedLines(o) {
			d.para(l, "I", 10, colMuted)
		}
		d.f.Ln(2)
		if strings.TrimSpace(o.Description) != "" {
			d.markdown([]byte(o.Description), okr.ConfigFile)
			d.f.Ln(2)
		}
		for _, kn := range on.KeyResults {
			d.keyResult(kn)
		}
		d.notes(on)
	}
}

// objectiveHeadH estimates the height of an objective's heading, facts,
// description and first key result: what must not be parted.
func (d *document) objectiveHeadH(on *okr.ObjectiveNumbers) float64 {
	o := on.Objective
	h := d.headingH(o.ID+"  "+o.Title, 16) + 10*0.5 + 2
	h += float64(len(carriedLines(o))) * 10 * 0.5
	if desc := strings.TrimSpace(o.Description); desc != "" {
		d.font(sans, "", 10)
		for _, p := range strings.Split(desc, "\n\n") {
			h += float64(len(d.f.SplitText(d.clean(strings.ReplaceAll(p, "\n", " ")), contentW)))*5 + 2
		}
		h += 2
	}
	if len(on.KeyResults) > 0 {
		h += keyResultH
	}
	return h
}

// keyResultH is the height a key result's block is given: its title, its
// facts and its chart are never parted.
const keyResultH = 78.0

func (d *document) keyResult(kn *okr.KRNumbers) {
	kr, f := kn.KR, d.f
	moved := 0.0
	for i := range kn.Revisions {
		d.font(sans, "", 9)
		moved += float64(len(d.f.SplitText(d.clean(movedText(kr, i)), contentW))) * 4.5
	}
	d.ensure(keyResultH + d.blockerH(kn) + moved)
	d.font(sans, "B", 11)
	d.textColour(colText)
	f.SetX(marginL)
	d.multiCell(contentW, 5.5, d.clean(kr.Ref()+"  "+kr.Title), "", "L", false)
	facts := []string{"Target " + charts.TargetInForce(kn)}
	label := "Final"
	if d.interim {
		label = "Now"
	}
	facts = append(facts, label+" "+charts.Current(kn))
	if kn.Score != nil {
		facts = append(facts, "score "+charts.Score(*kn.Score)+" ("+kn.Grade+")")
	} else {
		facts = append(facts, "progress "+charts.Percent(kn.Progress)+" ("+charts.StatusText(kn.Status)+")")
	}
	if kn.Confidence != nil {
		facts = append(facts, "confidence "+charts.ConfidenceText(*kn.Confidence))
	}
	if kr.Owner != "" {
		facts = append(facts, "owner "+kr.Owner)
	}
	if kn.Stale {
		facts = append(facts, "stale")
	}
	facts = append(facts, krFactsDue(kn)...)
	if pace := charts.AtThisPace(kn); pace != "" {
		facts = append(facts, pace)
	}
	d.para(strings.Join(facts, " · "), "", 9, colMuted)
	for i := range kn.Revisions {
		d.para(movedText(kr, i), "", 9, colTarget)
	}
	if b := kn.Blocker; b != nil {
		f.Ln(1)
		d.para(blockerText(b), "B", 9.5, colBad)
	}
	f.Ln(3)
	d.lineChart(kn, contentW, 52)
	f.Ln(4)
}

// notes lists the notes of check-ins on an objective's key results.
func (d *document) notes(on *okr.ObjectiveNumbers) {
	var us []*okr.Update
	title := "Notes from check-ins"
	for _, kn := range on.KeyResults {
		for _, u := range kn.History {
			if u.Note != "" {
				us = append(us, u)
				if u.FromData() {
					title = "Notes from check-ins and data files"
				}
			}
		}
	}
	// The heading stays with three lines of notes at least.
	d.ensure(d.headingH(title, 12) + 3*4.5 + 2*1.5)
	d.heading(title, 12)
	if len(us) == 0 {
		d.para("No notes.", "I", 9.5, colMuted)
		return
	}
	sortUpdates(us)
	for _, u := range us {
		d.ensure(10)
		d.font(sans, "B", 9)
		d.textColour(colMuted)
		d.f.SetX(marginL)
		head := fmt.Sprintf("%s · %s %s  ", u.Date, u.KR.Ref(), charts.Reported(u))
		if u.FromData() {
			// A row of a data file, not a check-in (SPEC section 10).
			head = fmt.Sprintf("%s · %s %s · from %s  ", u.Date, u.KR.Ref(), charts.Reported(u), u.Source)
		}
		d.flow(4.5, d.clean(head), "")
		d.font(sans, "", 9.5)
		d.textColour(colText)
		d.flow(4.5, d.clean(u.Note), "")
		d.f.Ln(6)
	}
}

// sortUpdates orders updates by date, then by key result.
func sortUpdates(us []*okr.Update) {
	for i := 1; i < len(us); i++ {
		for j := i; j > 0 && us[j].Date.Before(us[j-1].Date); j-- {
			us[j], us[j-1] = us[j-1], us[j]
		}
	}
}

// retro writes the retrospective notes.
func (d *document) retro() {
	title := "Retrospective notes"
	if d.interim {
		title = "Notes"
	}
	q := d.qn.Quarter
	if q.Retro == nil || strings.TrimSpace(string(q.Retro.Body)) == "" {
		d.flowSection(title, 2*lineH)
		d.para(fmt.Sprintf("No notes yet: write them in content/retros/%s.md.", q.ID), "I", 10, colMuted)
		return
	}
	d.flowSection(title, 0)
	d.markdown(q.Retro.Body, q.Retro.Source)
}

// log lists the quarter's check-ins.
func (d *document) log() {
	t := &table{d: d, size: 8.5,
		aligns: []string{"L", "L", "L", "L"},
		header: []string{"Date", "Check-in", "Author", "Updates"},
	}
	var rows []tableRow
	for _, c := range d.num.CheckIns {
		if !d.qn.Quarter.Logs(c) {
			continue
		}
		var ups []string
		for _, u := range c.Updates {
			if u.KR.Objective.Quarter == d.qn.Quarter {
				ups = append(ups, u.KR.Ref()+" "+charts.Reported(u))
			}
		}
		author := c.Author
		if author == "" {
			author = "—"
		}
		rows = append(rows, tableRow{[]string{c.Date.String(), c.Title, author, strings.Join(ups, "; ")}, "", false})
	}
	t.fit(rows, contentW, true)
	h := 2 * lineH
	if len(rows) > 0 {
		h, _ = t.height(t.header, "B")
		for _, r := range rows {
			rh, _ := t.height(r.cells, r.style)
			h += rh
		}
	}
	d.flowSection("Check-in log", h)
	t.rows(rows)
	if len(rows) == 0 {
		d.para("No check-ins in this quarter.", "I", 10, colMuted)
	}
}
