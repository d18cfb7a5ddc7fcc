// Package render turns a site's model and numbers into its output: the HTML
// dashboard (with html/template layouts from a theme), data.json and the
// Atom feed, held in memory as a Site and written to a folder by Write.
// Rendering reads no site file: everything comes from the okr.Site and
// okr.Numbers it is given, and from the theme's files.
//
// A site of an organisation (SPEC section 9) renders as it does alone,
// with the links Options.Tree adds: a team's breadcrumb and the objectives
// its objectives serve; a site's teams, the team objectives aligned to
// its objectives, and its teams' feed entries (see org.go). RenderTree
// renders a site with all its teams.
package render
