package render

import (
	"net/url"
	"strings"

	"github.com/okrgen/okrgen/okr"
)

// The site-relative URLs of okrgen's pages, as data.json gives them.

// QuarterURL returns "quarters/2026-q3/".
func QuarterURL(q *okr.Quarter) string { return "quarters/" + strings.ToLower(q.ID) + "/" }

// PDFURL returns "quarters/2026-q3/retrospective.pdf".
func PDFURL(q *okr.Quarter) string { return QuarterURL(q) + "retrospective.pdf" }

// CSVURL returns "quarters/2026-q3/okrs.csv".
func CSVURL(q *okr.Quarter) string { return QuarterURL(q) + "okrs.csv" }

// ObjectiveURL returns "quarters/2026-q3/objectives/o1/".
func ObjectiveURL(o *okr.Objective) string {
	return QuarterURL(o.Quarter) + "objectives/" + strings.ToLower(o.ID) + "/"
}

// CheckInURL returns "checkins/<stem>/".
func CheckInURL(c *okr.CheckIn) string { return "checkins/" + c.Stem + "/" }

// PageURL returns "<slug>/".
func PageURL(p *okr.Page) string { return p.Slug + "/" }

// BasePath returns the path part of a base URL, with a slash at each end:
// "https://acme.github.io/okrs" → "/okrs/".
func BasePath(baseURL string) string {
	p := baseURL
	if u, err := url.Parse(baseURL); err == nil {
		p = u.Path
	}
	p = strings.Trim(p, "/")
	if p == "" {
		return "/"
	}
	return "/" + p + "/"
}

// rootFor returns the relative path from the folder of an output file to
// the site root: "" for index.html, "../../" for quarters/2026-q3/index.html.
func rootFor(file string) string {
	return strings.Repeat("../", strings.Count(file, "/"))
}
