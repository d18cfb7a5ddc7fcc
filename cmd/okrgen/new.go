package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
)

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new checkin", "", stdout, stderr)
	src := fs.String("s", ".", "write into the site in `DIR`")
	var date dateFlag
	fs.Var(&date, "date", "the check-in's `DATE`, YYYY-MM-DD")
	author := fs.String("author", "", "the author's `NAME` (default git's user.name)")
	var refs refsFlag
	fs.Var(&refs, "kr", "update the key result `REF`, as O1.KR1 or 2026-Q3/O1.KR1; repeat the flag for more (default every key result of the quarter)")
	var team teamFlag
	fs.Var(&team, "team", "write into one team of an organisation, by its `ID` as payments or product/web, with the team's key results (default the site of -s itself)")
	switch {
	case len(args) > 0 && args[0] == "quarter":
		return runNewQuarter(args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "checkin":
	case len(args) > 0 && isHelp(args[0]):
		fs.printHelp(stdout)
		return exitOK
	default:
		msg := "which kind? expected checkin or quarter"
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			msg = fmt.Sprintf("unknown kind %q; expected checkin or quarter", args[0])
		}
		fmt.Fprintf(stderr, "okrgen new: %s\nusage: %s\n       %s\nRun \"okrgen help new checkin\" or \"okrgen help new quarter\" for details.\n", msg, fs.usageLine(), newQuarterUsage())
		return exitUsage
	}
	if code, ok := fs.parse(args[1:]); !ok {
		return code
	}
	if !oneLine(*author) {
		fmt.Fprintf(stderr, "okrgen new checkin: --author %q holds a control character or bytes that are not UTF-8; expected a name on one line\n", *author)
		return exitUsage
	}
	day := date.date()
	tree, tn, err := loadTree(*src, day)
	if err != nil {
		return report(stderr, "new checkin", err)
	}
	t, err := team.team(tree, display(*src, okr.ConfigFile))
	if err != nil {
		return fs.usageError("%v", err)
	}
	// The check-in goes into the team's own folder: *src from here on.
	*src = t.Dir
	site, n := t.Site, tn.Find(t).Numbers
	krs, err := pickKRs(n, day, refs)
	if err != nil {
		fmt.Fprintf(stderr, "okrgen new checkin: %v\n", err)
		return exitError
	}
	noAuthor := false
	if *author == "" {
		*author = gitUser()
		noAuthor = *author == ""
	}
	dir := filepath.Join(*src, filepath.FromSlash(okr.CheckInsDir))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return report(stderr, "new checkin", err)
	}
	// A new name, never an existing file's: 2026-07-14-check-in.md, then
	// check-in2.md, check-in3.md: each sorts after the one before, so that
	// of updates on the same day the newest check-in's win.
	// A name whose stem differs only in case or extension from an existing
	// file's is taken too: the two would share a URL.
	taken, err := takenStems(dir)
	if err != nil {
		return report(stderr, "new checkin", err)
	}
	var path string
	for i := 1; ; i++ {
		name := day.String() + "-check-in.md"
		if i > 1 {
			name = fmt.Sprintf("%s-check-in%d.md", day, i)
		}
		if taken[strings.ToLower(strings.TrimSuffix(name, ".md"))] {
			continue
		}
		path = filepath.Join(dir, name)
		err := writeNew(path, []byte(skeleton(day, *author, krs)))
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return report(stderr, "new checkin", err)
		}
		break
	}
	fmt.Fprintf(stdout, "okrgen: wrote %s with %d key result%s; fill in the values, confidence and notes\n", path, len(krs), plural(len(krs)))
	if noAuthor {
		fmt.Fprintf(stderr, "note: no author: git has no user.name; pass --author NAME, or fill in author in %s\n", filepath.ToSlash(path))
	}
	if note := sameDayNote(*src, okr.CheckInsDir+"/"+filepath.Base(path), day, site.CheckIns); note != "" {
		fmt.Fprintf(stderr, "note: %s\n", note)
	}
	if len(krs) == 0 && t.IsOrg() {
		ids := t.IDs()
		for i := range ids {
			ids[i] = strings.TrimPrefix(team.id+"/"+ids[i], "/")
		}
		fmt.Fprintf(stderr, "note: %s has no key results of its own in %s; for a team's check-in: --team %s\n", t.Name, n.Current.Quarter.ID, orList(ids))
	}
	return exitOK
}

// sameDayNote says which check-ins of day exist besides the new one at
// rel (relative to the site src), and whose updates count where two
// update a key result: the file last in path order. "" when none does.
func sameDayNote(src, rel string, day okr.Date, checkIns []*okr.CheckIn) string {
	var others []string
	last := rel
	for _, c := range checkIns {
		if c.Date != day || c.Source == rel {
			continue
		}
		others = append(others, display(src, c.Source))
		last = max(last, c.Source)
	}
	if len(others) == 0 {
		return ""
	}
	sort.Strings(others)
	var b strings.Builder
	if len(others) == 1 {
		fmt.Fprintf(&b, "a check-in dated %s exists already: %s; wrote a second one, %s", day, others[0], display(src, rel))
	} else {
		fmt.Fprintf(&b, "%d check-ins dated %s exist already: %s; wrote one more, %s", len(others), day, strings.Join(others, ", "), display(src, rel))
	}
	both := "both update a key result"
	if len(others) > 1 {
		both = "they update the same key result"
	}
	if last == rel {
		fmt.Fprintf(&b, ", whose updates count where %s", both)
	} else {
		fmt.Fprintf(&b, "; where %s, %s comes later in path order: its update counts", both, display(src, last))
	}
	return b.String()
}

// takenStems returns the lower-cased stems of the Markdown files in dir.
func takenStems(dir string) (map[string]bool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	for _, e := range entries {
		if name := e.Name(); okr.IsMarkdown(name) {
			taken[strings.ToLower(strings.TrimSuffix(name, filepath.Ext(name)))] = true
		}
	}
	return taken, nil
}

// pickKRs returns the key results a new check-in updates: those named, or
// every one of the quarter containing day (else the current quarter).
func pickKRs(n *okr.Numbers, day okr.Date, refs []string) ([]*okr.KRNumbers, error) {
	var all []*okr.KRNumbers
	qn := n.Current
	for _, q := range n.Quarters {
		for _, on := range q.Objectives {
			all = append(all, on.KeyResults...)
		}
	}
	if qn == nil {
		return nil, fmt.Errorf("okr.toml defines no quarter")
	}
	if len(refs) == 0 {
		var out []*okr.KRNumbers
		for _, on := range qn.Objectives {
			out = append(out, on.KeyResults...)
		}
		return out, nil
	}
	var out []*okr.KRNumbers
	for _, ref := range refs {
		var found *okr.KRNumbers
		for _, kn := range all {
			if kn.KR.FullRef() == ref || (kn.KR.Ref() == ref && kn.KR.Objective.Quarter == qn.Quarter) {
				found = kn
			}
		}
		if found == nil {
			var known []string
			for _, on := range qn.Objectives {
				for _, kn := range on.KeyResults {
					known = append(known, kn.KR.Ref())
				}
			}
			return nil, fmt.Errorf("unknown KR %q in %s%s; known: %s", ref, qn.Quarter.ID, okr.SuggestKRs(ref, known), strings.Join(known, ", "))
		}
		out = append(out, found)
	}
	return out, nil
}

// skeleton is a new check-in: an update per key result showing its current
// value, unit and target, and the sections of a weekly update, each with
// its prompt.
func skeleton(day okr.Date, author string, krs []*okr.KRNumbers) string {
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ndate = %s\nauthor = %s\ntitle = \"Check-in %s\"\n", day, tomlString(author), day)
	for _, kn := range krs {
		kr := kn.KR
		ref := kr.Ref()
		if day.Before(kr.Objective.Quarter.Start) || day.After(kr.Objective.Quarter.End) {
			ref = kr.FullRef()
		}
		fmt.Fprintf(&b, "\n# %s\n# %s\n[[updates]]\nkr = %s\n", comment(kr.Ref()+" "+kr.Title),
			comment("now "+charts.Current(kn)+"; target "+charts.TargetInForce(kn)), tomlString(ref))
		switch {
		case kr.Kind == okr.Milestone:
			fmt.Fprintf(&b, "done = %v\n", kn.Done != nil && *kn.Done)
		case kn.Current != nil:
			fmt.Fprintf(&b, "value = %s\n", charts.Number(*kn.Current))
		default:
			b.WriteString("# value = \n")
		}
		if kn.Confidence != nil {
			fmt.Fprintf(&b, "confidence = %d\n", *kn.Confidence)
		} else {
			b.WriteString("# confidence = 7\n")
		}
		b.WriteString("note = \"\"\n")
	}
	b.WriteString("+++\n")
	// Each section's prompt is a Markdown comment: no page shows it, and
	// the digest skips it (okr.WithoutPrompts).
	for _, sec := range []struct{ heading, prompt string }{
		{"Progress", okr.ProgressPrompt},
		{"Challenges", okr.ChallengesPrompt},
		{"Next steps", okr.NextStepsPrompt},
	} {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\n", sec.heading, okr.PromptLine(sec.prompt))
	}
	return b.String()
}

// comment makes s the text of a TOML comment: on one line, without the
// control characters TOML forbids there.
func comment(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// gitUser returns git's user.name, or the login name; "" when there is
// neither.
func gitUser() string {
	cmd := exec.Command("git", "config", "user.name")
	cmd.WaitDelay = time.Second
	if out, err := cmd.Output(); err == nil && strings.TrimSpace(string(out)) != "" {
		return strings.TrimSpace(string(out))
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return ""
}
