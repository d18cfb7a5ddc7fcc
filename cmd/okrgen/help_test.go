package main

import (
	"bytes"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// placeholders are the kinds of flag values, one placeholder each, with a
// well-formed value of the kind.
var placeholders = map[string]string{
	"DIR":                "somewhere",
	"FILE":               "out.pdf",
	"DATE":               "2026-07-14",
	"URL":                "https://example.com/okrs/",
	"ID":                 "2026-Q3",
	"REF":                "O1.KR1",
	"NAME":               "Ada",
	"ADDRESS":            "127.0.0.1",
	"PORT":               "1414",
	"Nd|DATE":            "14d",
	"markdown|text|html": "text",
}

// usageFlag is a flag in a usage line: [-s DIR], [--quiet], [--kr REF ...].
var usageFlag = regexp.MustCompile(`\[(--?[a-z][a-z-]*)(?: ([^ \]]+))?( \.\.\.)?\]`)

// help runs okrgen help NAME and returns its usage line (without
// "usage: ") and the flags its Flags section lists, as "-s DIR".
func help(t *testing.T, name string) (usageLine string, listed []string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(append([]string{"help"}, strings.Fields(name)...), &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
		t.Fatalf("okrgen help %s: exit status %d, stderr %q", name, code, stderr.String())
	}
	lines := strings.Split(stdout.String(), "\n")
	usageLine, ok := strings.CutPrefix(lines[0], "usage: ")
	if !ok {
		t.Fatalf("okrgen help %s: first line %q, want usage: ...", name, lines[0])
	}
	in := false
	for _, l := range lines[1:] {
		switch {
		case strings.HasPrefix(l, "Flags"):
			in = true
		case in && strings.HasPrefix(l, "  -"):
			listed = append(listed, strings.TrimPrefix(l, "  "))
		}
	}
	if in != (len(listed) > 0) {
		t.Errorf("okrgen help %s: a Flags heading with %d flags:\n%s", name, len(listed), stdout.String())
	}
	return usageLine, listed
}

// TestHelpMatchesFlags: every command's usage line names exactly the flags
// its help lists, in the same order and form, each with a placeholder of
// the known kinds, and the command accepts each of them.
func TestHelpMatchesFlags(t *testing.T) {
	for _, c := range commands() {
		if c.name == "help" {
			continue
		}
		t.Run(c.usage, func(t *testing.T) {
			usageLine, listed := help(t, c.usage)
			if !strings.HasPrefix(usageLine, "okrgen "+c.usage) {
				t.Errorf("usage line %q, want it to start with okrgen %s", usageLine, c.usage)
			}
			var inUsage []string
			for _, m := range usageFlag.FindAllStringSubmatch(usageLine, -1) {
				inUsage = append(inUsage, strings.TrimSpace(m[1]+" "+m[2]))
			}
			rest := usageFlag.ReplaceAllString(strings.TrimPrefix(usageLine, "okrgen "+c.usage), "")
			if r := strings.TrimSpace(rest); r != "" && r != "DIR" && r != "[ID]" {
				t.Errorf("usage line %q: %q is not a flag in [ ]", usageLine, rest)
			}
			if !slices.Equal(inUsage, listed) {
				t.Errorf("usage line %q names %q; the help lists %q", usageLine, inUsage, listed)
			}
			for _, f := range listed {
				name, placeholder, hasValue := strings.Cut(f, " ")
				args := strings.Fields(c.usage)[1:] // "checkin"
				args = append(args, name)
				if hasValue {
					value, ok := placeholders[placeholder]
					if !ok {
						t.Errorf("flag %s: placeholder %q is none of the kinds of values", f, placeholder)
						continue
					}
					args = append(args, value)
				}
				// The flag parses, then --help stops the command.
				var stdout, stderr bytes.Buffer
				code := run(append(append([]string{c.name}, args...), "--help"), &stdout, &stderr)
				if code != exitOK || !strings.HasPrefix(stdout.String(), "usage: ") {
					t.Errorf("okrgen %s %s --help: exit status %d, stderr %q", c.name, strings.Join(args, " "), code, stderr.String())
				}
			}
		})
	}
}

// TestUsageLineFromFlagSet: the usage line and the help hold every flag of
// the set, those declared another way too, in the order declared.
func TestUsageLineFromFlagSet(t *testing.T) {
	var stdout bytes.Buffer
	fs := newFlags("demo", "DIR", &stdout, &stdout)
	fs.String("s", ".", "read the site in `DIR`")
	fs.Bool("quiet", false, "say less")
	var refs refsFlag
	fs.Var(&refs, "kr", "the key result `REF`")
	fs.FlagSet.Int("count", 3, "how many, a `NUMBER`") // not through cmdFlags
	want := "okrgen demo DIR [-s DIR] [--quiet] [--kr REF ...] [--count NUMBER]"
	if got := fs.usageLine(); got != want {
		t.Errorf("usage line\n%s\nwant\n%s", got, want)
	}
	fs.printHelp(&stdout)
	for _, f := range []string{"-s DIR", "--quiet", "--kr REF", "--count NUMBER"} {
		if !strings.Contains(stdout.String(), "\n  "+f+"\n") {
			t.Errorf("help lacks %s:\n%s", f, stdout.String())
		}
	}
	if !strings.Contains(stdout.String(), "how many, a NUMBER (default 3)") {
		t.Errorf("help lacks the default:\n%s", stdout.String())
	}
}

// TestREADMECommands: the README's list of commands is the commands' usage
// lines.
func TestREADMECommands(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Commands\n")
	_, block, ok2 := strings.Cut(section, "```\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README.md: no code block in a section Commands")
	}
	var readme []string
	for _, l := range strings.Split(strings.TrimSpace(block), "\n") {
		readme = append(readme, strings.Join(strings.Fields(l), " "))
	}
	var want []string
	for _, c := range commands() {
		if c.name == "help" {
			want = append(want, "okrgen help [command]")
			continue
		}
		usageLine, _ := help(t, c.usage)
		want = append(want, usageLine)
	}
	for _, w := range want {
		if !slices.Contains(readme, w) {
			t.Errorf("README.md's Commands lack\n\t%s", w)
		}
	}
	for _, r := range readme {
		if !slices.Contains(want, r) {
			t.Errorf("README.md's Commands list a usage no command has:\n\t%s", r)
		}
	}
}

// TestFlagErrors: a usage error names the command and writes the flag as
// the usage line does.
func TestFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string // the first line of stderr
	}{
		{[]string{"build", "-x"}, "okrgen build: unknown flag -x"},
		{[]string{"pdf", "--nope"}, "okrgen pdf: unknown flag --nope"},
		{[]string{"serve", "--port"}, "okrgen serve: flag --port needs a value: --port PORT"},
		{[]string{"build", "---x"}, `okrgen build: bad flag syntax "---x"; expected -NAME, --NAME or --NAME=VALUE`},
		{[]string{"new", "checkin", "--as-of", "2026-07-14"}, "okrgen new checkin: unknown flag --as-of"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(tt.args, &stdout, &stderr)
		first, _, _ := strings.Cut(stderr.String(), "\n")
		if code != exitUsage || first != tt.want || stdout.Len() > 0 {
			t.Errorf("okrgen %s: exit status %d, stderr\n%s\nwant 2 and first line\n%s", strings.Join(tt.args, " "), code, stderr.String(), tt.want)
		}
	}
}
