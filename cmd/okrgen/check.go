package main

import (
	"fmt"
	"io"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "[-s DIR] [--as-of DATE] [--strict]", stderr)
	src := fs.String("s", ".", "site `folder` to read")
	var asOf dateFlag
	fs.Var(&asOf, "as-of", "check as of this `day` (YYYY-MM-DD)")
	strict := fs.Bool("strict", false, "fail on warnings too")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "okrgen check: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	site, n, err := load(*src, asOf.date())
	if err != nil {
		return report(stderr, "check", err)
	}
	ws := warnings(*src, n)
	for _, w := range ws {
		fmt.Fprintln(stderr, w)
	}
	objectives, krs := 0, 0
	for _, q := range site.Quarters {
		objectives += len(q.Objectives)
		for _, o := range q.Objectives {
			krs += len(o.KeyResults)
		}
	}
	fmt.Fprintf(stdout, "okrgen check: %d quarters, %d objectives, %d key results, %d check-ins; %d warning%s\n",
		len(site.Quarters), objectives, krs, len(site.CheckIns), len(ws), plural(len(ws)))
	if *strict && len(ws) > 0 {
		return exitError
	}
	return exitOK
}
