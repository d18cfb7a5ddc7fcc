package sitetest

import (
	"maps"
	"regexp"
	"strings"
)

// alerts is the site Alerts returns, with the keys of SPEC section 10: blockers set,
// restated, cleared and replaced; due dates met and missed; a data file
// with a note.
var alerts = map[string]string{
	"okr.toml": `title = "Payments"

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Reliable payments"

  [[objectives.key_results]]
  id = "KR1"
  title = "Cards tokenised"
  owner = "Ana"
  start = 0
  target = 10
  due = 2026-08-15

  [[objectives.key_results]]
  id = "KR2"
  title = "HSM in production"
  owner = "Ben"
  kind = "milestone"
  due = 2026-07-31

  [[objectives.key_results]]
  id = "KR3"
  title = "API uptime"
  kind = "threshold"
  direction = "at_least"
  unit = "%"
  target = 99.9
  data = "data/uptime.csv"

[[objectives]]
id = "O2"
quarter = "2026-Q3"
title = "New checkout"

  [[objectives.key_results]]
  id = "KR1"
  title = "Checkout redesign shipped"
  owner = "Cy"
  kind = "milestone"
  due = 2026-08-31
`,
	"data/uptime.csv":                "date,value,note\n2026-07-02,99.95,\n2026-07-09,99.5,dip after the deploy\n2026-07-16,99.99,\n",
	"content/checkins/2026-07-13.md": AlertCheckIn("2026-07-13", "O1.KR1", "value = 3", ""),
	"content/checkins/2026-07-06.md": AlertCheckIn("2026-07-06", "O1.KR1", "value = 2", `blocker = "Waiting for the HSM vendor's firmware"`),
	"content/checkins/2026-07-20.md": AlertCheckIn("2026-07-20", "O1.KR1", "value = 4", `blocker = "Waiting for the HSM vendor's firmware"`),
	"content/checkins/2026-07-27.md": AlertCheckIn("2026-07-27", "O1.KR1", "value = 5", `blocker = ""`),
	"content/checkins/2026-07-28.md": AlertCheckIn("2026-07-28", "O1.KR2", "done = true", ""),
	"content/checkins/2026-08-03.md": AlertCheckIn("2026-08-03", "O1.KR1", "value = 6", `blocker = "Legal review"`),
	"content/checkins/2026-08-04.md": AlertCheckIn("2026-08-04", "O2.KR1", "done = false", `blocker = "Waiting for design"`),
}

// Alerts returns the files of a small site with the keys of SPEC section
// 10, a fresh copy each call: blockers set, restated, cleared and replaced;
// due dates met and missed; a data file with notes.
func Alerts() map[string]string { return maps.Clone(alerts) }

// Plain returns files without the keys of SPEC section 10: no due, data
// or blocker keys, and no data files.
func Plain(files map[string]string) map[string]string {
	out := map[string]string{}
	for name, body := range files {
		if strings.HasPrefix(name, "data/") {
			continue
		}
		out[name] = sectionTenKey.ReplaceAllString(body, "")
	}
	return out
}

var sectionTenKey = regexp.MustCompile(`(?m)^\s*(due|data|blocker) = .*\n`)

// AlertCheckIn returns a check-in dated date with one update of kr: value
// ("value = 3") and extra (a blocker key, or "").
func AlertCheckIn(date, kr, value, extra string) string {
	return "+++\ndate = " + date + "\ntitle = \"Week of " + date + "\"\n[[updates]]\nkr = \"" + kr + "\"\n" + value + "\n" + extra + "\n+++\n\n## Progress\n\nSome.\n"
}
