// Package examples holds example sites of okrgen and the tests that keep
// them working: acme/ is an organisation of two teams (SPEC section 9),
// one of them the repository's own example site.
package examples
