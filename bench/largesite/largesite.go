// Package largesite generates an okrgen site of any size, deterministic
// from a seed, for benchmarks: an organisation's years of OKRs and
// check-ins.
package largesite

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Params are the sizes of a generated site.
type Params struct {
	Seed       uint64
	Quarters   int // consecutive quarters, ending with 2026-Q4
	Objectives int // per quarter
	KRs        int // per objective
	CheckIns   int // spread evenly over the quarters
	Updates    int // per check-in
	// Teams, when not 0, makes an organisation of that many teams
	// (SPEC section 9) sharing the check-ins: see generateOrg.
	Teams int
	// Flat, with Teams, writes the organisation's objectives, key results
	// and check-ins as one site without teams: the like-for-like single
	// site to compare an organisation's build with.
	Flat bool
}

// Default is the large site of the benchmarks: 8 quarters, 50 objectives
// a quarter, 5 key results each (2,000 in all), and 10,000 check-ins of 3
// updates and about 1.8 KB of Markdown each.
var Default = Params{Seed: 1, Quarters: 8, Objectives: 50, KRs: 5, CheckIns: 10000, Updates: 3}

var words = strings.Fields(`latency throughput replica index cache query shard queue consumer
producer retry timeout budget rollout canary deploy incident postmortem alert dashboard
migration schema backfill partition vacuum connection pool handler endpoint gateway
service cluster node capacity error rate saturation headroom p95 p99 regression release
review audit finding patch dependency upgrade runbook drill failover backup restore`)

// Generate writes a site into dir, which must not exist or be empty.
// With p.Teams > 0 it writes an organisation instead (see Params.Teams).
func Generate(dir string, p Params) error {
	if p.Teams > 0 {
		return generateOrg(dir, p)
	}
	rng := rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15))
	head := "title = \"Large organisation OKRs\"\nteam = \"Platform\"\nstale_after_days = 21\n"
	return writeSite(dir, rng, siteSpec{head: head, quarters: quarters(p.Quarters, 1, nil), objectives: p.Objectives, krs: p.KRs, checkIns: p.CheckIns, first: 0, updates: p.Updates})
}

// quarter is a quarter of a generated site, with its dates.
type quarter struct {
	id         string
	start, end time.Time
}

// quarters returns n consecutive quarters ending with 2026-Q4, first to
// last, in a fiscal year starting in month fiscal (1-12), with the dates
// of the quarters named in moved replaced.
func quarters(n, fiscal int, moved map[string][2]time.Time) []quarter {
	var qs []quarter
	y, q := 2026, 4
	for i := 0; i < n; i++ {
		start := time.Date(y, time.Month(3*(q-1)+fiscal), 1, 0, 0, 0, 0, time.UTC)
		x := quarter{fmt.Sprintf("%d-Q%d", y, q), start, start.AddDate(0, 3, -1)}
		if d, ok := moved[x.id]; ok {
			x.start, x.end = d[0], d[1]
		}
		qs = append([]quarter{x}, qs...)
		if q--; q == 0 {
			y, q = y-1, 4
		}
	}
	return qs
}

// siteSpec says what writeSite writes.
type siteSpec struct {
	head       string // okr.toml before the objectives
	quarters   []quarter
	objectives int // per quarter
	krs        int // per objective
	checkIns   int
	first      int    // the number of the first check-in, for its title and file name
	updates    int    // per check-in
	updated    int    // the objectives check-ins update, the first ones; 0 for all
	ids        string // before each objective's id: "T007-"
	// objective, when set, returns what to add to objective o (1-based)
	// of quarter q: aligns_to, say; and whether it has key results.
	objective func(q quarter, o int) (extra string, krs bool)
}

// writeSite writes one site: okr.toml with s.objectives objectives a
// quarter, then the check-ins, spread evenly over the quarters.
func writeSite(dir string, rng *rand.Rand, s siteSpec) error {
	var b strings.Builder
	b.WriteString(s.head)
	writeObjectives(&b, rng, s)
	if err := write(dir, "okr.toml", b.String()); err != nil {
		return err
	}
	return writeCheckIns(dir, rng, s)
}

// writeObjectives writes the objectives of s into b.
func writeObjectives(b *strings.Builder, rng *rand.Rand, s siteSpec) {
	for _, q := range s.quarters {
		for o := 1; o <= s.objectives; o++ {
			fmt.Fprintf(b, "\n[[objectives]]\nid = \"%sO%d\"\nquarter = %q\ntitle = \"Improve the %s %s of team %d\"\nowner = \"Owner %d\"\n",
				s.ids, o, q.id, pick(rng), pick(rng), o, rng.IntN(40))
			if rng.IntN(5) == 0 {
				b.WriteString("kind = \"committed\"\n")
			}
			krs := true
			if s.objective != nil {
				var extra string
				extra, krs = s.objective(q, o)
				b.WriteString(extra)
			}
			for k := 1; krs && k <= s.krs; k++ {
				start := float64(100 + rng.IntN(900))
				target := float64(int(start * (0.3 + rng.Float64()*0.6)))
				if rng.IntN(2) == 0 {
					target = float64(int(start * (1.2 + rng.Float64()*0.6)))
				}
				fmt.Fprintf(b, "  [[objectives.key_results]]\n  id = \"KR%d\"\n  title = \"Move %s %s from %.0f to %.0f\"\n  unit = \"ms\"\n  owner = \"Owner %d\"\n  start = %.0f\n  target = %.0f\n",
					k, pick(rng), pick(rng), start, target, rng.IntN(40), start, target)
			}
		}
	}
}

// writeCheckIns writes the check-ins of s into the site in dir.
func writeCheckIns(dir string, rng *rand.Rand, s siteSpec) error {
	qs := s.quarters
	updated := s.objectives
	if s.updated > 0 {
		updated = s.updated
	}
	for j := 0; j < s.checkIns; j++ {
		i := s.first + j
		q := qs[j*len(qs)/max(s.checkIns, 1)]
		end := q.end
		if last := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC); end.After(last) {
			end = last // nothing after the benchmarks' --as-of
		}
		days := int(end.Sub(q.start).Hours()/24) + 1
		d := q.start.AddDate(0, 0, rng.IntN(days))
		var c strings.Builder
		fmt.Fprintf(&c, "+++\ndate = %s\nauthor = \"Author %d\"\ntitle = \"Week %d: %s and %s\"\n", d.Format("2006-01-02"), rng.IntN(60), i, pick(rng), pick(rng))
		for u := 0; u < s.updates; u++ {
			fmt.Fprintf(&c, "\n[[updates]]\nkr = \"%sO%d.KR%d\"\nvalue = %d\nconfidence = %d\nnote = \"%s %s\"\n",
				s.ids, 1+rng.IntN(updated), 1+rng.IntN(s.krs), 50+rng.IntN(1200), rng.IntN(11), pick(rng), pick(rng))
		}
		c.WriteString("+++\n")
		body(&c, rng)
		name := fmt.Sprintf("content/checkins/%s/%s-%05d.md", q.id, d.Format("2006-01-02"), i)
		if err := write(dir, name, c.String()); err != nil {
			return err
		}
	}
	return nil
}

// body writes about 1.8 KB of a check-in's Markdown.
func body(c *strings.Builder, rng *rand.Rand) {
	for _, h := range []string{"Progress", "Challenges", "Next steps"} {
		fmt.Fprintf(c, "\n## %s\n\n", h)
		for s := 0; s < 6; s++ {
			fmt.Fprintf(c, "The %s %s moved after we changed the `%s` %s, so *%s* is %s. ", pick(rng), pick(rng), pick(rng), pick(rng), pick(rng), pick(rng))
		}
		c.WriteString("\n\n")
		for l := 0; l < 3; l++ {
			fmt.Fprintf(c, "- **%s**: %s %s %s\n", pick(rng), pick(rng), pick(rng), pick(rng))
		}
	}
}

func pick(rng *rand.Rand) string { return words[rng.IntN(len(words))] }

func write(dir, name, body string) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(body), 0o644)
}
