package render

import (
	"strings"
	"testing"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

// honestSite renders, as of 2026-11-20, a site with SPEC section 11's
// keys: 2026-Q3 (ended) has a moved target and confidence on its updates,
// 2026-Q4 (running) has forecasts, a moved target and an objective carried
// from 2026-Q3/O2.
func honestSite(t *testing.T) *Site {
	t.Helper()
	site := honestSiteLoad(t)
	out, err := Render(site, okr.Compute(site, mustDate(t, "2026-11-20")), Options{Theme: themes.Default(), Generator: "okrgen test"})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// honestSiteLoad loads the site honestSite renders.
func honestSiteLoad(t *testing.T) *okr.Site {
	t.Helper()
	return loadAlertsSite(t, map[string]string{
		"okr.toml": `title = "Forecast test"
team = "Platform"
base_url = "/"
stale_after_days = 30

[quarters."2026-Q3"]
start = 2026-07-01
end = 2026-09-30

[quarters."2026-Q4"]
start = 2026-10-01
end = 2026-12-31

[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "Handle holiday traffic"

  [[objectives.key_results]]
  id = "KR1"
  title = "Raise peak throughput"
  kind = "metric"
  unit = "RPS"
  start = 2000
  target = 5000

  [[objectives.key_results.revisions]]
  date = 2026-08-03
  target = 4500
  why = "Holiday traffic forecast cut by the sales team"

  [[objectives.key_results]]
  id = "KR2"
  title = "Ship the new load balancer"
  kind = "milestone"

[[objectives]]
id = "O2"
quarter = "2026-Q3"
title = "Cut latency"

  [[objectives.key_results]]
  id = "KR1"
  title = "Reduce p95 latency"
  kind = "metric"
  unit = "ms"
  start = 400
  target = 200

[[objectives]]
id = "O1"
quarter = "2026-Q4"
title = "Cut latency, again"
carried_from = "2026-Q3/O2"

  [[objectives.key_results]]
  id = "KR1"
  title = "Reduce p95 latency"
  kind = "metric"
  unit = "ms"
  start = 300
  target = 200

  [[objectives.key_results.revisions]]
  date = 2026-11-01
  target = 220
  why = "New region adds 20 ms"

  [[objectives.key_results]]
  id = "KR2"
  title = "Throughput"
  kind = "metric"
  unit = "RPS"
  start = 4000
  target = 6000
`,
		"content/checkins/2026-07-15-a.md": `+++
date = 2026-07-15
title = "Check-in"

[[updates]]
kr = "2026-Q3/O1.KR1"
value = 2600
confidence = 8

[[updates]]
kr = "2026-Q3/O2.KR1"
value = 380
confidence = 7
+++
`,
		"content/checkins/2026-08-10-b.md": `+++
date = 2026-08-10
title = "Check-in"

[[updates]]
kr = "2026-Q3/O1.KR1"
value = 3400
confidence = 6

[[updates]]
kr = "2026-Q3/O2.KR1"
value = 340
confidence = 5

[[updates]]
kr = "2026-Q3/O1.KR2"
done = true
confidence = 9
+++
`,
		"content/checkins/2026-09-28-c.md": `+++
date = 2026-09-28
title = "Check-in"

[[updates]]
kr = "2026-Q3/O1.KR1"
value = 4300
confidence = 7

[[updates]]
kr = "2026-Q3/O2.KR1"
value = 320
confidence = 3
+++
`,
		"content/checkins/2026-10-15-d.md": `+++
date = 2026-10-15
title = "Check-in"

[[updates]]
kr = "2026-Q4/O1.KR1"
value = 280
confidence = 6

[[updates]]
kr = "2026-Q4/O1.KR2"
value = 4300
+++
`,
		"content/checkins/2026-11-10-e.md": `+++
date = 2026-11-10
title = "Check-in"

[[updates]]
kr = "2026-Q4/O1.KR1"
value = 250
confidence = 6

[[updates]]
kr = "2026-Q4/O1.KR2"
value = 4700
+++
`,
	})
}

// TestPagesHonestQuarterEnds checks the HTML of SPEC section 11.
//
// Forecasts of 2026-Q4 (Oct 1 to Dec 31, X = 91), points (x, value) by days
// since Oct 1 (Oct 15 is 14, Nov 10 is 40):
//   - O1.KR1 (300 → 220 ms in force): (0, 300), (14, 280), (40, 250); x̄ = 18,
//     ȳ = 830/3; Σ(x-x̄)(y-ȳ) = -1020, Σ(x-x̄)² = 824, b = -1.2379; forecast
//     = 276.67 - 1.2379·73 = 186.3 ms: progress (300-186.3)/80 > 1, likely
//     achieved.
//   - O1.KR2 (4000 → 6000 RPS): (0, 4000), (14, 4300), (40, 4700); ȳ =
//     13000/3, Σ(x-x̄)(y-ȳ) = 14200, b = 17.233; forecast = 4333.3 +
//     17.233·73 = 5591.3 RPS: progress 0.796, likely achieved.
//   - The quarter: mean of 1 and 0.796 = 0.898, likely achieved.
//
// Calibration of 2026-Q3: O1.KR1 (achieved, o = 1) said 8, 6, 7; O1.KR2
// (achieved) 9; O2.KR1 (partial, o = 0) 7, 5, 3. Σ(p-o)² = 0.04 + 0.16 +
// 0.09 + 0.01 + 0.49 + 0.25 + 0.09 = 1.13, brier = 1.13/7 = 0.16; bias =
// 4.5/7 - 4/7 = 0.07: well calibrated.
func TestPagesHonestQuarterEnds(t *testing.T) {
	out := honestSite(t)
	page := func(p string) string { return string(out.Files[p]) }
	for _, c := range []struct {
		name string
		want []string
		not  []string
	}{
		{"index.html", []string{
			`<span class="stat-label">Likely grade</span><span class="stat-value"><span class="badge badge-achieved">`,
			`<span class="pace">at this pace: 186 ms by Dec 31 (likely achieved)</span>`,
			`<span class="pace">at this pace: 5591 RPS by Dec 31 (likely achieved)</span>`,
			`<span>Target from 300 ms to 220 ms</span>`,
		}, []string{`How well did we predict?`}},
		{"quarters/2026-q4/objectives/o1/index.html", []string{
			`<dt>Forecast</dt><dd>at this pace: 186 ms by Dec 31 (likely achieved)</dd>`,
			`<dt>Target</dt><dd>from 300 ms to 220 ms</dd>`,
			`<li>target moved from 200 to 220 ms on Nov 1: New region adds 20 ms</li>`,
			`carried from <a href="../../../../quarters/2026-q3/objectives/o2/">2026-Q3 O2</a> Cut latency (partial)`,
			// The chart: a stepped target line and the dashed trend.
			`&#34;name&#34;:&#34;Trend&#34;`,
			`target moved to 220 ms on 2026-11-01; trend: 186 ms by 2026-12-31 (likely achieved)`,
		}, nil},
		{"quarters/2026-q3/objectives/o2/index.html", []string{
			`carried into <a href="../../../../quarters/2026-q4/objectives/o1/">2026-Q4 O1</a> Cut latency, again`,
		}, []string{`at this pace`, `&#34;name&#34;:&#34;Trend&#34;`}},
		{"quarters/2026-q3/objectives/o1/index.html", []string{
			`<li>target moved from 5000 to 4500 RPS on Aug 3: Holiday traffic forecast cut by the sales team</li>`,
			`<dt>Target</dt><dd>from 2000 RPS to 4500 RPS</dd>`,
		}, []string{`at this pace`, `carried`}},
		// A check-in's table gives the target in force on its date.
		{"checkins/2026-07-15-a/index.html", []string{
			`<td data-label="Target">from 2000 RPS to 5000 RPS</td>`,
		}, []string{`to 4500 RPS`}},
		{"checkins/2026-08-10-b/index.html", []string{
			`<td data-label="Target">from 2000 RPS to 4500 RPS</td>`,
		}, []string{`to 5000 RPS`}},
		{"quarters/2026-q3/index.html", []string{
			`<h2 id="calibration-h">How well did we predict?</h2>`,
			`Brier score <strong>0.16: well calibrated</strong>, over 7 updates`,
			`id="chart_2026_Q3_reliability"`,
			`&#34;name&#34;:&#34;Perfect calibration&#34;`,
			`<caption>2026-Q3: confidence history against outcome</caption>`,
			`<th scope="row">O1.KR1 Raise peak throughput</th><td>8 on Jul 15, 6 on Aug 10, 7 on Sep 28</td><td>achieved</td>`,
			`<th scope="row">O2.KR1 Reduce p95 latency</th><td>7 on Jul 15, 5 on Aug 10, 3 on Sep 28</td><td>partial</td>`,
		}, []string{`Likely grade`, `at this pace`}},
		{"quarters/2026-q4/index.html", []string{`Likely grade`}, []string{`How well did we predict?`}},
		{"quarters/index.html", []string{
			`<th scope="col">Brier score</th>`,
			`<td data-label="Brier score">0.16</td>`,
			`<td data-label="Brier score">—</td>`,
		}, nil},
	} {
		html := page(c.name)
		if html == "" {
			t.Errorf("no %s", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(html, w) {
				t.Errorf("%s: no %q", c.name, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(html, w) {
				t.Errorf("%s: has %q", c.name, w)
			}
		}
		// Strict CSP: no inline style or script.
		if strings.Contains(html, " style=") || strings.Contains(html, "<script>") {
			t.Errorf("%s: inline style or script", c.name)
		}
	}
}
