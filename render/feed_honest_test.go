package render

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

// TestFeedMovedTargets: the feed gets an entry on each revision's date
// (SPEC section 11), "target moved from X to Y on Aug 3: why", and none
// for a revision dated after as_of.
func TestFeedMovedTargets(t *testing.T) {
	out := honestSite(t)
	var feed struct {
		Entries []alertFeedEntry `xml:"entry"`
	}
	if err := xml.Unmarshal(out.Files["feed.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	type want struct{ title, id, updated, link, summary string }
	for _, w := range []want{
		{"2026-Q3 O1.KR1 target moved from 5000 to 4500 RPS on Aug 3: Holiday traffic forecast cut by the sales team",
			"urn:okrgen::forecast-test:target:2026-Q3:O1.KR1:2026-08-03", "2026-08-03T00:00:00Z", "/quarters/2026-q3/objectives/o1/",
			"Raise peak throughput (O1.KR1): target moved from 5000 to 4500 RPS on Aug 3: Holiday traffic forecast cut by the sales team"},
		{"2026-Q4 O1.KR1 target moved from 200 to 220 ms on Nov 1: New region adds 20 ms",
			"", "2026-11-01T00:00:00Z", "/quarters/2026-q4/objectives/o1/",
			"Reduce p95 latency (O1.KR1): target moved from 200 to 220 ms on Nov 1: New region adds 20 ms"},
	} {
		var got *alertFeedEntry
		for i := range feed.Entries {
			if feed.Entries[i].Title == w.title {
				got = &feed.Entries[i]
			}
		}
		if got == nil {
			var titles []string
			for _, e := range feed.Entries {
				titles = append(titles, e.Title)
			}
			t.Errorf("no entry %q in:\n%s", w.title, strings.Join(titles, "\n"))
			continue
		}
		if w.id != "" && got.ID != w.id {
			t.Errorf("%s: id %q, want %q", w.title, got.ID, w.id)
		}
		if got.Updated != w.updated {
			t.Errorf("%s: updated %q, want %q", w.title, got.Updated, w.updated)
		}
		if !strings.HasSuffix(got.Link.Href, w.link) {
			t.Errorf("%s: link %q, want …%q", w.title, got.Link.Href, w.link)
		}
		if got.Summary != w.summary {
			t.Errorf("%s: summary %q, want %q", w.title, got.Summary, w.summary)
		}
	}

	// As of Oct 20 the Nov 1 revision is not in force yet: no entry.
	site := honestSiteLoad(t)
	early, err := Render(site, okr.Compute(site, mustDate(t, "2026-10-20")), Options{Theme: themes.Default(), Generator: "okrgen test"})
	if err != nil {
		t.Fatal(err)
	}
	if s := string(early.Files["feed.xml"]); strings.Contains(s, "on Nov 1") || !strings.Contains(s, "on Aug 3") {
		t.Errorf("feed as of 2026-10-20: want Aug 3's move and not Nov 1's:\n%s", s)
	}
}

// TestDigestMovedTargets: the digest names the revisions of its quarter
// dated in its period (SPEC section 11), in each format, and no other.
func TestDigestMovedTargets(t *testing.T) {
	site := honestSiteLoad(t)
	for _, tc := range []struct {
		since, asOf, format string
		want, not           []string
	}{
		{"2026-10-25", "2026-11-08", DigestMarkdown, []string{
			"\n## Moved targets\n\n- O1.KR1 Reduce p95 latency: target moved from 200 to 220 ms on Nov 1: New region adds 20 ms\n",
		}, []string{"Aug 3"}},
		{"2026-10-25", "2026-11-08", DigestText, []string{
			"\nMoved targets\n-------------\n\n- O1.KR1 Reduce p95 latency: target moved from 200 to 220 ms on Nov 1: New region adds 20 ms\n",
		}, nil},
		{"2026-10-25", "2026-11-08", DigestHTML, []string{
			"<h2>Moved targets</h2>\n<ul>\n<li>O1.KR1 Reduce p95 latency: target moved from 200 to 220 ms on Nov 1: New region adds 20 ms</li>\n</ul>\n",
		}, nil},
		// The period before the revision, and the one after: nothing.
		{"2026-10-10", "2026-10-31", DigestMarkdown, nil, []string{"Moved targets", "target moved"}},
		{"2026-11-01", "2026-11-15", DigestMarkdown, nil, []string{"Moved targets", "target moved"}},
	} {
		d := okr.NewDigest(site, mustDate(t, tc.since), mustDate(t, tc.asOf))
		got := string(Digest(d, "Platform", tc.format))
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s..%s %s: digest lacks\n%s\ngot:\n%s", tc.since, tc.asOf, tc.format, w, got)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(got, n) {
				t.Errorf("%s..%s %s: digest has %q:\n%s", tc.since, tc.asOf, tc.format, n, got)
			}
		}
	}
}
