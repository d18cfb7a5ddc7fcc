package main

import (
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
	"github.com/okrgen/okrgen/render"
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
	tree, n, err := loadTree(*src, asOf.date())
	if err == nil {
		err = checkBuild(n)
	}
	if err != nil {
		return report(stderr, "check", err)
	}
	// Every site's hygiene warnings, then the organisation's (SPEC
	// section 9): alignment.
	var ws []*okr.Error
	for _, x := range n.All() {
		ws = append(ws, okr.Hygiene(x.Tree.Site, x.Numbers)...)
		ws = append(ws, render.MissingLinks(x.Tree.Site)...)
	}
	ws = append(ws, org.Warnings(n)...)
	if tree.IsOrg() {
		// By file and line: each site's warnings together, alignment
		// included.
		sort.SliceStable(ws, func(i, j int) bool {
			if ws[i].File != ws[j].File {
				return ws[i].File < ws[j].File
			}
			return ws[i].Line < ws[j].Line
		})
	}
	for _, w := range ws {
		fmt.Fprintln(stderr, warning(w))
	}
	quarters, objectives, krs, checkIns := 0, 0, 0, 0
	for _, x := range n.All() {
		site := x.Tree.Site
		quarters += len(site.Quarters)
		checkIns += len(site.CheckIns)
		for _, q := range site.Quarters {
			objectives += len(q.Objectives)
			for _, o := range q.Objectives {
				krs += len(o.KeyResults)
			}
		}
	}
	teams, all := "", ""
	if tree.IsOrg() {
		teams, all = count(len(n.All())-1, "team")+"; ", " in all"
	}
	fmt.Fprintf(stdout, "okrgen check: %s%s, %s, %s, %s%s; %s\n", teams, count(quarters, "quarter"), count(objectives, "objective"),
		count(krs, "key result"), count(checkIns, "check-in"), all, count(len(ws), "warning"))
	if *strict && len(ws) > 0 {
		fmt.Fprintln(stderr, "okrgen check: --strict: warnings count as errors")
		return exitError
	}
	return exitOK
}

// checkBuild checks what a build checks of every site of the tree besides
// its model: the paths it would write, and its theme. It returns the
// errors of every site together; in an organisation, a theme's error
// names the theme's folder by its path from the organisation's.
func checkBuild(n *org.Numbers) error {
	var list okr.ErrorList
	themes := treeThemes(n)
	for _, x := range n.All() {
		t := x.Tree
		theme := themes[t]
		err := render.CheckPaths(t.Site, theme)
		if err == nil {
			err = render.CheckTheme(theme)
		}
		var el okr.ErrorList
		switch {
		case err == nil:
		case errors.As(err, &el):
			list = append(list, el...)
		case !n.Tree.IsOrg():
			return err // as a site alone has always said it
		default:
			list = append(list, &okr.Error{File: t.Site.Name("themes/" + t.Site.Config.Theme), Msg: err.Error()})
		}
	}
	return list.Err()
}
