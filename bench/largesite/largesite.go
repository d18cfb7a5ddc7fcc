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
func Generate(dir string, p Params) error {
	rng := rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15))
	var b strings.Builder
	b.WriteString("title = \"Large organisation OKRs\"\nteam = \"Platform\"\nstale_after_days = 21\n")
	type quarter struct {
		id         string
		start, end time.Time
	}
	var qs []quarter
	y, n := 2026, 4
	for i := 0; i < p.Quarters; i++ {
		start := time.Date(y, time.Month(3*(n-1)+1), 1, 0, 0, 0, 0, time.UTC)
		qs = append([]quarter{{fmt.Sprintf("%d-Q%d", y, n), start, start.AddDate(0, 3, -1)}}, qs...)
		if n--; n == 0 {
			y, n = y-1, 4
		}
	}
	for _, q := range qs {
		for o := 1; o <= p.Objectives; o++ {
			fmt.Fprintf(&b, "\n[[objectives]]\nid = \"O%d\"\nquarter = %q\ntitle = \"Improve the %s %s of team %d\"\nowner = \"Owner %d\"\n",
				o, q.id, pick(rng), pick(rng), o, rng.IntN(40))
			if rng.IntN(5) == 0 {
				b.WriteString("kind = \"committed\"\n")
			}
			for k := 1; k <= p.KRs; k++ {
				start := float64(100 + rng.IntN(900))
				target := float64(int(start * (0.3 + rng.Float64()*0.6)))
				if rng.IntN(2) == 0 {
					target = float64(int(start * (1.2 + rng.Float64()*0.6)))
				}
				fmt.Fprintf(&b, "  [[objectives.key_results]]\n  id = \"KR%d\"\n  title = \"Move %s %s from %.0f to %.0f\"\n  unit = \"ms\"\n  owner = \"Owner %d\"\n  start = %.0f\n  target = %.0f\n",
					k, pick(rng), pick(rng), start, target, rng.IntN(40), start, target)
			}
		}
	}
	if err := write(dir, "okr.toml", b.String()); err != nil {
		return err
	}
	for i := 0; i < p.CheckIns; i++ {
		q := qs[i*len(qs)/max(p.CheckIns, 1)]
		end := q.end
		if last := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC); end.After(last) {
			end = last // nothing after the benchmarks' --as-of
		}
		days := int(end.Sub(q.start).Hours()/24) + 1
		d := q.start.AddDate(0, 0, rng.IntN(days))
		var c strings.Builder
		fmt.Fprintf(&c, "+++\ndate = %s\nauthor = \"Author %d\"\ntitle = \"Week %d: %s and %s\"\n", d.Format("2006-01-02"), rng.IntN(60), i, pick(rng), pick(rng))
		for u := 0; u < p.Updates; u++ {
			fmt.Fprintf(&c, "\n[[updates]]\nkr = \"O%d.KR%d\"\nvalue = %d\nconfidence = %d\nnote = \"%s %s\"\n",
				1+rng.IntN(p.Objectives), 1+rng.IntN(p.KRs), 50+rng.IntN(1200), rng.IntN(11), pick(rng), pick(rng))
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
