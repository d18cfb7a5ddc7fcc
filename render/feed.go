package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/okrgen/okrgen/okr"
)

// maxFeedEntries is how many check-ins, newest first, the feed carries.
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

// atomTime is a day as an Atom date-time.
func atomTime(d okr.Date) string { return d.String() + "T00:00:00Z" }

func (r *renderer) feed() error {
	cfg := r.site.Config
	f := atomFeed{
		Title: cfg.Title,
		ID:    r.absURL(""),
		Links: []atomLink{{Href: r.absURL("")}, {Rel: "self", Type: "application/atom+xml", Href: r.absURL("feed.xml")}},
		Gen:   r.opt.Generator,
	}
	if !strings.Contains(f.ID, "://") {
		f.ID = "urn:okrgen:" + strings.Trim(strings.ReplaceAll(f.ID, "/", ":"), ":") + ":" + slug(cfg.Title)
	}
	name := cfg.Team
	if name == "" {
		name = cfg.Title
	}
	f.Author = &atomAuthor{Name: name}
	f.Updated = atomTime(r.num.AsOf)
	cs := r.num.CheckIns
	if len(cs) > 0 {
		f.Updated = atomTime(cs[len(cs)-1].Date)
	}
	for i := len(cs) - 1; i >= 0 && len(f.Entries) < maxFeedEntries; i-- {
		c := cs[i]
		url := r.absURL(CheckInURL(c))
		e := atomEntry{Title: c.Title, ID: url, Updated: atomTime(c.Date), Link: atomLink{Href: url}}
		if !strings.Contains(url, "://") {
			e.ID = f.ID + ":checkins:" + c.Stem
		}
		if c.Author != "" {
			e.Author = &atomAuthor{Name: c.Author}
		}
		var sum []string
		for _, u := range c.Updates {
			sum = append(sum, fmt.Sprintf("%s: %s", u.KR.Ref(), updateText(u)))
		}
		e.Summary = atomText{Type: "text", Body: strings.Join(sum, "; ")}
		e.Content = atomText{Type: "html", Body: string(r.markdown(c.Body))}
		f.Entries = append(f.Entries, e)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("feed.xml: %w", err)
	}
	b.WriteByte('\n')
	return r.put("feed.xml", b.Bytes())
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
