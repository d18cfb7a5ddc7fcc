package render

import (
	"net/url"
	"strings"

	"github.com/okrgen/okrgen/okr"
)

// The site-relative URLs of okrgen's pages, as data.json gives them, and
// the output paths they stand for. A path keeps the names of the sources
// as they are ("checkins/my week/"), for the files on disk; its URL has
// every segment escaped once ("checkins/my%20week/"), so that a check-in
// named "a#b" or "what?" or "100%" is not cut short or misread. Layouts
// may put the URLs into href attributes as they are: html/template leaves
// their escapes alone.

// QuarterURL returns "quarters/2026-q3/".
func QuarterURL(q *okr.Quarter) string { return escapePath(quarterPath(q)) }

// PDFURL returns "quarters/2026-q3/retrospective.pdf".
func PDFURL(q *okr.Quarter) string { return escapePath(pdfPath(q)) }

// CSVURL returns "quarters/2026-q3/okrs.csv".
func CSVURL(q *okr.Quarter) string { return escapePath(csvPath(q)) }

// ObjectiveURL returns "quarters/2026-q3/objectives/o1/".
func ObjectiveURL(o *okr.Objective) string { return escapePath(objectivePath(o)) }

// CheckInURL returns "checkins/<stem>/", the stem escaped.
func CheckInURL(c *okr.CheckIn) string { return escapePath(checkInPath(c)) }

// PageURL returns "<slug>/", each segment of the slug escaped.
func PageURL(p *okr.Page) string { return escapePath(pagePath(p)) }

// The output folders and files of the pages, unescaped.

func quarterPath(q *okr.Quarter) string { return "quarters/" + strings.ToLower(q.ID) + "/" }

func pdfPath(q *okr.Quarter) string { return quarterPath(q) + "retrospective.pdf" }

func csvPath(q *okr.Quarter) string { return quarterPath(q) + "okrs.csv" }

func objectivePath(o *okr.Objective) string {
	return quarterPath(o.Quarter) + "objectives/" + strings.ToLower(o.ID) + "/"
}

func checkInPath(c *okr.CheckIn) string { return "checkins/" + c.Stem + "/" }

func pagePath(p *okr.Page) string { return p.Slug + "/" }

// escapeSegment escapes one segment of a URL path as url.PathEscape does,
// and a colon too: a first segment "a:b" would read as the scheme "a:".
func escapeSegment(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
}

// escapePath escapes each segment of a slash-separated path.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = escapeSegment(s)
	}
	return strings.Join(segs, "/")
}

// BasePath returns the path part of a base URL, with a slash at each end
// and unescaped, as a server compares it with a request's path:
// "https://acme.github.io/okrs" → "/okrs/".
func BasePath(baseURL string) string {
	p := baseURL
	if u, err := url.Parse(baseURL); err == nil {
		p = u.Path
	}
	return slashes(p)
}

// baseHref returns the path part of a base URL as BasePath does, but
// escaped, for links: "/my%20okrs/".
func baseHref(baseURL string) string {
	p := baseURL
	if u, err := url.Parse(baseURL); err == nil {
		p = u.EscapedPath()
	}
	return slashes(p)
}

// slashes trims p of slashes and puts one at each end.
func slashes(p string) string {
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
