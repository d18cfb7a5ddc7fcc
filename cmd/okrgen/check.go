package main

import (
	"fmt"
	"io"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/render"
	"github.com/okrgen/okrgen/themes"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "", stdout, stderr)
	src := fs.String("s", ".", "read the site in `DIR`")
	var asOf dateFlag
	fs.Var(&asOf, "as-of", "check as of `DATE`, YYYY-MM-DD")
	strict := fs.Bool("strict", false, "exit with status 1 on warnings too")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	site, n, err := load(*src, asOf.date())
	if err == nil {
		// What a build checks besides the site's model: the paths it
		// would write, and the theme.
		theme := themes.Open(*src, site.Config.Theme)
		err = render.CheckPaths(site, theme)
		if err == nil {
			err = render.CheckTheme(theme)
		}
	}
	if err != nil {
		return report(stderr, "check", err)
	}
	ws := append(okr.Hygiene(site, n), render.MissingLinks(site)...)
	for _, w := range ws {
		fmt.Fprintln(stderr, warning(w))
	}
	objectives, krs := 0, 0
	for _, q := range site.Quarters {
		objectives += len(q.Objectives)
		for _, o := range q.Objectives {
			krs += len(o.KeyResults)
		}
	}
	fmt.Fprintf(stdout, "okrgen check: %s, %s, %s, %s; %s\n", count(len(site.Quarters), "quarter"), count(objectives, "objective"),
		count(krs, "key result"), count(len(site.CheckIns), "check-in"), count(len(ws), "warning"))
	if *strict && len(ws) > 0 {
		fmt.Fprintln(stderr, "okrgen check: --strict: warnings count as errors")
		return exitError
	}
	return exitOK
}
