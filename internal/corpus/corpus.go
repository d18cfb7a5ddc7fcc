// Package corpus gives tests public test suites taken from the libraries
// that ship them, so that the tests pass on a plain clone of the repository:
// toml-test's invalid documents, embedded in the Go module
// github.com/toml-lang/toml-test, and the CommonMark spec's examples, in
// goldmark's module folder. It also says whether a test that lacks a tool it
// needs may skip.
package corpus

import (
	"os"
	"testing"
)

// Required reports whether tests must fail, rather than skip, when a tool
// or corpus is missing: in CI, and under .ci/test, which installs them.
func Required() bool { return os.Getenv("CI") != "" || os.Getenv("OKRGEN_REQUIRE_TOOLS") != "" }

// missing fails the test when Required, and skips it otherwise, saying
// what is missing.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if Required() {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}
