package render

import (
	"bytes"
	"html/template"
	"strconv"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
)

// The long lists of the pages (a check-in's updates, an objective's notes,
// a quarter's check-ins) are built here rather than in the layouts: a
// large quarter lists more than a thousand check-ins. Each function writes
// what its layout used to, item by item.

// updateRows returns the rows of a check-in's updates table: key result,
// value reported, target (the one in force on the check-in's date),
// confidence and note.
func updateRows(root string, us []*okr.Update) template.HTML {
	b := getBuffer()
	defer putBuffer(b)
	writeUpdateRows(b, root, us)
	return template.HTML(b.String())
}

// writeUpdateRows writes updateRows's rows into b.
func writeUpdateRows(b *bytes.Buffer, root string, us []*okr.Update) {
	for _, u := range us {
		kr := u.KR
		b.WriteString("\n      <tr><th scope=\"row\"><a href=\"")
		b.WriteString(escapeHref(root, ObjectiveURL(kr.Objective)))
		b.WriteString("\"><span class=\"ref\">")
		writeEscaped(b, kr.Objective.Quarter.ID)
		b.WriteString(" ")
		writeEscaped(b, kr.Ref())
		b.WriteString("</span></a> ")
		writeEscaped(b, kr.Title)
		b.WriteString("</th><td data-label=\"Reported\">")
		writeEscaped(b, charts.Reported(u))
		b.WriteString("</td><td data-label=\"Target\">")
		writeEscaped(b, charts.TargetText(kr, kr.TargetOn(u.Date)))
		b.WriteString("</td><td data-label=\"Confidence\">")
		if u.Confidence != nil {
			b.WriteString(charts.ConfidenceText(*u.Confidence))
		} else {
			b.WriteString("—")
		}
		b.WriteString("</td>")
		if u.Note != "" {
			b.WriteString("<td data-label=\"Note\">" + escapeText(u.Note) + "</td>")
		} else {
			b.WriteString("<td class=\"empty\"></td>")
		}
		b.WriteString("</tr>")
	}
}

// noteItems returns the items of an objective's notes: date, key result,
// value reported, confidence, check-in (or the data file of a row) and note.
func noteItems(root string, notes []*okr.Update) template.HTML {
	b := getBuffer()
	defer putBuffer(b)
	writeNoteItems(b, root, notes)
	return template.HTML(b.String())
}

// writeNoteItems writes noteItems's items into b.
func writeNoteItems(b *bytes.Buffer, root string, notes []*okr.Update) {
	for _, u := range notes {
		c := u.CheckIn
		date := u.Date.String()
		b.WriteString("\n    <li><time datetime=\"" + date + "\">" + date + "</time> · <span class=\"ref\">")
		writeEscaped(b, u.KR.Ref())
		b.WriteString("</span> ")
		writeEscaped(b, charts.Reported(u))
		if u.Confidence != nil {
			b.WriteString(" · confidence " + charts.ConfidenceText(*u.Confidence))
		}
		if c == nil {
			// A data file's row: no check-in page to link to.
			b.WriteString(" · <span class=\"source\">from ")
			writeEscaped(b, u.Source)
			b.WriteString("</span><br>")
		} else {
			b.WriteString(" · <a href=\"")
			b.WriteString(escapeHref(root, CheckInURL(c)))
			b.WriteString("\">")
			writeEscaped(b, c.Title)
			b.WriteString("</a><br>")
		}
		writeEscaped(b, u.Note)
		b.WriteString("</li>")
	}
}

// checkInItems returns the items of a list of check-ins: date, title,
// author and number of updates.
func checkInItems(root string, cs []*okr.CheckIn) template.HTML {
	b := getBuffer()
	defer putBuffer(b)
	for _, c := range cs {
		date := c.Date.String()
		b.WriteString("\n    <li><time datetime=\"" + date + "\">" + date + "</time> <a href=\"")
		b.WriteString(escapeHref(root, CheckInURL(c)))
		b.WriteString("\">")
		writeEscaped(b, c.Title)
		b.WriteString("</a>")
		if c.Author != "" {
			b.WriteString(" · " + escapeText(c.Author))
		}
		b.WriteString(" · " + strconv.Itoa(len(c.Updates)) + " update")
		if len(c.Updates) != 1 {
			b.WriteString("s")
		}
		b.WriteString("</li>")
	}
	return template.HTML(b.String())
}
