package pdf

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/okrgen/okrgen/okr"
)

// TestLongWords writes words of 200,000 characters, in the retrospective
// notes (Markdown: plain, bold, a link, code) and in a check-in's note:
// each is broken at the margin, every character of it printed, in time
// linear in its length (gofpdf's Write takes minutes). The time limit is
// generous: it catches the quadratic, not a slow machine.
func TestLongWords(t *testing.T) {
	site, n := example(t)
	word := func(c string) string { return "W" + strings.Repeat(c+"bcdefghij", 20000) + "Z" }
	var q *okr.QuarterNumbers
	for _, qn := range n.Quarters {
		if qn.Quarter.Retro != nil {
			q = qn
		}
	}
	if q == nil {
		t.Fatal("no quarter with a retrospective")
	}
	words := []string{word("a"), word("k"), word("l"), word("m")}
	retro := *q.Quarter.Retro
	retro.Body = []byte("Plain " + words[0] + " then **" + words[1] + "** and [" + words[2] + "](https://example.com/)\n\n```\n" + words[3] + "\n```\n")
	q.Quarter.Retro = &retro
	var note *okr.Update
	for _, on := range q.Objectives {
		for _, kn := range on.KeyResults {
			if len(kn.History) > 0 && note == nil {
				note = kn.History[0]
			}
		}
	}
	noteWord := word("n")
	note.Note = "Note: " + noteWord
	words = append(words, noteWord)

	done := make(chan []byte, 1)
	go func() { done <- retrospective(t, site, n, q) }()
	var doc []byte
	select {
	case doc = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("a PDF with 200,000-character words not written after 30 s")
	}
	// The words run over pages: leave out the pages' headers and footers.
	var b strings.Builder
	furniture := regexp.MustCompile(`^(\d+ / \d+|` + regexp.QuoteMeta(q.Quarter.ID) + ` · .*|Retrospective)$`)
	for _, line := range strings.Split(run(t, doc, "pdftotext", "-enc", "UTF-8", "FILE", "-"), "\n") {
		if !furniture.MatchString(strings.TrimSpace(line)) {
			b.WriteString(strings.Join(strings.Fields(line), ""))
		}
	}
	text := b.String()
	for _, w := range words {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF's text lacks the word %.20s… of %d characters", w, len(w))
		}
	}
}
