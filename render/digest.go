package render

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
)

// Digest formats: Markdown for chat, plain text for email, HTML.
const (
	DigestMarkdown = "markdown"
	DigestText     = "text"
	DigestHTML     = "html"
)

// DigestFormats lists the formats Digest knows.
var DigestFormats = []string{DigestMarkdown, DigestText, DigestHTML}

// digestWriter writes the digest's few kinds of lines in one format. In
// Markdown and text a blank line separates blocks: a line that follows a
// paragraph or a list without one joins it (CommonMark's lazy
// continuation).
type digestWriter struct {
	b      bytes.Buffer
	format string
	inList bool
	depth  int // levels of headings above a site's sections: 1 in an organisation's digest
}

// block starts a block: a heading, a paragraph or a list.
func (w *digestWriter) block() {
	w.endList()
	if w.format != DigestHTML && w.b.Len() > 0 && !bytes.HasSuffix(w.b.Bytes(), []byte("\n\n")) {
		w.b.WriteByte('\n')
	}
}

func (w *digestWriter) title(s string) {
	switch w.format {
	case DigestMarkdown:
		fmt.Fprintf(&w.b, "# %s\n", s)
	case DigestHTML:
		fmt.Fprintf(&w.b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>%s</title></head>\n<body>\n<h1>%s</h1>\n", html.EscapeString(s), html.EscapeString(s))
	default:
		fmt.Fprintf(&w.b, "%s\n%s\n", s, strings.Repeat("=", len([]rune(s))))
	}
}

// heading writes a section's heading: level 2 below the title, one more
// for each level of depth.
func (w *digestWriter) heading(s string) {
	w.block()
	level := 2 + w.depth
	switch w.format {
	case DigestMarkdown:
		fmt.Fprintf(&w.b, "%s %s\n", strings.Repeat("#", level), s)
	case DigestHTML:
		fmt.Fprintf(&w.b, "<h%d>%s</h%d>\n", level, html.EscapeString(s), level)
	default:
		// Underlined as reStructuredText does: = for the title, then -, ~.
		fmt.Fprintf(&w.b, "%s\n%s\n", s, strings.Repeat(textUnderlines[min(level, len(textUnderlines))-1], len([]rune(s))))
	}
}

// textUnderlines underline the text digest's headings, by level.
var textUnderlines = []string{"=", "-", "~"}

func (w *digestWriter) para(s string) {
	w.block()
	if w.format == DigestHTML {
		fmt.Fprintf(&w.b, "<p>%s</p>\n", html.EscapeString(s))
		return
	}
	fmt.Fprintf(&w.b, "%s\n", s)
}

func (w *digestWriter) item(s string) {
	if !w.inList {
		w.block()
		if w.format == DigestHTML {
			w.b.WriteString("<ul>\n")
		}
		w.inList = true
	}
	if w.format == DigestHTML {
		fmt.Fprintf(&w.b, "<li>%s</li>\n", html.EscapeString(s))
		return
	}
	fmt.Fprintf(&w.b, "- %s\n", s)
}

func (w *digestWriter) endList() {
	if w.inList && w.format == DigestHTML {
		w.b.WriteString("</ul>\n")
	}
	w.inList = false
}

// Digest formats the weekly update of a site: ready to paste into chat
// (markdown), an email (text) or a page (html).
func Digest(d *okr.Digest, title, format string) []byte {
	w := &digestWriter{format: format}
	w.title(fmt.Sprintf("%s: update of %s", title, d.AsOf))
	w.para(fmt.Sprintf("Period: %s to %s.", d.Since, d.AsOf))
	digestBody(w, d, nil)
	return w.finish()
}

// TeamDigest is one site's part of an organisation's digest (SPEC
// section 9).
type TeamDigest struct {
	// Name heads the site's section: the organisation's name, a team's,
	// and for a team of a team its parents' names before its own,
	// "Product / Web".
	Name   string
	Digest *okr.Digest
	// Aligned lists the team objectives aligned to each objective of the
	// site (org.Numbers.Aligned); nil for a site without teams.
	Aligned map[*okr.Objective][]org.Aligned
}

// DigestTree formats the weekly update of an organisation, as Digest does
// a site's: the period once, then a section per site, the organisation's
// first, then each team's, parents before their teams. Every site's
// digest covers the same period. An objective served by team objectives
// names them with their progress.
func DigestTree(sites []TeamDigest, title, format string) []byte {
	w := &digestWriter{format: format}
	if len(sites) == 0 {
		return w.finish()
	}
	first := sites[0].Digest
	w.title(fmt.Sprintf("%s: update of %s", title, first.AsOf))
	w.para(fmt.Sprintf("Period: %s to %s.", first.Since, first.AsOf))
	for _, s := range sites {
		w.depth = 0
		w.heading(s.Name)
		w.depth = 1
		digestBody(w, s.Digest, s.Aligned)
	}
	return w.finish()
}

// digestBody writes a site's digest below its title: the quarter, its
// objectives and the sections. Within an organisation's digest
// (w.depth > 0) a quarter without key results of its own leaves out the
// sections only key results fill: status changes and stale key results.
func digestBody(w *digestWriter, d *okr.Digest, aligned map[*okr.Objective][]org.Aligned) {
	qn := d.Quarter
	if qn == nil {
		w.para("No quarters in okr.toml yet.")
		return
	}
	q := qn.Quarter
	switch qn.Phase {
	case okr.Running:
		w.para(fmt.Sprintf("%s: %d day%s left (ends %s); %s of the quarter elapsed, progress %s, %s.",
			q.ID, d.DaysLeft, digestS(d.DaysLeft), q.End, charts.Percent(qn.Elapsed), charts.Percent(qn.Progress), charts.StatusText(qn.Status)))
		switch {
		case d.DaysLeft == 0:
			w.para("The quarter ends today: plan the retrospective and the next quarter's kickoff.")
		case d.DaysLeft <= 14:
			w.para(fmt.Sprintf("The quarter ends in %d day%s: plan the retrospective and the next quarter's kickoff.", d.DaysLeft, digestS(d.DaysLeft)))
		}
	case okr.Upcoming:
		w.para(fmt.Sprintf("%s starts on %s.", q.ID, q.Start))
	default:
		w.para(fmt.Sprintf("%s ended on %s with a score of %s (%s).", q.ID, q.End, charts.Score(*qn.Score), qn.Grade))
	}

	w.heading("Objectives")
	if len(qn.Objectives) == 0 && w.depth > 0 {
		w.para(fmt.Sprintf("No objectives in %s.", q.ID))
	}
	for _, on := range qn.Objectives {
		before, now := d.Progress(on)
		line := fmt.Sprintf("%s %s: %s (%s over the period), %s", on.Objective.ID, on.Objective.Title,
			charts.Percent(now), charts.Points(now-before), charts.StatusText(on.Status))
		if al := aligned[on.Objective]; len(al) > 0 {
			var teams []string
			for _, a := range al {
				teams = append(teams, fmt.Sprintf("%s %s (%s)", a.Team.Tree.Name, a.Objective.Objective.ID, charts.Percent(clamp01(a.Objective.Progress))))
			}
			line += "; served by " + strings.Join(teams, ", ")
		}
		w.item(line)
	}

	digestBlockers(w, d)
	digestMoves(w, d)
	digestComingUp(w, d)

	krs := w.depth == 0
	for _, on := range qn.Objectives {
		krs = krs || len(on.KeyResults) > 0
	}
	if krs {
		w.heading("Status changes")
		if len(d.Changes) == 0 {
			w.para("No key result changed status.")
		}
		for _, ch := range d.Changes {
			w.item(fmt.Sprintf("%s %s: %s → %s on %s", ch.KR.KR.Ref(), ch.KR.KR.Title, charts.StatusText(ch.From), charts.StatusText(ch.To), ch.Date))
		}

		w.heading("Stale key results")
		if len(d.Stale) == 0 {
			w.para("None: every key result was updated in time.")
		}
		for _, kn := range d.Stale {
			since := "no update yet"
			if !kn.LastUpdate.IsZero() {
				since = "last update " + kn.LastUpdate.String()
			}
			w.item(fmt.Sprintf("%s %s (%s): %s", kn.KR.Ref(), kn.KR.Title, digestOwner(kn.KR), since))
		}
	}

	w.heading("Challenges")
	if len(d.Challenges) == 0 {
		w.para("No check-in of the period wrote any.")
	}
	for _, c := range d.Challenges {
		who := c.CheckIn.Author
		if who == "" {
			who = "no author"
		}
		w.item(fmt.Sprintf("%s, %s (%s): %s", c.CheckIn.Date, c.CheckIn.Title, who, oneLine(c.Text)))
	}
	w.para(fmt.Sprintf("%d check-in%s in the period.", len(d.CheckIns), digestS(len(d.CheckIns))))
}

func (w *digestWriter) finish() []byte {
	w.endList()
	if w.format == DigestHTML {
		w.b.WriteString("</body>\n</html>\n")
	}
	return w.b.Bytes()
}

// digestS is the plural "s" of a count's noun: "" for 1.
func digestS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// oneLine folds Markdown text onto one line: bullet list markers and
// thematic breaks go; "**bold**" and "-5%" stay as they are.
func oneLine(s string) string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if len(l) >= 3 && strings.Trim(l, "-*_ \t") == "" {
			continue // a thematic break
		}
		for _, marker := range []string{"- ", "* ", "+ ", "-\t", "*\t", "+\t"} {
			if rest, ok := strings.CutPrefix(l, marker); ok {
				l = strings.TrimSpace(rest)
				break
			}
		}
		if l != "" && l != "-" && l != "*" && l != "+" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}
