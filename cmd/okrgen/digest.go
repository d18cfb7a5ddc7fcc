package main

import (
	"io"
	"strings"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
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
	var team teamFlag
	fs.Var(&team, "team", "narrow the digest to one team of an organisation, by its `ID` as payments or product/web (default the organisation and all its teams, grouped by team)")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	end := asOf.date()
	start, err := since.start(end)
	if err != nil {
		return fs.usageError("%v", err)
	}
	tree, n, err := loadTree(*src, end)
	if err != nil {
		return report(stderr, "digest", err)
	}
	t, err := team.team(tree, display(*src, okr.ConfigFile))
	if err != nil {
		return fs.usageError("%v", err)
	}
	// The numbers at the period's start are the organisation's too: an
	// objective without key results moved as its teams' did.
	now, before := n.Find(t), org.Compute(tree, start).Find(t)
	if !t.IsOrg() {
		stdout.Write(render.Digest(okr.DigestOf(t.Site, now.Numbers, before.Numbers), t.Name, format.value))
		return exitOK
	}
	stdout.Write(render.DigestTree(teamDigests(now, before), t.Name, format.value))
	return exitOK
}

// teamDigests returns the digests of the site of now and of every team
// below it, parents before their teams, from the numbers at the period's
// end (now) and at its start (before, of the same tree).
func teamDigests(now, before *org.Numbers) []render.TeamDigest {
	var out []render.TeamDigest
	all, starts := now.All(), before.All()
	for i, x := range all {
		var names []string
		for c := x.Tree; c != now.Tree; c = c.Parent {
			names = append([]string{c.Name}, names...)
		}
		name := strings.Join(names, " / ")
		if x == now {
			name = x.Tree.Name
		}
		out = append(out, render.TeamDigest{
			Name:    name,
			Digest:  okr.DigestOf(x.Tree.Site, x.Numbers, starts[i].Numbers),
			Aligned: x.Aligned,
		})
	}
	return out
}
