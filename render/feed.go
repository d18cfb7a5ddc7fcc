package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"sync"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
)

// maxFeedEntries is how many check-ins, newest first, the feed carries,
// with the status changes of the days of as many check-ins.
const maxFeedEntries = 50

type (
	atomFeed struct {
		XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string      `xml:"title"`
		ID      string      `xml:"id"`
		Updated string      `xml:"updated"`
		Links   []atomLink  `xml:"link"`
		Author  *atomAuthor `xml:"author,omitempty"`
		Gen     string      `xml:"generator"`
		Entries []atomEntry `xml:"entry"`
	}
	atomLink struct {
		Rel  string `xml:"rel,attr,omitempty"`
		Type string `xml:"type,attr,omitempty"`
		Href string `xml:"href,attr"`
	}
	atomAuthor struct {
		Name string `xml:"name"`
	}
	atomText struct {
		Type string `xml:"type,attr"`
		Body string `xml:",chardata"`
	}
	atomEntry struct {
		Title   string      `xml:"title"`
		ID      string      `xml:"id"`
		Updated string      `xml:"updated"`
		Link    atomLink    `xml:"link"`
		Author  *atomAuthor `xml:"author,omitempty"`
		Summary atomText    `xml:"summary"`
		Content atomText    `xml:"content"`
	}
)

// statusChanges returns the status changes over the days of the latest
// check-ins (the feed shows the newest only).
func (r *renderer) statusChanges() []okr.StatusChange {
	var dates []okr.Date
	cs := r.num.CheckIns
	for i := len(cs) - 1; i >= 0 && len(dates) < maxFeedEntries; i-- {
		if len(dates) == 0 || dates[len(dates)-1] != cs[i].Date {
			dates = append(dates, cs[i].Date)
		}
	}
	if len(dates) == 0 {
		return nil
	}
	if dates[0] != r.num.AsOf {
		dates = append([]okr.Date{r.num.AsOf}, dates...)
	}
	for i, j := 0, len(dates)-1; i < j; i, j = i+1, j-1 {
		dates[i], dates[j] = dates[j], dates[i]
	}
	// The day before the first, so that its check-in's changes count.
	dates = append([]okr.Date{dates[0].AddDays(-1)}, dates...)
	return okr.StatusChanges(r.site, dates)
}

// atomTime is a day as an Atom date-time.
func atomTime(d okr.Date) string { return d.String() + "T00:00:00Z" }

func (r *renderer) feed() file { return file{path: "feed.xml", lazy: true, gen: r.feedXML} }

// maxTreeFeedEntries is how many entries, newest first, the feed of a
// site with teams carries of its own and all its teams' together: as many
// as one site's feed may carry at most.
const maxTreeFeedEntries = 4 * maxFeedEntries

// feedXML renders feed.xml: the site's entries and, on a site with teams,
// every team's (SPEC section 9), each titled with the team's name and
// linking into the team's site, with the ids of the team's own feed.
func (r *renderer) feedXML() ([]byte, error) {
	cfg := r.site.Config
	f := atomFeed{
		Title: cfg.Title,
		ID:    r.feedID(),
		Links: []atomLink{{Href: r.absURL("")}, {Rel: "self", Type: "application/atom+xml", Href: r.absURL("feed.xml")}},
		Gen:   r.opt.Generator,
	}
	name := cfg.Team
	if name == "" {
		name = cfg.Title
	}
	f.Author = &atomAuthor{Name: name}
	entries, updated := r.feedEvents(f.ID)
	tree := r.opt.Tree
	if tree != nil && len(tree.Teams) > 0 {
		for _, x := range tree.All()[1:] {
			team := r.teamRenderer(x)
			es, up := team.feedEvents(team.feedID())
			prefix := r.teamName(x) + ": "
			for i := range es {
				es[i].entry.Title = prefix + es[i].entry.Title
			}
			entries = append(entries, es...)
			if up > updated {
				updated = up
			}
		}
	}
	// The feed is updated on its newest check-in or alert; without
	// check-ins, on as_of.
	f.Updated = atomTime(r.num.AsOf)
	if updated != "" {
		f.Updated = updated
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].date.After(entries[j].date) })
	if tree != nil && len(tree.Teams) > 0 && len(entries) > maxTreeFeedEntries {
		entries = entries[:maxTreeFeedEntries]
	}
	for _, e := range entries {
		if e.html != nil {
			e.entry.Content.Body = e.html()
		}
		f.Entries = append(f.Entries, e.entry)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("feed.xml: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// feedID returns the id of the site's feed: its URL, or, without an
// absolute one, a URN made of its base path and title.
func (r *renderer) feedID() string {
	id := r.absURL("")
	if !strings.Contains(id, "://") {
		id = "urn:okrgen:" + strings.Trim(strings.ReplaceAll(id, "/", ":"), ":") + ":" + slug(r.site.Config.Title)
	}
	return id
}

// checkInBody is a check-in's body as HTML for its page and for the feed,
// made once for both: the check-ins the feed carries are parsed once.
type checkInBody struct {
	once       sync.Once
	page, feed template.HTML
}

// feedBodies returns a checkInBody to fill for each check-in the feed
// carries.
func (r *renderer) feedBodies() map[*okr.CheckIn]*checkInBody {
	cs := r.num.CheckIns
	m := make(map[*okr.CheckIn]*checkInBody, min(len(cs), maxFeedEntries))
	for i := len(cs) - 1; i >= 0 && len(m) < maxFeedEntries; i-- {
		m[cs[i]] = &checkInBody{}
	}
	return m
}

// checkInPage returns c's body as HTML for its page.
func (r *renderer) checkInPage(c *okr.CheckIn) template.HTML {
	if b := r.bodies[c]; b != nil {
		return r.fillBody(b, c).page
	}
	return r.pageMarkdown(checkInPath(c)+"index.html", markdownDoc{c.Source, c.BodyLine, c.Markdown()}, true)
}

// checkInFeed returns c's body as HTML for the feed, its links absolute.
func (r *renderer) checkInFeed(c *okr.CheckIn) template.HTML {
	if b := r.bodies[c]; b != nil {
		return r.fillBody(b, c).feed
	}
	return r.markdownLinked(c.Markdown(), &links{source: c.Source, root: r.absURL(""), targets: r.targets})
}

// fillBody renders c's body into b for its page and for the feed, once.
func (r *renderer) fillBody(b *checkInBody, c *okr.CheckIn) *checkInBody {
	b.once.Do(func() {
		path := checkInPath(c) + "index.html"
		body := c.Markdown()
		l := r.pageLinks(path, markdownDoc{c.Source, c.BodyLine, body}, true)
		html := r.markdownRoots(body, l, rootFor(path), r.absURL(""))
		b.page, b.feed = html[0], html[1]
	})
	return b
}

// feedEvents returns the site's feed entries, unsorted, their check-ins'
// content still to render (feedEvent.html), and the Atom time of the
// newest check-in or alert among them, or "" without check-ins.
func (r *renderer) feedEvents(feedID string) ([]feedEvent, string) {
	var updated string
	cs := r.num.CheckIns
	if len(cs) > 0 {
		updated = atomTime(cs[len(cs)-1].Date)
	}
	var entries []feedEvent
	for i := len(cs) - 1; i >= 0 && len(entries) < maxFeedEntries; i-- {
		c := cs[i]
		url := r.absURL(CheckInURL(c))
		e := atomEntry{Title: c.Title, ID: url, Updated: atomTime(c.Date), Link: atomLink{Href: url}}
		if !strings.Contains(url, "://") {
			e.ID = feedID + ":checkins:" + escapeSegment(c.Stem)
		}
		if c.Author != "" {
			e.Author = &atomAuthor{Name: c.Author}
		}
		var sum []string
		for _, u := range c.Updates {
			sum = append(sum, fmt.Sprintf("%s: %s", u.KR.Ref(), charts.Reported(u)))
		}
		e.Summary = atomText{Type: "text", Body: strings.Join(sum, "; ")}
		e.Content = atomText{Type: "html"}
		html := func() string { return string(r.checkInFeed(c)) }
		entries = append(entries, feedEvent{date: c.Date, entry: e, html: html})
	}
	// Each status change of a running quarter's key result is an entry too,
	// so that a chat channel subscribed to the feed hears of it.
	changes := r.statusChanges()
	if len(changes) > maxFeedEntries {
		changes = changes[len(changes)-maxFeedEntries:]
	}
	for _, ch := range changes {
		kr := ch.KR.KR
		title := fmt.Sprintf("%s: %s → %s", krFeedName(kr), charts.StatusText(ch.From), charts.StatusText(ch.To))
		text := fmt.Sprintf("%s (%s) moved from %s to %s on %s.", kr.Title, kr.Ref(), charts.StatusText(ch.From), charts.StatusText(ch.To), ch.Date)
		entries = append(entries, r.alertEvent(feedID, ObjectiveURL(kr.Objective), "status", kr.Objective.Quarter, kr, ch.Date, title, text))
	}
	// Blocker changes and reminders (SPEC section 10); the feed is
	// updated on the newest of them too, when it has check-ins.
	for _, ev := range r.alertEvents(feedID) {
		if updated != "" && atomTime(ev.date) > updated {
			updated = atomTime(ev.date)
		}
		entries = append(entries, ev)
	}
	return entries, updated
}

// slug lowercases s and keeps letters and digits, joined by dashes.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}
