package pdf

import (
	"fmt"
	"strings"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
)

// This file writes what SPEC section 9 adds to an organisation's PDF: its
// teams, after its own objectives and before its retrospective notes and
// check-in log, so that the notes and the log, which are the
// organisation's, close the document once the reader has seen every
// team's numbers they may speak of.

// teams writes the "Teams" section: every team at a glance, then a section
// per team with its numbers, its summary table and the chart of its key
// results, each team in the outline under "Teams". Nothing without teams.
func (d *document) teams() {
	if len(d.o.Teams) == 0 {
		return
	}
	id := d.qn.Quarter.ID
	d.section("Teams")
	what := "scores"
	if d.interim {
		what = "progress"
	}
	d.para(fmt.Sprintf("%s. Each section below gives a team's own OKRs for %s with the numbers of its own site, on its own quarter's dates: its objectives and key results, then its key results' %s.", countOf(len(d.o.Teams), "team"), id, what), "", 10, colMuted)
	d.f.Ln(4)
	for _, tm := range d.o.Teams {
		d.teamLine(tm)
	}
	for _, tm := range d.o.Teams {
		d.team(tm)
	}
}

// teamQuarter is a team's quarter, or nil when it has no objectives in it.
func teamQuarter(tm Team) *okr.QuarterNumbers {
	if tm.Quarter == nil || len(tm.Quarter.Objectives) == 0 {
		return nil
	}
	return tm.Quarter
}

// teamName is the name a team goes by in the PDF.
func teamName(tm Team) string {
	if strings.TrimSpace(tm.Name) == "" {
		return "Unnamed team"
	}
	return tm.Name
}

// teamLine writes a team's line of the list at a glance: its score or
// progress, its state and a bar.
func (d *document) teamLine(tm Team) {
	qn := teamQuarter(tm)
	if qn == nil {
		d.glanceLine(teamName(tm), "—", "", "no OKRs", 0, -1, false)
		return
	}
	value := charts.Percent(qn.Progress)
	if qn.Score != nil {
		value = charts.Score(*qn.Score)
	}
	expected := qn.Expected
	if qn.Phase != okr.Running {
		expected = -1
	}
	d.glanceLine(teamName(tm), value, stateKey(qn.Status, qn.Grade), state(qn.Status, qn.Grade), qn.Progress, expected, true)
}

// team writes one team's section. It follows on the page before when the
// whole of it fits there; else it starts a page, unless it is longer than
// a page: then it follows on when its heading, facts and the start of its
// table fit and a third of the page is left (see startBlock).
func (d *document) team(tm Team) {
	name, qn := teamName(tm), teamQuarter(tm)
	headH := d.headingH(name, 16)
	if qn == nil {
		d.startBlock(headH+lineH, headH+lineH)
		d.f.Bookmark(d.clean(name), 1, -1)
		d.heading(name, 16)
		d.para(fmt.Sprintf("%s has no OKRs for %s.", name, d.qn.Quarter.ID), "I", 10, colMuted)
		return
	}
	interim := qn.Phase != okr.Ended
	facts := d.teamFacts(qn, interim)
	d.font(sans, "", 10)
	headH += float64(max(1, len(d.f.SplitText(d.clean(facts), contentW))))*5 + 2

	t, rows, blocked := d.summaryTable(qn, interim)
	tableH, _ := t.height(t.header, "B")
	need := headH + tableH // the heading stays with the table's header and first rows
	for i, r := range rows {
		h, _ := t.height(r.cells, r.style)
		tableH += h
		if i < 3 {
			need += h
		}
	}
	note := d.teamNote(qn, interim, blocked)
	if note != "" {
		d.font(sans, "I", 8.5)
		tableH += 4 + float64(len(d.f.SplitText(d.clean(note), contentW)))*8.5*0.5
	}
	krRows, objRows := barRows(qn, interim)
	chart, chartRows := "Key result", krRows
	if len(krRows) == 0 {
		// Objectives whose numbers come from their own teams' objectives.
		chart, chartRows = "Objective", objRows
	}
	chartH := 4 + d.headingH(chart+" scores", 12) + 6.5*float64(len(chartRows)) + 14

	if whole := headH + tableH + chartH; whole <= bodyH {
		need = whole // a team that fits on a page is not parted
	}
	d.startBlock(need, headH+tableH+chartH)
	d.f.Bookmark(d.clean(name), 1, -1)
	d.heading(name, 16)
	d.para(facts, "", 10, colMuted)
	d.f.Ln(2)
	t.rows(rows)
	if note != "" {
		d.f.Ln(4)
		d.para(note, "I", 8.5, colMuted)
	}
	d.f.Ln(4)
	d.scoreChart(chart, chartRows, qn, interim)
}

// teamFacts is the line under a team's heading: its score or progress with
// its state, what its quarter holds, and its dates when they are not the
// organisation's.
func (d *document) teamFacts(qn *okr.QuarterNumbers, interim bool) string {
	var facts []string
	if qn.Score != nil {
		facts = append(facts, "score "+charts.Score(*qn.Score)+", "+qn.Grade)
	} else {
		facts = append(facts, "progress "+charts.Percent(qn.Progress)+", "+charts.StatusText(qn.Status))
	}
	facts = append(facts, countOf(len(qn.Objectives), "objective")+", "+countOf(countKRs(qn), "key result"))
	if q, org := qn.Quarter, d.qn.Quarter; q.Start != org.Start || q.End != org.End {
		facts = append(facts, fmt.Sprintf("its quarter runs %s to %s", longDate(q.Start), longDate(q.End)))
	}
	if interim {
		facts = append(facts, charts.Percent(qn.Elapsed)+" of it elapsed")
	}
	return strings.Join(facts, " · ")
}

// teamNote is the note under a team's table: how its numbers read when
// its quarter is not in the organisation's phase (the organisation's
// summary explains its own), and where its blockers are told.
func (d *document) teamNote(qn *okr.QuarterNumbers, interim, blocked bool) string {
	var note []string
	if interim != d.interim {
		if interim {
			note = append(note, "This team's quarter has not ended. "+paceNote(qn))
		} else {
			note = append(note, "This team's quarter has ended: scores are its progress clamped to 0..1.")
		}
	}
	if blocked {
		note = append(note, "Blocked: the team's own report gives the blocker.")
	}
	return strings.Join(note, " ")
}

// countOf is "1 team", "2 teams".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
