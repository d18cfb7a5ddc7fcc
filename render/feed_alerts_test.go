package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

// alertFeed renders the feed of sitetest.Alerts() on asOf and returns its entries.
func alertFeed(t *testing.T, asOf, baseURL string) ([]byte, []alertFeedEntry) {
	t.Helper()
	site := loadAlertsSite(t, sitetest.Alerts())
	out, err := Render(site, okr.Compute(site, mustDate(t, asOf)), Options{BaseURL: baseURL, Theme: themes.Default(), Generator: "okrgen test"})
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Updated string           `xml:"updated"`
		Entries []alertFeedEntry `xml:"entry"`
	}
	if err := xml.Unmarshal(out.Files["feed.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	feed.Entries = append(feed.Entries, alertFeedEntry{Title: "updated", Updated: feed.Updated})
	return out.Files["feed.xml"], feed.Entries
}

type alertFeedEntry struct {
	Title   string `xml:"title"`
	ID      string `xml:"id"`
	Updated string `xml:"updated"`
	Link    struct {
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Summary string `xml:"summary"`
}

// TestFeedBlockersReminders: the feed gets an entry the day a key result
// becomes blocked, unblocked or blocked by another text, 7 days before
// each deadline (unless met by then) and the quarter's end, and the day
// after a missed deadline; none dated after as_of (SPEC section 10).
func TestFeedBlockersReminders(t *testing.T) {
	type want struct{ title, id, updated, link, summary string }
	for _, tc := range []struct {
		asOf    string
		want    []want
		notWant []string // titles
	}{
		{"2026-08-20", []want{
			{"2026-Q3 O1.KR1 blocked: Waiting for the HSM vendor's firmware", "https://x.test/okrs/quarters/2026-q3/objectives/o1/#blocker-KR1-2026-07-06", "2026-07-06T00:00:00Z", "https://x.test/okrs/quarters/2026-q3/objectives/o1/",
				"Cards tokenised (O1.KR1, Ana) became blocked on 2026-07-06: Waiting for the HSM vendor's firmware."},
			{"2026-Q3 O1.KR1 unblocked (was: Waiting for the HSM vendor's firmware)", "https://x.test/okrs/quarters/2026-q3/objectives/o1/#blocker-KR1-2026-07-27", "2026-07-27T00:00:00Z", "https://x.test/okrs/quarters/2026-q3/objectives/o1/",
				"Cards tokenised (O1.KR1, Ana) is no longer blocked since 2026-07-27 (was: Waiting for the HSM vendor's firmware)."},
			{"2026-Q3 O1.KR1 blocked: Legal review", "https://x.test/okrs/quarters/2026-q3/objectives/o1/#blocker-KR1-2026-08-03", "2026-08-03T00:00:00Z", "", ""},
			{"2026-Q3 O2.KR1 blocked: Waiting for design", "https://x.test/okrs/quarters/2026-q3/objectives/o2/#blocker-KR1-2026-08-04", "2026-08-04T00:00:00Z", "https://x.test/okrs/quarters/2026-q3/objectives/o2/", ""},
			{"2026-Q3 O1.KR2 due in 7 days, on 2026-07-31", "https://x.test/okrs/quarters/2026-q3/objectives/o1/#due-soon-KR2-2026-07-24", "2026-07-24T00:00:00Z", "https://x.test/okrs/quarters/2026-q3/objectives/o1/",
				"HSM in production (O1.KR2, Ben) is due on 2026-07-31, in 7 days."},
			{"2026-Q3 O1.KR1 due in 7 days, on 2026-08-15", "https://x.test/okrs/quarters/2026-q3/objectives/o1/#due-soon-KR1-2026-08-08", "2026-08-08T00:00:00Z", "", ""},
			{"2026-Q3 O1.KR1 missed its deadline of 2026-08-15", "https://x.test/okrs/quarters/2026-q3/objectives/o1/#due-missed-KR1-2026-08-16", "2026-08-16T00:00:00Z", "",
				"Cards tokenised (O1.KR1, Ana) was due on 2026-08-15 and is not done."},
			{"updated", "", "2026-08-16T00:00:00Z", "", ""},
		}, []string{"2026-Q3 ends in 7 days, on 2026-09-30", "2026-Q3 O2.KR1 due in 7 days, on 2026-08-31", "2026-Q3 O1.KR2 missed its deadline of 2026-07-31"}},
		{"2026-09-25", []want{
			{"2026-Q3 O2.KR1 due in 7 days, on 2026-08-31", "", "2026-08-24T00:00:00Z", "", ""},
			{"2026-Q3 O2.KR1 missed its deadline of 2026-08-31", "", "2026-09-01T00:00:00Z", "", ""},
			{"2026-Q3 ends in 7 days, on 2026-09-30", "https://x.test/okrs/quarters/2026-q3/#ends-soon-2026-09-23", "2026-09-23T00:00:00Z", "https://x.test/okrs/quarters/2026-q3/",
				"2026-Q3 ends on 2026-09-30, in 7 days: plan the retrospective and the next quarter's kickoff."},
			{"updated", "", "2026-09-23T00:00:00Z", "", ""},
		}, []string{"2026-Q3 O1.KR2 missed its deadline of 2026-07-31"}},
		// Ending the quarter unblocks nothing.
		{"2026-10-08", nil, []string{"2026-Q3 O1.KR1 unblocked (was: Legal review)", "2026-Q3 O2.KR1 unblocked (was: Waiting for design)"}},
	} {
		_, entries := alertFeed(t, tc.asOf, "https://x.test/okrs")
		byTitle := map[string]alertFeedEntry{}
		for _, e := range entries {
			byTitle[e.Title] = e
		}
		for _, w := range tc.want {
			e, ok := byTitle[w.title]
			if !ok {
				t.Errorf("%s: no entry %q", tc.asOf, w.title)
				continue
			}
			for _, f := range []struct{ name, got, want string }{{"id", e.ID, w.id}, {"updated", e.Updated, w.updated}, {"link", e.Link.Href, w.link}, {"summary", e.Summary, w.summary}} {
				if f.want != "" && f.got != f.want {
					t.Errorf("%s: %q: %s = %q, want %q", tc.asOf, w.title, f.name, f.got, f.want)
				}
			}
		}
		for _, n := range tc.notWant {
			if _, ok := byTitle[n]; ok {
				t.Errorf("%s: unexpected entry %q", tc.asOf, n)
			}
		}
	}
}

// TestFeedBlockersDeterministic: the same input gives the same feed, and
// without a base URL the new entries get ids of their own.
func TestFeedBlockersDeterministic(t *testing.T) {
	a, entries := alertFeed(t, "2026-09-25", "")
	b, _ := alertFeed(t, "2026-09-25", "")
	if !bytes.Equal(a, b) {
		t.Error("two renders of the same site differ")
	}
	ids := map[string]bool{}
	for _, e := range entries[:len(entries)-1] {
		if ids[e.ID] || e.ID == "" {
			t.Errorf("entry %q: id %q empty or not unique", e.Title, e.ID)
		}
		ids[e.ID] = true
	}
	want := map[string]string{
		"2026-Q3 O1.KR1 blocked: Legal review":             "urn:okrgen::payments:blocker:2026-Q3:O1.KR1:2026-08-03",
		"2026-Q3 O1.KR1 missed its deadline of 2026-08-15": "urn:okrgen::payments:due-missed:2026-Q3:O1.KR1:2026-08-16",
		"2026-Q3 O1.KR1 due in 7 days, on 2026-08-15":      "urn:okrgen::payments:due-soon:2026-Q3:O1.KR1:2026-08-08",
		"2026-Q3 ends in 7 days, on 2026-09-30":            "urn:okrgen::payments:ends-soon:2026-Q3:2026-09-23",
	}
	for _, e := range entries {
		if w, ok := want[e.Title]; ok && e.ID != w {
			t.Errorf("%q: id %q, want %q", e.Title, e.ID, w)
		}
	}
}

// TestBlockerReplaced: a blocker replaced by another text is one entry in
// the feed and one line in the digest, saying both texts.
func TestBlockerReplaced(t *testing.T) {
	files := map[string]string{}
	for k, v := range sitetest.Alerts() {
		files[k] = v
	}
	files["content/checkins/2026-08-12.md"] = sitetest.AlertCheckIn("2026-08-12", "O1.KR1", "value = 7", `blocker = "Legal sign-off"`)
	site := loadAlertsSite(t, files)
	out, err := Render(site, okr.Compute(site, mustDate(t, "2026-08-13")), Options{Theme: themes.Default(), Generator: "okrgen test"})
	if err != nil {
		t.Fatal(err)
	}
	feed := string(out.Files["feed.xml"])
	for _, w := range []string{
		"<title>2026-Q3 O1.KR1 blocked: Legal sign-off (was: Legal review)</title>",
		"<summary type=\"text\">Cards tokenised (O1.KR1, Ana) is blocked by something else since 2026-08-12: Legal sign-off (was: Legal review).</summary>",
	} {
		if !strings.Contains(feed, w) {
			t.Errorf("feed.xml lacks %s", w)
		}
	}
	digest := string(Digest(okr.NewDigest(site, mustDate(t, "2026-08-06"), mustDate(t, "2026-08-13")), "Payments", DigestMarkdown))
	for _, w := range []string{
		"- O1.KR1 Cards tokenised (Ana): blocked since 2026-08-12: Legal sign-off\n",
		"- O1.KR1 Cards tokenised blocked by something else on 2026-08-12: Legal sign-off (was: Legal review)\n",
	} {
		if !strings.Contains(digest, w) {
			t.Errorf("digest lacks %q:\n%s", w, digest)
		}
	}
}
