package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/okrgen/okrgen/okr"
)

// expr matches a GitHub Actions expression, ${{ ... }}.
var expr = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// actionContext is what the expressions of action.yml may read: the
// inputs, the action's folder and the outputs of the steps run so far.
type actionContext struct {
	inputs     map[string]string
	actionPath string
	steps      map[string]map[string]string // step id → output → value
}

// eval expands the expressions in s. Any other expression than
// inputs.NAME, github.action_path and steps.ID.outputs.NAME, or one naming
// an input or output that does not exist, is an error: a typo in
// action.yml would otherwise pass an empty string on GitHub.
func (c *actionContext) eval(s string) (string, error) {
	var errs []string
	out := expr.ReplaceAllStringFunc(s, func(m string) string {
		e := expr.FindStringSubmatch(m)[1]
		if name, ok := strings.CutPrefix(e, "inputs."); ok {
			if v, ok := c.inputs[name]; ok {
				return v
			}
		} else if e == "github.action_path" {
			return c.actionPath
		} else if parts := strings.Split(e, "."); len(parts) == 4 && parts[0] == "steps" && parts[2] == "outputs" {
			if v, ok := c.steps[parts[1]][parts[3]]; ok {
				return v
			}
		}
		errs = append(errs, e)
		return ""
	})
	if len(errs) > 0 {
		return "", fmt.Errorf("unknown %s", strings.Join(errs, ", "))
	}
	return out, nil
}

// runAction runs the steps of the composite action at repo/action.yml as
// the runner would, with the Go that runs the tests (go test puts it first
// on PATH) in place of actions/setup-go, and no cache: each run step with bash, its env
// evaluated, in the folder work, with GITHUB_ACTION_PATH, GITHUB_OUTPUT
// and RUNNER_TEMP set. It returns the action's outputs, and those of its
// steps by step id.
func runAction(t *testing.T, repo, work string, with map[string]string) (outputs map[string]string, steps map[string]map[string]string) {
	t.Helper()
	action := readYAML(t, filepath.Join(repo, "action.yml"))
	if got := action.str("runs", "using"); got != "composite" {
		t.Fatalf("action.yml: runs.using %q, want composite", got)
	}
	c := &actionContext{inputs: map[string]string{}, actionPath: repo, steps: map[string]map[string]string{}}
	inputs := action.get("inputs")
	for _, name := range inputs.mapKeys() {
		in := inputs.get(name)
		if in.str("description") == "" {
			t.Errorf("action.yml:%d: input %s has no description", in.line, name)
		}
		c.inputs[name] = in.str("default")
	}
	for name, v := range with {
		if _, ok := c.inputs[name]; !ok {
			t.Fatalf("action.yml has no input %q; inputs: %s", name, strings.Join(inputs.mapKeys(), ", "))
		}
		c.inputs[name] = v
	}
	temp := t.TempDir()
	if len(action.get("runs", "steps").list()) == 0 {
		t.Fatal("action.yml: no runs.steps")
	}
	for i, step := range action.get("runs", "steps").list() {
		where := fmt.Sprintf("action.yml:%d", step.line)
		if step.str("uses") != "" {
			// Not run here, but whatever it is given must resolve, and a
			// file of the action it names must exist.
			with := step.get("with")
			for _, k := range with.mapKeys() {
				v, err := c.eval(with.str(k))
				if err != nil {
					t.Errorf("%s: with.%s: %v", where, k, err)
				} else if strings.HasPrefix(v, repo+"/") {
					if _, err := os.Stat(v); err != nil {
						t.Errorf("%s: with.%s: %v", where, k, err)
					}
				}
			}
			continue
		}
		script := step.str("run")
		if script == "" {
			t.Fatalf("%s: a step neither uses an action nor runs a command", where)
		}
		if sh := step.str("shell"); sh != "bash" {
			t.Fatalf("%s: shell %q; a composite step needs one, and these are bash", where, sh)
		}
		if expr.MatchString(script) {
			t.Errorf("%s: run holds an expression; pass it by env, so that no input is pasted into the script", where)
		}
		file := filepath.Join(temp, fmt.Sprintf("step%d.sh", i))
		output := filepath.Join(temp, fmt.Sprintf("step%d.out", i))
		if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(output, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", file)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "GITHUB_ACTION_PATH="+repo, "GITHUB_OUTPUT="+output, "RUNNER_TEMP="+temp, "GITHUB_WORKSPACE="+work)
		env := step.get("env")
		for _, k := range env.mapKeys() {
			v, err := c.eval(env.str(k))
			if err != nil {
				t.Fatalf("%s: env.%s: %v", where, k, err)
			}
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %s: %v\nstdout:\n%s\nstderr:\n%s", where, script, err, stdout.String(), stderr.String())
		}
		t.Logf("%s: %s\n%s%s", where, strings.TrimSpace(script), stdout.String(), stderr.String())
		if id := step.str("id"); id != "" {
			c.steps[id] = readOutputs(t, output)
		}
	}
	outputs = map[string]string{}
	for _, name := range action.get("outputs").mapKeys() {
		out := action.get("outputs", name)
		v, err := c.eval(out.str("value"))
		if err != nil {
			t.Errorf("action.yml:%d: output %s: %v", out.line, name, err)
		}
		outputs[name] = v
	}
	return outputs, c.steps
}

// readOutputs reads the NAME=VALUE lines a step wrote to $GITHUB_OUTPUT.
func readOutputs(t *testing.T, name string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			t.Fatalf("%s: %q is not NAME=VALUE", name, sc.Text())
		}
		out[k] = v
	}
	return out
}

// TestActionBuildsExample: the action's steps, run as the runner runs
// them, build okrgen from the repository and the example site with it,
// under a project site's URL.
func TestActionBuildsExample(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the action runs on Linux and macOS runners")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	dest := filepath.Join(work, "site")
	out, steps := runAction(t, repo, work, map[string]string{
		"site":        repo,
		"destination": dest,
		"base-url":    "https://example.github.io/okrs",
	})
	if out["public"] != dest {
		t.Errorf("output public = %q, want %q", out["public"], dest)
	}
	// The cache: Go's two caches, under a key of the Go version, go.sum
	// and the source, whose prefix restores an older source's.
	cache := steps["cache-key"]
	if cache["gomodcache"] == "" || cache["gocache"] == "" || cache["restore-key"] == "" ||
		!strings.HasPrefix(cache["key"], cache["restore-key"]) || len(cache["key"]) <= len(cache["restore-key"]) ||
		!strings.Contains(cache["restore-key"], runtime.Version()) {
		t.Errorf("cache-key outputs %q", cache)
	}
	for _, f := range []string{"index.html", "data.json", "feed.xml", "404.html", ".nojekyll", "quarters/2026-q3/retrospective.pdf", "quarters/2026-q4/retrospective.pdf", "quarters/2026-q3/okrs.csv"} {
		b, err := os.ReadFile(filepath.Join(dest, f))
		if err != nil {
			t.Error(err)
		} else if strings.HasSuffix(f, ".pdf") && !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("%s is not a PDF", f)
		}
	}
	feed, _ := os.ReadFile(filepath.Join(dest, "feed.xml"))
	for _, want := range []string{
		`<link rel="self" type="application/atom+xml" href="https://example.github.io/okrs/feed.xml">`,
		`<link href="https://example.github.io/okrs/quarters/2026-q4/`,
	} {
		if !bytes.Contains(feed, []byte(want)) {
			t.Errorf("feed.xml lacks %s", want)
		}
	}
	// Nothing is written beside the destination.
	if _, err := os.Stat(filepath.Join(work, "public")); err == nil {
		t.Error("the action wrote public/ in the workspace though destination was given")
	}
}

// TestActionDefaults: with no inputs, the action builds the site in the
// workspace into public/, and passes args on word by word.
func TestActionDefaults(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the action runs on Linux and macOS runners")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	if code := run([]string{"init", filepath.Join(work, "okrs"), "--team", "Payments"}, new(bytes.Buffer), new(bytes.Buffer)); code != exitOK {
		t.Fatalf("init: exit %d", code)
	}
	out, _ := runAction(t, repo, work, map[string]string{"site": "okrs", "args": "--no-pdf\n --as-of " + okr.DateOf(time.Now()).String()})
	if out["public"] != "okrs/public" {
		t.Errorf("output public = %q, want okrs/public", out["public"])
	}
	if _, err := os.Stat(filepath.Join(work, "okrs", "public", "index.html")); err != nil {
		t.Error(err)
	}
	pdfs, _ := filepath.Glob(filepath.Join(work, "okrs", "public", "quarters", "*", "*.pdf"))
	if len(pdfs) > 0 {
		t.Errorf("--no-pdf was not passed on: %s", pdfs)
	}
}

// TestInitWorkflowUsesAction: the Pages workflow of a new site builds with
// the action of this repository, named by actionRef, giving it only
// inputs it has and reading only outputs it has; it installs no published
// version of okrgen, which may not exist.
func TestInitWorkflowUsesAction(t *testing.T) {
	files, err := scaffoldFiles("Payments", "Payments OKRs", okr.DateOf(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	src := files[".github/workflows/pages.yml"]
	if bytes.Contains(src, []byte("go install")) || bytes.Contains(src, []byte("@v"+version)) {
		t.Errorf("pages.yml installs a published okrgen:\n%s", src)
	}
	wf, err := parseYAML("pages.yml", string(src))
	if err != nil {
		t.Fatal(err)
	}
	action := readYAML(t, "../../action.yml")
	var uses []*yamlNode
	for _, name := range wf.get("jobs").mapKeys() {
		for _, step := range wf.get("jobs", name, "steps").list() {
			if step.str("uses") == actionRef {
				uses = append(uses, step)
			}
		}
	}
	if len(uses) != 1 {
		t.Fatalf("pages.yml: %d steps use %s, want 1:\n%s", len(uses), actionRef, src)
	}
	step := uses[0]
	for _, k := range step.get("with").mapKeys() {
		if action.get("inputs", k) == nil {
			t.Errorf("pages.yml:%d: input %q; action.yml has no such input", step.line, k)
		}
	}
	if !strings.Contains(step.str("with", "base-url"), "steps.pages.outputs.base_url") {
		t.Errorf("pages.yml:%d: base-url %q, want the base_url of actions/configure-pages", step.line, step.str("with", "base-url"))
	}
	id := step.str("id")
	refs := regexp.MustCompile(`steps\.`+regexp.QuoteMeta(id)+`\.outputs\.([\w-]+)`).FindAllStringSubmatch(string(src), -1)
	if id == "" || len(refs) == 0 {
		t.Errorf("pages.yml: the action's output public is not what is uploaded")
	}
	for _, m := range refs {
		if action.get("outputs", m[1]) == nil {
			t.Errorf("pages.yml reads output %q; action.yml has no such output", m[1])
		}
	}
	// owner/repo@ref, as GitHub spells it.
	if !regexp.MustCompile(`^[\w.-]+/[\w.-]+@[\w./-]+$`).MatchString(actionRef) {
		t.Errorf("actionRef %q is not owner/repo@ref", actionRef)
	}
}

// TestRepositoryWorkflows: this repository publishes its example with its
// own action, and its CI runs the README's test command.
func TestRepositoryWorkflows(t *testing.T) {
	pages := readYAML(t, "../../.github/workflows/pages.yml")
	var local bool
	for _, name := range pages.get("jobs").mapKeys() {
		for _, step := range pages.get("jobs", name, "steps").list() {
			local = local || step.str("uses") == "./"
		}
	}
	if !local {
		t.Error(".github/workflows/pages.yml does not build with the action of the same checkout (uses: ./)")
	}
	ci := readYAML(t, "../../.github/workflows/ci.yml")
	if on := ci.get("on"); on.get("push") == nil || on.get("pull_request") == nil {
		t.Errorf("ci.yml does not run on push and pull_request")
	}
	var runs []string
	for _, name := range ci.get("jobs").mapKeys() {
		for _, step := range ci.get("jobs", name, "steps").list() {
			runs = append(runs, strings.TrimSpace(step.str("run")))
		}
	}
	if !slices.Contains(runs, ".ci/run") {
		t.Errorf("ci.yml does not run .ci/run: %q", runs)
	}
}
