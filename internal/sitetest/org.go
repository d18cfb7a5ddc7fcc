package sitetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Organisation is an organisation (SPEC section 9), with base_url "/okrs/": Acme Engineering, whose O1 of 2026-Q4
// ("Expand into the European market", no key results of its own) is
// shared by both its teams; the repository's example site as the team
// backend, its Q4 O1 and O3 aligned to it (O3 to O2 too); and the team
// payments, which has a team of its own, web. The teams' Markdown holds
// links that start with "/". root is the repository's root, whose example
// site is read.
func Organisation(t testing.TB, root string) map[string]string {
	t.Helper()
	files := map[string]string{
		"okr.toml": `title = "Acme Engineering"
base_url = "/okrs/"

[quarters."2026-Q3"]
start = 2026-07-01
end = 2026-09-30

[quarters."2026-Q4"]
start = 2026-10-01
end = 2026-12-31

[[teams]]
id = "backend"
path = "teams/backend"

[[teams]]
id = "payments"
path = "teams/payments"
name = "Payments"

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Keep the platform fast and safe"

[[objectives]]
id = "O1"
quarter = "2026-Q4"
title = "Expand into the European market"
owner = "Ana Lima"

[[objectives]]
id = "O2"
quarter = "2026-Q4"
title = "Pass the SOC 2 audit"
kind = "committed"

  [[objectives.key_results]]
  id = "KR1"
  title = "Close every audit finding"
  start = 12
  target = 0
`,
		"content/checkins/2026-11-10-audit.md": `+++
date = 2026-11-10
author = "Ana Lima"
title = "Audit findings down"
[[updates]]
kr = "2026-Q4/O2.KR1"
value = 5
+++
Five findings left: see [the payments team](/teams/payments/).
`,
		"teams/payments/okr.toml": `title = "Payments OKRs"
team = "Payments"

[quarters."2026-Q4"]
start = 2026-10-01
end = 2026-12-31

[[teams]]
id = "web"
path = "teams/web"
name = "Checkout web"

[[objectives]]
id = "O1"
quarter = "2026-Q4"
title = "Take payments in euros"
aligns_to = "O1"

  [[objectives.key_results]]
  id = "KR1"
  title = "Share of EU checkouts paid in EUR"
  unit = "%"
  start = 0
  target = 80

[[objectives]]
id = "O2"
quarter = "2026-Q4"
title = "PCI evidence for the audit"
aligns_to = ["2026-Q4/O2"]

  [[objectives.key_results]]
  id = "KR1"
  title = "Evidence filed"
  kind = "milestone"
`,
		"teams/payments/content/checkins/2026-11-12-euros.md": `+++
date = 2026-11-12
author = "Léa Martin"
title = "EUR live in France"
[[updates]]
kr = "O1.KR1"
value = 35
confidence = 7
+++
EUR checkout is live in France: [our dashboard](/), [our Q4](/quarters/2026-q4/), [the plan](../plan.md).
`,
		"teams/payments/content/plan.md": "+++\ntitle = \"Plan\"\n+++\nSee [the dashboard](/) and [the euros check-in](checkins/2026-11-12-euros.md).\n",
		"teams/payments/teams/web/okr.toml": `title = "Checkout web OKRs"

[quarters."2026-Q4"]
start = 2026-10-01
end = 2026-12-31

[[objectives]]
id = "O1"
quarter = "2026-Q4"
title = "A checkout page in every EU language"
aligns_to = "O1"

  [[objectives.key_results]]
  id = "KR1"
  title = "Languages shipped"
  start = 2
  target = 12
`,
		"teams/payments/teams/web/content/checkins/2026-11-05-langs.md": "+++\ndate = 2026-11-05\ntitle = \"Five languages\"\n[[updates]]\nkr = \"O1.KR1\"\nvalue = 5\n+++\nFive out: [home](/).\n",
	}
	for _, pattern := range []string{"okr.toml", "content/*.md", "content/*/*.md", "data/*.csv"} {
		matches, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil || len(matches) == 0 {
			t.Fatalf("the example has no %s", pattern)
		}
		for _, m := range matches {
			b, err := os.ReadFile(m)
			if err != nil {
				t.Fatal(err)
			}
			files["teams/backend/"+filepath.ToSlash(rel(t, root, m))] = string(b)
		}
	}
	toml := files["teams/backend/okr.toml"]
	for _, o := range []struct{ obj, aligns string }{{"id = \"O1\"\nquarter = \"2026-Q3\"\n", `"O1"`}, {"id = \"O1\"\nquarter = \"2026-Q4\"\n", `"O1"`}, {"id = \"O3\"\nquarter = \"2026-Q4\"\n", `["O1", "2026-Q4/O2"]`}} {
		if !strings.Contains(toml, o.obj) {
			t.Fatalf("the example changed: no %q", o.obj)
		}
		toml = strings.Replace(toml, o.obj, o.obj+"aligns_to = "+o.aligns+"\n", 1)
	}
	files["teams/backend/okr.toml"] = toml
	return files
}

// rel returns m, a path below root, relative to it.
func rel(t testing.TB, root, m string) string {
	t.Helper()
	r, err := filepath.Rel(root, m)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
