package pdf

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrgen/okrgen/internal/corpus"
)

// need returns the path of a command-line tool a test runs. Without it the
// test is skipped, unless the run must not skip (CI, or .ci/test, which
// installs the tools first): then it fails.
func need(t testing.TB, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err == nil {
		return p
	}
	if corpus.Required() {
		t.Fatalf("%s not found; .ci/test installs it (poppler-utils, qpdf)", tool)
	}
	t.Skipf("%s not found; run .ci/test to install it", tool)
	return ""
}

// run runs a tool on a PDF written to a temporary file and returns its
// standard output.
func run(t testing.TB, pdf []byte, tool string, args ...string) string {
	t.Helper()
	bin := need(t, tool)
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, a := range args {
		if a == "FILE" {
			args[i] = file
		}
	}
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v\n%s%s", tool, strings.Join(args, " "), err, out, msg)
	}
	return string(out)
}

// words collapses all white space to single spaces.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }
