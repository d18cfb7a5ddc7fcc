package main

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// acronym spells the words of teams' names that are not ordinary
// capitalised words, given in lower case: "api" is "API", "ios" "iOS".
func acronym(lower string) (string, bool) {
	switch lower {
	case "api", "sre", "ml", "ai", "qa", "ux", "ui", "it", "hr", "r&d", "bi", "cx", "dx",
		"seo", "crm", "erp", "sql", "gtm", "b2b", "b2c", "emea", "apac", "latam", "eu", "uk", "us":
		return strings.ToUpper(lower), true
	case "apis":
		return "APIs", true
	case "okr":
		return "OKR", true
	case "okrs":
		return "OKRs", true
	case "ios":
		return "iOS", true
	case "devops":
		return "DevOps", true
	}
	return "", false
}

// words splits a name into words at '-', '_', '.', spaces, control
// characters and bytes that are not UTF-8, any of which a folder's name
// may hold.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToValidUTF8(s, " "), func(r rune) bool {
		return r == '-' || r == '_' || r == '.' || unicode.IsSpace(r) || unicode.IsControl(r)
	})
}

// capitalise writes a word's first letter in title case and leaves the
// rest as it is: "payments" is "Payments", "GraphQL" stays.
func capitalise(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToTitle(r)) + w[n:]
}

// titleWords turns a login name such as "jane.doe" into "Jane Doe"; ""
// when it holds no word.
func titleWords(s string) string {
	ws := words(s)
	for i, w := range ws {
		ws[i] = capitalise(w)
	}
	return strings.Join(ws, " ")
}

// isOKRWord reports whether w is "OKR" or "OKRs", in any case.
func isOKRWord(w string) bool {
	w = strings.ToLower(w)
	return w == "okr" || w == "okrs"
}

// siteNames derives a team's name and its site's title from the name of
// the site's folder. Words are capitalised, known acronyms (API, SRE, ML,
// R&D, ...) spelled as such, other capitals kept; "okrs" at either end is
// the title's, not the team's: "payments-okrs" is the team "Payments" and
// the title "Payments OKRs"; "platform_team" is "Platform Team" and
// "Platform Team OKRs". A folder that names no team ("okrs", "my-okrs")
// gives an empty team and the title "Our OKRs" ("My OKRs").
func siteNames(folder string) (team, title string) {
	ws := words(folder)
	for i, w := range ws {
		if a, ok := acronym(strings.ToLower(w)); ok {
			ws[i] = a
		} else {
			ws[i] = capitalise(w)
		}
	}
	for len(ws) > 0 && isOKRWord(ws[0]) {
		ws = ws[1:]
	}
	for len(ws) > 0 && isOKRWord(ws[len(ws)-1]) {
		ws = ws[:len(ws)-1]
	}
	var teamWords []string
	for _, w := range ws {
		if !isOKRWord(w) {
			teamWords = append(teamWords, w)
		}
	}
	switch {
	case len(teamWords) == 0:
		return "", "Our OKRs"
	case len(teamWords) == 1 && (teamWords[0] == "My" || teamWords[0] == "Our"):
		return "", teamWords[0] + " OKRs"
	}
	team = strings.Join(teamWords, " ")
	if len(teamWords) < len(ws) { // "payments-okrs-2026": its own order
		return team, strings.Join(ws, " ")
	}
	return team, team + " OKRs"
}

// siteTitle is the title of a team's site: "Payments OKRs"; the name as
// it is when it says OKRs already.
func siteTitle(team string) string {
	for _, w := range words(team) {
		if isOKRWord(w) {
			return team
		}
	}
	return team + " OKRs"
}
