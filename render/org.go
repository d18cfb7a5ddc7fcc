package render

import (
	"strings"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
	"github.com/okrgen/okrgen/render/pdf"
)

// What a site of an organisation (SPEC section 9) shows besides what it
// shows alone. A team's pages add a breadcrumb back up to every site
// above it and, on its objectives, links to the objectives they serve;
// nothing else differs from the team's build alone. A site with teams
// adds teams/index.html, a "Teams" entry in its nav, the team objectives
// aligned to each of its objectives, and its teams' entries in its feed.

// teamURL returns the URL of team's root from the root of its ancestor
// site: "teams/payments/", "teams/product/teams/web/".
func teamURL(ancestor, team *org.Numbers) string {
	return escapePath(strings.TrimPrefix(team.Tree.Prefix, ancestor.Tree.Prefix))
}

// up returns the root of an ancestor's site from a page whose root is
// root, rel being the URL of the page's site from the ancestor's root
// (teamURL): "../../" from a team's home page, "/okrs/" from its
// 404.html at /okrs/teams/payments/.
func up(root, rel string) string {
	if strings.HasPrefix(root, "/") {
		if s, ok := strings.CutSuffix(root, rel); ok {
			return s
		}
	}
	return root + strings.Repeat("../", strings.Count(rel, "/"))
}

// crumb is a link of a team's breadcrumb: a site above it.
type crumb struct {
	Name string
	Href string // from the page
}

// crumbs returns the breadcrumb of a team's page whose root is root: the
// sites above it, the organisation first; nil for a site without parent.
func (r *renderer) crumbs(root string) []crumb {
	t := r.opt.Tree
	if t == nil || t.Parent == nil {
		return nil
	}
	var out []crumb
	for a := t.Parent; a != nil; a = a.Parent {
		out = append(out, crumb{Name: a.Tree.Name, Href: up(root, teamURL(a, t))})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// objectiveLink is an objective of another site of the organisation: one
// a team objective serves, or one aligned to an objective of this site.
type objectiveLink struct {
	Team string // the name of the objective's site
	O    *okr.ObjectiveNumbers
	Href string // from the page
}

// serves returns the objectives of the parent site that o, an objective
// of this team, serves, linked from a page whose root is root.
func (r *renderer) serves(root string, o *okr.Objective) []objectiveLink {
	t := r.opt.Tree
	if t == nil || t.Parent == nil {
		return nil
	}
	var out []objectiveLink
	for _, pon := range t.Serves[o] {
		out = append(out, objectiveLink{Team: t.Parent.Tree.Name, O: pon, Href: up(root, teamURL(t.Parent, t)) + ObjectiveURL(pon.Objective)})
	}
	return out
}

// aligned returns the team objectives aligned to o, an objective of this
// site, linked from a page whose root is root: in team order, then file
// order.
func (r *renderer) aligned(root string, o *okr.Objective) []objectiveLink {
	t := r.opt.Tree
	if t == nil {
		return nil
	}
	var out []objectiveLink
	for _, a := range t.Aligned[o] {
		out = append(out, objectiveLink{Team: a.Team.Tree.Name, O: a.Objective, Href: root + teamURL(t, a.Team) + ObjectiveURL(a.Objective.Objective)})
	}
	return out
}

// alignedCards returns the cards of the team objectives aligned to o, for
// o's page, whose root is root.
func (r *renderer) alignedCards(root string, o *okr.Objective) []objectiveCard {
	t := r.opt.Tree
	if t == nil {
		return nil
	}
	var out []objectiveCard
	for _, a := range t.Aligned[o] {
		out = append(out, objectiveCard{Root: root + teamURL(t, a.Team), O: a.Objective, Expected: a.Objective.Expected, Team: a.Team.Tree.Name})
	}
	return out
}

// teamView is a team as teams/index.html lists it, with its own teams.
type teamView struct {
	Name    string
	URL     string              // from the listing site's root: "teams/payments/"
	Current *okr.QuarterNumbers // the team's current quarter, nil without quarters
	Stale   int                 // key results of Current that are stale
	Blocked int                 // and blocked
	Teams   []*teamView
}

// teamCard is what the "team-card" template draws.
type teamCard struct {
	Root string
	T    *teamView
}

// teamViews returns the site's teams as teams/index.html lists them, or
// nil for a site without teams.
func (r *renderer) teamViews() []*teamView {
	t := r.opt.Tree
	if t == nil {
		return nil
	}
	var views func(x *org.Numbers) []*teamView
	views = func(x *org.Numbers) []*teamView {
		var out []*teamView
		for _, c := range x.Teams {
			v := &teamView{Name: c.Tree.Name, URL: teamURL(t, c), Current: c.Current, Teams: views(c)}
			if c.Current != nil {
				for _, on := range c.Current.Objectives {
					for _, kn := range on.KeyResults {
						if kn.Stale {
							v.Stale++
						}
						if kn.Blocker != nil {
							v.Blocked++
						}
					}
				}
			}
			out = append(out, v)
		}
		return out
	}
	return views(t)
}

// PDFTeams returns the team sections of the retrospective of the site of
// n for the quarter of id qid (SPEC section 9): one per team of the site,
// in [[teams]] order, each with the team's quarter of the same id, or
// none when it has no such quarter. Nil for a site without teams, or for
// n nil (a site rendered alone).
func PDFTeams(n *org.Numbers, qid string) []pdf.Team {
	if n == nil {
		return nil
	}
	var out []pdf.Team
	for _, c := range n.Teams {
		team := pdf.Team{Name: c.Tree.Name}
		for _, cq := range c.Quarters {
			if cq.Quarter.ID == qid {
				team.Quarter = cq
			}
		}
		out = append(out, team)
	}
	return out
}

// teamRenderer returns a renderer of team x, a site below this one, as
// the feed needs it: its site, numbers, links and base URL, which is this
// site's followed by the team's folder, as RenderTree gives it.
func (r *renderer) teamRenderer(x *org.Numbers) *renderer {
	s := &renderer{site: x.Tree.Site, num: x.Numbers, opt: r.opt, md: newMarkdown(x.Tree.Site.Config.UnsafeHTML), targets: linkTargets(x.Tree.Site)}
	s.opt.Tree = x
	s.baseURL = strings.TrimSuffix(r.baseURL, "/") + "/" + teamURL(r.opt.Tree, x)
	s.basePath = baseHref(s.baseURL)
	return s
}

// teamName names team x, a site below this one, in this site's feed: its
// name, after those of the teams between ("Product › Web").
func (r *renderer) teamName(x *org.Numbers) string {
	var names []string
	for a := x; a != nil && a != r.opt.Tree; a = a.Parent {
		names = append([]string{a.Tree.Name}, names...)
	}
	return strings.Join(names, " › ")
}
