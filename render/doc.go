// Package render turns a site's model and numbers into its output: the HTML
// dashboard (with html/template layouts from a theme), data.json and the
// Atom feed, held in memory as a Site and written to a folder by Write.
// Rendering reads no site file: everything comes from the okr.Site and
// okr.Numbers it is given, and from the theme's files.
package render
