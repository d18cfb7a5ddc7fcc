package render

import (
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
	"github.com/okrgen/okrgen/okr"
)

// TestDigestBlockersComingUp checks the digest's "Blockers" and "Coming
// up" sections (SPEC section 10) in each format.
func TestDigestBlockersComingUp(t *testing.T) {
	site := loadAlertsSite(t, sitetest.Alerts())
	for _, tc := range []struct {
		since, asOf, format string
		want, not           []string
	}{
		{"2026-07-30", "2026-08-10", DigestMarkdown, []string{
			"\n## Blockers\n\n- O1.KR1 Cards tokenised (Ana): blocked since 2026-08-03: Legal review\n- O2.KR1 Checkout redesign shipped (Cy): blocked since 2026-08-04: Waiting for design\n\nOver the period:\n\n" +
				"- O1.KR1 Cards tokenised became blocked on 2026-08-03: Legal review\n- O2.KR1 Checkout redesign shipped became blocked on 2026-08-04: Waiting for design\n\n## Coming up\n\n",
			"- 2026-08-15: O1.KR1 Cards tokenised (Ana) due, at 60%\n- 2026-08-18: next check-in\n\n## Status changes\n",
			// The share of the quarter elapsed (41 of 92 days), not the
			// quarter's expected, a mean over due dates.
			"2026-Q3: 51 days left (ends 2026-09-30); 45% of the quarter elapsed,",
		}, []string{"2026-Q3 ends", "overdue"}},
		{"2026-07-20", "2026-07-27", DigestText, []string{
			"\nBlockers\n--------\n\nNo key result is blocked.\n\nOver the period:\n\n- O1.KR1 Cards tokenised unblocked on 2026-07-27 (was: Waiting for the HSM vendor's firmware)\n",
			"\nComing up\n---------\n\n- 2026-07-31: O1.KR2 HSM in production (Ben) due, at 0%\n- 2026-08-10: next check-in\n",
		}, nil},
		{"2026-09-18", "2026-09-25", DigestHTML, []string{
			"<h2>Blockers</h2>\n<ul>\n<li>O1.KR1 Cards tokenised (Ana): blocked since 2026-08-03: Legal review</li>\n<li>O2.KR1 Checkout redesign shipped (Cy): blocked since 2026-08-04: Waiting for design</li>\n</ul>\n<h2>Coming up</h2>\n<ul>\n" +
				"<li>2026-08-15: O1.KR1 Cards tokenised (Ana) overdue: due 2026-08-15, at 60%</li>\n<li>2026-08-18: check-in overdue (was due 2026-08-18)</li>\n<li>2026-08-31: O2.KR1 Checkout redesign shipped (Cy) overdue: due 2026-08-31, at 0%</li>\n<li>2026-09-30: 2026-Q3 ends</li>\n</ul>\n",
		}, []string{"Over the period"}},
		// Once the quarter ended nothing is blocked nor coming up.
		{"2026-10-01", "2026-10-08", DigestMarkdown, nil, []string{"Blockers", "Coming up"}},
	} {
		d := okr.NewDigest(site, mustDate(t, tc.since), mustDate(t, tc.asOf))
		got := string(Digest(d, "Payments", tc.format))
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %s: digest lacks\n%s\ngot:\n%s", tc.asOf, tc.format, w, got)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(got, n) {
				t.Errorf("%s %s: digest has %q:\n%s", tc.asOf, tc.format, n, got)
			}
		}
	}
}
