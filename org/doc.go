// Package org composes okrgen sites into an organisation (SPEC section 9):
// a site lists its teams in okr.toml's [[teams]], each team a whole site
// of its own in a folder of it, and a team's objectives align to its
// parent's with aligns_to.
//
// It does not change the model of one site: every site of the tree is
// loaded by package okr as the site it is, and its numbers are computed
// by okr.Compute on its own quarter dates. What this package adds is the
// tree (Load), the checks that need two sites (alignment), and the
// numbers of a parent's objectives without key results, which come from
// the team objectives aligned to them (Compute).
package org
