package org

import (
	"fmt"
	"sort"
	"strings"

	"github.com/okrgen/okrgen/okr"
)

// checkAlignment checks that every aligns_to of t's objectives names an
// objective its parent has in the same quarter. At the root there is no
// parent: aligns_to is kept, unchecked (Warnings says so).
func checkAlignment(t *Tree, list *okr.ErrorList) {
	if t.Parent == nil {
		return
	}
	parent := quarterIndex(t.Parent.Site)
	for _, q := range t.Site.Quarters {
		for _, o := range q.Objectives {
			for _, ref := range o.AlignsTo {
				qid, id, _ := strings.Cut(ref, "/")
				line, col := o.AlignsToPos()
				at := func(format string, args ...any) {
					*list = append(*list, &okr.Error{File: t.Site.Name(okr.ConfigFile), Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
				}
				pq, ok := parent.quarters[qid]
				switch {
				case !ok:
					at("objective %s of %s aligns to %q, but %s has no quarter %s; its quarters: %s", o.ID, qid, ref, t.Parent.Name, qid, list3(parent.ids))
				case pq[id] == nil:
					at("objective %s of %s aligns to %q, which %s does not have in %s; its objectives there: %s", o.ID, qid, ref, t.Parent.Name, qid, list3(objectiveIDs(parent.byID[qid])))
				}
			}
		}
	}
}

type index struct {
	ids      []string                             // quarter ids, in the site's order
	quarters map[string]map[string]*okr.Objective // by quarter id, objective id
	byID     map[string]*okr.Quarter
}

func quarterIndex(s *okr.Site) index {
	x := index{quarters: map[string]map[string]*okr.Objective{}, byID: map[string]*okr.Quarter{}}
	for _, q := range s.Quarters {
		x.ids = append(x.ids, q.ID)
		x.byID[q.ID] = q
		m := map[string]*okr.Objective{}
		for _, o := range q.Objectives {
			m[o.ID] = o
		}
		x.quarters[q.ID] = m
	}
	return x
}

func objectiveIDs(q *okr.Quarter) []string {
	var ids []string
	for _, o := range q.Objectives {
		ids = append(ids, o.ID)
	}
	return ids
}

func list3(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

// Numbers are the numbers of one site of a tree and of its teams.
type Numbers struct {
	Tree *Tree
	*okr.Numbers
	Parent *Numbers   // nil at the root
	Teams  []*Numbers // in Tree.Teams order
	// Aligned lists, for each objective of this site, the team objectives
	// aligned to it: in team order, then file order.
	Aligned map[*okr.Objective][]Aligned
	// Serves lists, for each objective of this site with aligns_to, the
	// parent's objectives it serves, in aligns_to order; empty at the root.
	Serves map[*okr.Objective][]*okr.ObjectiveNumbers
}

// Aligned is a team objective aligned to an objective of its parent.
type Aligned struct {
	Team      *Numbers // the team's numbers
	Objective *okr.ObjectiveNumbers
}

// Compute returns the numbers of every site of t as of asOf: each site's
// own (SPEC section 4, on its own quarter dates), teams first, then the
// objectives without key results of their parents from the objectives
// aligned to them (SPEC section 9).
func Compute(t *Tree, asOf okr.Date) *Numbers {
	n := &Numbers{Tree: t, Numbers: okr.Compute(t.Site, asOf), Aligned: map[*okr.Objective][]Aligned{}, Serves: map[*okr.Objective][]*okr.ObjectiveNumbers{}}
	own := map[string]map[string]*okr.ObjectiveNumbers{}
	quarters := map[string]*okr.QuarterNumbers{}
	for _, qn := range n.Quarters {
		quarters[qn.Quarter.ID] = qn
		m := map[string]*okr.ObjectiveNumbers{}
		for _, on := range qn.Objectives {
			m[on.Objective.ID] = on
		}
		own[qn.Quarter.ID] = m
	}
	for _, c := range t.Teams {
		cn := Compute(c, asOf)
		cn.Parent = n
		n.Teams = append(n.Teams, cn)
		for _, qn := range cn.Quarters {
			for _, on := range qn.Objectives {
				for _, ref := range on.Objective.AlignsTo {
					qid, id, _ := strings.Cut(ref, "/")
					if pon := own[qid][id]; pon != nil {
						n.Aligned[pon.Objective] = append(n.Aligned[pon.Objective], Aligned{Team: cn, Objective: on})
						cn.Serves[on.Objective] = append(cn.Serves[on.Objective], pon)
					}
				}
			}
		}
	}
	for _, qn := range n.Quarters {
		for _, on := range qn.Objectives {
			if al := n.Aligned[on.Objective]; len(al) > 0 {
				ons := make([]*okr.ObjectiveNumbers, len(al))
				for i, a := range al {
					ons[i] = a.Objective
				}
				qn.Align(on, ons)
			}
		}
	}
	return n
}

// All returns n and the numbers of every team below it, parents before
// their teams, teams in [[teams]] order.
func (n *Numbers) All() []*Numbers {
	out := []*Numbers{n}
	for _, c := range n.Teams {
		out = append(out, c.All()...)
	}
	return out
}

// Find returns the numbers of the team t names, or nil.
func (n *Numbers) Find(t *Tree) *Numbers {
	if n.Tree == t {
		return n
	}
	for _, c := range n.Teams {
		if f := c.Find(t); f != nil {
			return f
		}
	}
	return nil
}

// Warnings returns the alignment warnings of SPEC section 9 for every
// site of the tree, sorted by file and line: a team objective aligned to
// nothing while its parent has objectives in that quarter; an objective
// of a site with teams that has neither key results nor aligned
// objectives; and aligns_to on a site built without its parent, which is
// kept but not checked.
func Warnings(n *Numbers) []*okr.Error {
	var out []*okr.Error
	var walk func(n *Numbers)
	walk = func(n *Numbers) {
		s := n.Tree.Site
		file := s.Name(okr.ConfigFile)
		var parent index
		if n.Parent != nil {
			parent = quarterIndex(n.Parent.Tree.Site)
		}
		for _, qn := range n.Quarters {
			for _, on := range qn.Objectives {
				o := on.Objective
				switch {
				case n.Parent == nil && len(o.AlignsTo) > 0:
					line, col := o.AlignsToPos()
					out = append(out, &okr.Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf("objective %s of %s aligns to %s, not checked: this site is built without its parent", o.ID, qn.Quarter.ID, strings.Join(o.AlignsTo, ", "))})
				case n.Parent != nil && len(o.AlignsTo) == 0 && len(parent.quarters[qn.Quarter.ID]) > 0:
					out = append(out, &okr.Error{File: file, Line: o.Line, Msg: fmt.Sprintf("objective %s of %s aligns to nothing; %s has objectives in %s (%s): add aligns_to = [\"...\"]", o.ID, qn.Quarter.ID, n.Parent.Tree.Name, qn.Quarter.ID, list3(objectiveIDs(parent.byID[qn.Quarter.ID])))})
				}
				if n.Tree.IsOrg() && len(o.KeyResults) == 0 && len(n.Aligned[o]) == 0 {
					out = append(out, &okr.Error{File: file, Line: o.Line, Msg: fmt.Sprintf("objective %s of %s has neither key results nor team objectives aligned to it; its progress stays 0", o.ID, qn.Quarter.ID)})
				}
			}
		}
		for _, c := range n.Teams {
			walk(c)
		}
	}
	walk(n)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return out
}
