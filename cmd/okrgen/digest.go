package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/render"
)

func runDigest(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("digest", "[-s DIR] [--since 7d|14d|DATE] [--format markdown|text|html] [--as-of DATE]", stderr)
	src := fs.String("s", ".", "site `folder`")
	since := fs.String("since", "7d", "start of the period: a number of days back (7d, 14d) or a `DATE`")
	format := fs.String("format", render.DigestMarkdown, "output `format`: "+strings.Join(render.DigestFormats, ", "))
	var asOf dateFlag
	fs.Var(&asOf, "as-of", "end of the period (YYYY-MM-DD; default today)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "okrgen digest: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	known := false
	for _, f := range render.DigestFormats {
		known = known || f == *format
	}
	if !known {
		fmt.Fprintf(stderr, "okrgen digest: unknown format %q; expected one of: %s\n", *format, strings.Join(render.DigestFormats, ", "))
		return exitUsage
	}
	end := asOf.date()
	start, err := sinceDate(*since, end)
	if err != nil {
		fmt.Fprintf(stderr, "okrgen digest: %v\n", err)
		return exitUsage
	}
	site, _, err := load(*src, end)
	if err != nil {
		return report(stderr, "digest", err)
	}
	title := site.Config.Title
	if site.Config.Team != "" {
		title = site.Config.Team
	}
	stdout.Write(render.Digest(okr.NewDigest(site, start, end), title, *format))
	return exitOK
}

// sinceDate reads --since: "7d" (days before end) or a date before end.
func sinceDate(s string, end okr.Date) (okr.Date, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 1 {
			return okr.Date{}, fmt.Errorf("invalid --since %q; expected a number of days such as 7d, or a date", s)
		}
		return end.AddDays(-n), nil
	}
	d, err := okr.ParseDate(s)
	if err != nil {
		return okr.Date{}, fmt.Errorf("invalid --since %q; expected a number of days such as 7d, or a date YYYY-MM-DD", s)
	}
	if !d.Before(end) {
		return okr.Date{}, fmt.Errorf("--since %s is not before %s", d, end)
	}
	return d, nil
}
