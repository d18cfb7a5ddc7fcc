package okr

import (
	"fmt"
	"path"
	"regexp"
	"strings"
)

// TeamRef is one [[teams]] entry of okr.toml: a team site in a folder of
// this one (SPEC section 9). The team's site itself is loaded by package
// org; the model of one site only knows where its teams are.
type TeamRef struct {
	ID   string // [a-z0-9-]+, unique: the URL segment under teams/
	Path string // the team's folder, relative to the site, with slashes, cleaned
	Name string // as okr.toml gives it; "" for the team site's own name
	Line int    // of its [[teams]] header in okr.toml
	Col  int

	pathLine, pathCol int // where okr.toml sets path
}

// PathPos returns where okr.toml sets the team's path (line, column), for
// errors about the folder.
func (t *TeamRef) PathPos() (line, col int) {
	if t.pathLine == 0 {
		return t.Line, t.Col
	}
	return t.pathLine, t.pathCol
}

var teamIDPattern = regexp.MustCompile(`^[a-z0-9-]+$`)

// The keys a [[teams]] table accepts.
var teamKeys = []string{"id", "path", "name"}

// parseTeams reads the [[teams]] tables of okr.toml. It checks what can be
// checked without the file system: ids, that paths stay inside the site,
// and duplicates. Package org checks the folders.
func parseTeams(root *table) []*TeamRef {
	var teams []*TeamRef
	byID := map[string]*TeamRef{}
	byPath := map[string]*TeamRef{}
	for _, t := range root.tables("teams") {
		t.unknown(teamKeys)
		tr := &TeamRef{ID: t.str("id"), Name: strings.TrimSpace(t.str("name")), Line: t.line, Col: t.col}
		p := t.str("path")
		// A value of the wrong type has had its error from str.
		idTyped, pathTyped := isString(t.m["id"]), isString(t.m["path"])
		who := fmt.Sprintf("team %q", tr.ID)
		if !idTyped || tr.ID == "" {
			who = fmt.Sprintf("the team at line %d", t.line)
		}
		tr.pathLine, tr.pathCol = t.pos("path")
		if !t.has("path") {
			tr.pathLine, tr.pathCol = 0, 0
		}
		ok := true
		switch {
		case !t.has("id"):
			t.e.at(t.line, t.col, `team without "id"; expected id = "payments" (lowercase letters, digits and -)`)
			ok = false
		case !idTyped:
			ok = false
		case !teamIDPattern.MatchString(tr.ID):
			t.errorf("id", "invalid team id %q; expected lowercase letters, digits and - only, such as \"payments\": it is the team's URL segment, teams/<id>/", tr.ID)
			ok = false
		case len(tr.ID) > MaxIDLength:
			t.errorf("id", "team id %s is %d characters long; expected at most %d", shortID(tr.ID), len(tr.ID), MaxIDLength)
			ok = false
		}
		example := "teams/" + tr.ID
		if !teamIDPattern.MatchString(tr.ID) {
			example = "teams/payments"
		}
		switch msg := teamPathProblem(p); {
		case !t.has("path"):
			t.e.at(t.line, t.col, "%s has no \"path\"; expected the folder of its site, such as path = %q", who, example)
			ok = false
		case !pathTyped:
			ok = false
		case msg != "":
			t.errorf("path", "%s: path %q %s; expected a folder inside this site, such as %q", who, p, msg, example)
			ok = false
		default:
			tr.Path = path.Clean(strings.ReplaceAll(p, `\`, "/"))
		}
		if !ok {
			continue
		}
		if first := byID[tr.ID]; first != nil {
			t.errorf("id", "duplicate team id %q; first defined at line %d", tr.ID, first.Line)
			continue
		}
		if first := byPath[strings.ToLower(tr.Path)]; first != nil {
			t.errorf("path", "teams %q and %q have the same path %q; expected one folder per team", first.ID, tr.ID, tr.Path)
			continue
		}
		byID[tr.ID], byPath[strings.ToLower(tr.Path)] = tr, tr
		teams = append(teams, tr)
	}
	return teams
}

// teamPathProblem says what is wrong with a team path as written, or "".
func teamPathProblem(p string) string {
	q := strings.ReplaceAll(p, `\`, "/")
	switch {
	case strings.TrimSpace(p) == "":
		return "is empty"
	case strings.HasPrefix(q, "/") || (len(q) > 1 && q[1] == ':'):
		return "is absolute"
	case strings.ContainsRune(p, 0):
		return "holds a NUL byte"
	}
	c := path.Clean(q)
	switch {
	case c == ".":
		return "is the site itself"
	case c == ".." || strings.HasPrefix(c, "../"):
		return "leads out of the site"
	}
	first, _, _ := strings.Cut(c, "/")
	switch {
	case strings.HasPrefix(first, "."):
		return "is in a hidden folder"
	case first == "content" || first == "themes" || first == "public":
		return "is inside " + first + "/, which holds this site's own files"
	}
	return ""
}

// parseAlignsTo reads an objective's aligns_to: one reference or a list,
// each "O1" or "2026-Q3/O1" in the objective's own quarter (SPEC section 9).
// It returns them qualified; whether the parent has them is checked by
// package org, which knows the parent.
func parseAlignsTo(t *table, o *Objective, qid string) {
	v, ok := t.m["aligns_to"]
	if !ok {
		return
	}
	o.alignsLine, o.alignsCol = t.pos("aligns_to")
	var refs []string
	switch v := v.(type) {
	case string:
		refs = []string{v}
	case []any:
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				t.errorf("aligns_to", "aligns_to of objective %q: expected a string or a list of strings such as [\"O1\"], got a list holding %s", o.ID, tomlTypeName(x))
				return
			}
			refs = append(refs, s)
		}
	default:
		t.wrongType("aligns_to", `a string or a list of strings such as ["O1"]`, v)
		return
	}
	seen := map[string]bool{}
	for _, r := range refs {
		q, id, qualified := strings.Cut(r, "/")
		if !qualified {
			q, id = qid, r
		}
		switch {
		case !idPattern.MatchString(id) || (qualified && !quarterPattern.MatchString(q)):
			t.errorf("aligns_to", "objective %q: invalid aligns_to %q; expected an objective id of the parent site, \"O1\", or \"%s/O1\"", o.ID, r, qid)
			continue
		case qualified && qid != "" && q != qid:
			t.errorf("aligns_to", "objective %q of %s aligns to %q, in another quarter; expected an objective of the parent's %s, such as \"%s/O1\"", o.ID, qid, r, qid, qid)
			continue
		}
		full := q + "/" + id
		if seen[strings.ToLower(full)] {
			t.errorf("aligns_to", "objective %q names %q twice in aligns_to", o.ID, r)
			continue
		}
		seen[strings.ToLower(full)] = true
		o.AlignsTo = append(o.AlignsTo, full)
	}
	if o.AlignsTo == nil {
		o.AlignsTo = []string{}
	}
}

// AlignsToPos returns where okr.toml sets the objective's aligns_to, or its
// [[objectives]] header when it has none.
func (o *Objective) AlignsToPos() (line, col int) {
	if o.alignsLine == 0 {
		return o.Line, 0
	}
	return o.alignsLine, o.alignsCol
}
