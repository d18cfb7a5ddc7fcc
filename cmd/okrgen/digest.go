package main

import (
	"io"
	"strings"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/render"
)

func runDigest(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("digest", "", stdout, stderr)
	src := fs.String("s", ".", "read the site in `DIR`")
	since := sinceFlag{days: 7}
	fs.Var(&since, "since", "start of the period, `Nd|DATE`: N days before its end (7d, 14d), or a day YYYY-MM-DD")
	format := choiceFlag{what: "format", value: render.DigestMarkdown, choices: render.DigestFormats}
	fs.Var(&format, "format", "print the digest as `"+strings.Join(render.DigestFormats, "|")+"`")
	var asOf dateFlag
	fs.Var(&asOf, "as-of", "end the period on `DATE`, YYYY-MM-DD")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	end := asOf.date()
	start, err := since.start(end)
	if err != nil {
		return fs.usageError("%v", err)
	}
	site, _, err := load(*src, end)
	if err != nil {
		return report(stderr, "digest", err)
	}
	title := site.Config.Title
	if site.Config.Team != "" {
		title = site.Config.Team
	}
	stdout.Write(render.Digest(okr.NewDigest(site, start, end), title, format.value))
	return exitOK
}
