package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goldmarkModule is the module whose folder holds the CommonMark spec's
// examples, as _test/spec.json.
const goldmarkModule = "github.com/yuin/goldmark"

// MinCommonMark is the number of examples below which the spec read is
// not the whole spec: version 0.31.2 has 652.
const MinCommonMark = 650

// Example is one example of the CommonMark spec.
type Example struct {
	N        int    // 1-based, in the spec's order
	Section  string // the spec's section, e.g. "Tabs"
	Markdown string
	HTML     string // the HTML the spec expects
}

// CommonMark returns the examples of the CommonMark spec that goldmark
// tests itself with: _test/spec.json in its module folder, which the go
// command finds in the module cache. Without that folder (e.g. a vendored
// build) the test skips, or fails when Required.
func CommonMark(t testing.TB) []Example {
	t.Helper()
	dir, err := moduleDir(goldmarkModule)
	if err != nil {
		missing(t, "the CommonMark examples: finding the folder of module %s: %v", goldmarkModule, err)
	}
	path := filepath.Join(dir, "_test", "spec.json")
	b, err := os.ReadFile(path)
	if err != nil {
		missing(t, "the CommonMark examples: %v", err)
	}
	var raw []struct {
		Example  int    `json:"example"`
		Section  string `json:"section"`
		Markdown string `json:"markdown"`
		HTML     string `json:"html"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := make([]Example, len(raw))
	for i, r := range raw {
		if r.Example != i+1 {
			t.Fatalf("%s: entry %d is example %d; expected the examples in order from 1", path, i+1, r.Example)
		}
		out[i] = Example{N: r.Example, Section: r.Section, Markdown: r.Markdown, HTML: r.HTML}
	}
	if len(out) < MinCommonMark {
		t.Fatalf("%s: %d CommonMark examples, want %d or more", path, len(out), MinCommonMark)
	}
	return out
}

// moduleDir returns the folder of module path as the go command resolves
// it for the module the test is in: a folder of the module cache, readable
// though read-only.
func moduleDir(path string) (string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list -m %s: %v: %s", path, err, strings.TrimSpace(stderr.String()))
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", fmt.Errorf("go list -m %s gives no folder (vendored, or not downloaded)", path)
	}
	return dir, nil
}
