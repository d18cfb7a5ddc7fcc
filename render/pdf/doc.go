// Package pdf writes the PDF retrospective of a quarter (SPEC section 7)
// with github.com/jung-kurt/gofpdf: a cover, a summary table, charts drawn
// as vectors from the same series as the HTML charts, a page per
// objective, the retrospective notes rendered from Markdown, and a check-in
// log. Every number comes from okr.Numbers, as in data.json.
//
// All gofpdf code of okrgen lives here, so that a move to its maintained
// fork (codeberg.org/go-pdf/fpdf) is an import change.
package pdf
