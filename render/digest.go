package render

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
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

func (w *digestWriter) heading(s string) {
	w.block()
	switch w.format {
	case DigestMarkdown:
		fmt.Fprintf(&w.b, "## %s\n", s)
	case DigestHTML:
		fmt.Fprintf(&w.b, "<h2>%s</h2>\n", html.EscapeString(s))
	default:
		fmt.Fprintf(&w.b, "%s\n%s\n", s, strings.Repeat("-", len([]rune(s))))
	}
}

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
	qn := d.Quarter
	if qn == nil {
		w.para("No quarters in okr.toml yet.")
		return w.finish()
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
	for _, on := range qn.Objectives {
		before, now := d.Progress(on)
		w.item(fmt.Sprintf("%s %s: %s (%s over the period), %s", on.Objective.ID, on.Objective.Title,
			charts.Percent(now), charts.Points(now-before), charts.StatusText(on.Status)))
	}

	digestBlockers(w, d)
	digestComingUp(w, d)

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
	return w.finish()
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
