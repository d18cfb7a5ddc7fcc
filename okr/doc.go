// Package okr holds the OKR model of an okrgen site: loading okr.toml,
// check-ins and content pages from a site directory, validating them, and
// computing the numbers of SPEC section 4 (progress, expected pace, status,
// score, grade, staleness, confidence).
//
// Data flows one way: Load reads files into a Site, Compute turns a Site and
// an as-of date into Numbers. Nothing here knows about HTML or PDF.
package okr
