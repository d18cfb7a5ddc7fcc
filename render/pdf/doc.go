// Package pdf writes the PDF retrospective of a quarter (SPEC section 7)
// with github.com/jung-kurt/gofpdf: a cover, a summary table, charts drawn
// as vectors from the same series as the HTML charts, a section per
// objective, the retrospective notes rendered from Markdown, and a check-in
// log. An organisation's adds, before its notes, a section per team
// (SPEC section 9): every team at a glance, then each team's summary table
// and key results' chart, each team in the outline under "Teams". Every
// number comes from okr.Numbers, as in data.json.
//
// Layout: table columns are sized to their content and text breaks between
// words only; headings stay with what follows; objectives and the last
// sections follow on the page before when it has room, so that no page is
// left nearly empty.
//
// All gofpdf code of okrgen lives here, so that a move to its maintained
// fork (codeberg.org/go-pdf/fpdf) is an import change.
package pdf
