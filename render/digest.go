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

// digestWriter writes the digest's few kinds of lines in one format.
type digestWriter struct {
	b      bytes.Buffer
	format string
	inList bool
}

func (w *digestWriter) heading(s string) {
	w.endList()
	switch w.format {
	case DigestMarkdown:
		fmt.Fprintf(&w.b, "\n## %s\n\n", s)
	case DigestHTML:
		fmt.Fprintf(&w.b, "<h2>%s</h2>\n", html.EscapeString(s))
	default:
		fmt.Fprintf(&w.b, "\n%s\n%s\n", s, strings.Repeat("-", len([]rune(s))))
	}
}

func (w *digestWriter) para(s string) {
	w.endList()
	if w.format == DigestHTML {
		fmt.Fprintf(&w.b, "<p>%s</p>\n", html.EscapeString(s))
		return
	}
	fmt.Fprintf(&w.b, "%s\n", s)
}

func (w *digestWriter) item(s string) {
	switch w.format {
	case DigestHTML:
		if !w.inList {
			w.b.WriteString("<ul>\n")
		}
		fmt.Fprintf(&w.b, "<li>%s</li>\n", html.EscapeString(s))
	default:
		fmt.Fprintf(&w.b, "- %s\n", s)
	}
	w.inList = true
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
	head := fmt.Sprintf("%s: update of %s", title, d.AsOf)
	switch format {
	case DigestMarkdown:
		fmt.Fprintf(&w.b, "# %s\n\n", head)
	case DigestHTML:
		fmt.Fprintf(&w.b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>%s</title></head>\n<body>\n<h1>%s</h1>\n", html.EscapeString(head), html.EscapeString(head))
	default:
		fmt.Fprintf(&w.b, "%s\n%s\n\n", head, strings.Repeat("=", len([]rune(head))))
	}
	w.para(fmt.Sprintf("Period: %s to %s.", d.Since, d.AsOf))
	qn := d.Quarter
	if qn == nil {
		w.para("No quarters in okr.toml yet.")
		return w.finish()
	}
	q := qn.Quarter
	switch qn.Phase {
	case okr.Running:
		w.para(fmt.Sprintf("%s: %d days left (ends %s); %s of the quarter elapsed, progress %s, %s.",
			q.ID, d.DaysLeft, q.End, charts.Percent(qn.Expected), charts.Percent(qn.Progress), charts.StatusText(qn.Status)))
		if d.DaysLeft <= 14 {
			w.para(fmt.Sprintf("The quarter ends in %d days: plan the retrospective and the next quarter's kickoff.", d.DaysLeft))
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
		owner := kn.KR.Owner
		if owner == "" {
			owner = "no owner"
		}
		w.item(fmt.Sprintf("%s %s (%s): %s", kn.KR.Ref(), kn.KR.Title, owner, since))
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
	w.para(fmt.Sprintf("%d check-in%s in the period.", len(d.CheckIns), map[bool]string{true: "", false: "s"}[len(d.CheckIns) == 1]))
	return w.finish()
}

func (w *digestWriter) finish() []byte {
	w.endList()
	if w.format == DigestHTML {
		w.b.WriteString("</body>\n</html>\n")
	}
	return w.b.Bytes()
}

// oneLine folds Markdown text onto one line, lists included.
func oneLine(s string) string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-*+"))
		if l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}
