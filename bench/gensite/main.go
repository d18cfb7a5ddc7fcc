// Command gensite writes a large okrgen site for benchmarks, deterministic
// from a seed:
//
//	go run ./bench/gensite -o /tmp/large              # 10,000 check-ins
//	go run ./bench/gensite -o /tmp/huge -checkins 100000
//	go run ./bench/gensite -o /tmp/org -teams 100     # 100 teams, 10,000 check-ins in all
//	go run ./bench/gensite -o /tmp/flat -teams 100 -flat   # the same as one site
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/okrgen/okrgen/bench/largesite"
)

func main() {
	p := largesite.Default
	out := flag.String("o", "", "folder to write the site to (required; must not exist)")
	flag.Uint64Var(&p.Seed, "seed", p.Seed, "random seed")
	flag.IntVar(&p.Quarters, "quarters", p.Quarters, "quarters")
	flag.IntVar(&p.Objectives, "objectives", p.Objectives, "objectives per quarter")
	flag.IntVar(&p.KRs, "krs", p.KRs, "key results per objective")
	flag.IntVar(&p.CheckIns, "checkins", p.CheckIns, "check-ins")
	flag.IntVar(&p.Updates, "updates", p.Updates, "updates per check-in")
	flag.IntVar(&p.Teams, "teams", 0, "write an organisation of `N` teams sharing the check-ins (0: a single site)")
	flag.BoolVar(&p.Flat, "flat", false, "with -teams, write the organisation's objectives and check-ins as one site, without teams")
	flag.Parse()
	if *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "gensite: %s exists\n", *out)
		os.Exit(1)
	}
	if err := largesite.Generate(*out, p); err != nil {
		fmt.Fprintln(os.Stderr, "gensite:", err)
		os.Exit(1)
	}
}
