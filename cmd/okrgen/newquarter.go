package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
)

// quarterParts splits a quarter's id as okr.toml writes it: 2027-Q1.
var quarterParts = regexp.MustCompile(`^([0-9]{4})-Q([1-4])$`)

// runNewQuarter is okrgen new quarter [ID] (SPEC section 11): it appends
// to okr.toml a commented skeleton of a new quarter and, with --carry, a
// copy of every objective of the quarter before it that was not achieved.
// Every byte okr.toml has is kept; the new text goes after it, and the
// file is replaced at once (a temporary file renamed over it), keeping
// its mode. A site with errors, an ID okr.toml has already, and a result
// that would not pass okrgen check leave okr.toml as it is.
func runNewQuarter(args []string, stdout, stderr io.Writer) int {
	fs, src, carry := newQuarterFlags(stdout, stderr)
	// The ID may come before the flags or after them.
	var id string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		id, args = args[0], args[1:]
	}
	if code, ok := fs.parse(args); !ok {
		return code
	}
	switch {
	case id == "" && fs.NArg() > 0:
		id = fs.Arg(0)
	case fs.NArg() > 0:
		return fs.usageError("unexpected argument %q", fs.Arg(0))
	}
	if id != "" && !quarterID.MatchString(id) {
		return fs.usageError("invalid quarter %q; expected YYYY-QN such as 2027-Q1 (default the quarter after the latest of okr.toml)", id)
	}
	id = strings.ToUpper(id) // okr.toml writes 2027-Q1
	today := okr.DateOf(time.Now())
	tree, tn, err := loadTree(*src, today)
	if err == nil {
		err = checkBuild(tn)
	}
	if err != nil {
		code := report(stderr, "new quarter", err)
		fmt.Fprintf(stderr, "okrgen new quarter: %s left as it is; fix the errors first (okrgen check)\n", display(*src, okr.ConfigFile))
		return code
	}
	site := tree.Site
	file := display(*src, okr.ConfigFile)
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "okrgen new quarter: %s; %s left as it is\n", fmt.Sprintf(format, a...), file)
		return exitError
	}
	q, err := newQuarterOf(site, id, today)
	if err != nil {
		return fail("%v", err)
	}
	var prev *okr.Quarter // the latest quarter that starts before q
	for _, x := range site.Quarters {
		if x.Start.Before(q.Start) {
			prev = x
		}
	}
	var carried []*okr.ObjectiveNumbers
	var gradedOn okr.Date
	if *carry {
		if prev == nil {
			return fail("--carry: okr.toml has no quarter before %s to carry objectives from", q.ID)
		}
		// The grades the quarter ended with: as of today once it ended,
		// else as of the day after its end, with the updates so far.
		gradedOn = prev.End.AddDays(1)
		if today.After(gradedOn) {
			gradedOn = today
		} else {
			fmt.Fprintf(stderr, "okrgen new quarter: warning: %s runs until %s; its objectives are graded on their updates so far\n", prev.ID, prev.End)
		}
		n := org.Compute(tree, gradedOn).Numbers
		for _, qn := range n.Quarters {
			if qn.Quarter != prev {
				continue
			}
			for _, on := range qn.Objectives {
				if on.Grade != okr.GradeAchieved {
					carried = append(carried, on)
				}
			}
		}
	}

	path := filepath.Join(*src, okr.ConfigFile)
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real // replace the file a link leads to, not the link
	}
	old, err := os.ReadFile(path)
	if err != nil {
		return report(stderr, "new quarter", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return report(stderr, "new quarter", err)
	}
	// TOML cannot add [quarters."ID"] to quarters = {...}, though the
	// parser lets it through.
	if okr.QuartersInline(old) {
		return fail("it defines quarters = {...}, an inline table, which cannot be added to; expected a [quarters.\"ID\"] table per quarter (write them so, then run new quarter again)")
	}
	windows := crlf(old)
	text := quarterText(q, prev, carried, gradedOn, *carry, !windows)
	nl := "\n"
	if windows {
		nl = "\r\n"
		text = strings.ReplaceAll(text, "\n", "\r\n")
	}
	var b bytes.Buffer
	b.Write(old)
	switch {
	case len(old) == 0:
	case !bytes.HasSuffix(old, []byte("\n")):
		b.WriteString(nl + nl) // end the last line, then a blank one
	case !bytes.HasSuffix(old, []byte("\n\r\n")) && !bytes.HasSuffix(old, []byte("\n\n")):
		b.WriteString(nl)
	}
	b.WriteString(text)
	// The site with the new text, its check-ins, data files and teams,
	// checked in memory: okr.toml is written only once it passes.
	first := bytes.Count(b.Bytes()[:b.Len()-len(text)], []byte("\n")) + 1
	if _, err := okr.ParseConfig(file, b.Bytes()); err != nil {
		report(stderr, "new quarter", appended(err, file, first))
		return fail("the new quarter would not fit in it as written (an inline array of objectives, objectives = [...], cannot be added to)")
	}
	if err := checkNewConfig(*src, b.Bytes(), today); err != nil {
		report(stderr, "new quarter", appended(err, file, first))
		return fail("with %s the site would not pass okrgen check", q.ID)
	}
	if err := replaceFile(path, b.Bytes(), info.Mode().Perm()); err != nil {
		return report(stderr, "new quarter", err)
	}
	what := "an example objective to fill in"
	if *carry {
		what = fmt.Sprintf("%s carried over from %s", count(len(carried), "objective"), prev.ID)
	}
	fmt.Fprintf(stdout, "okrgen: added %s (%s to %s) to %s, with %s\n", q.ID, q.Start, q.End, file, what)
	return exitOK
}

// checkNewConfig loads the site in src with text as its okr.toml and
// returns what okrgen check would refuse of it.
func checkNewConfig(src string, text []byte, today okr.Date) error {
	tree, err := (&org.Loader{Config: text}).Load(src)
	if err != nil {
		return err
	}
	return checkBuild(org.Compute(tree, today))
}

// appended marks the errors of err in okr.toml (named file) from line
// first on, the first line of the text new quarter would append, as being
// in that text: okr.toml itself has no such line.
func appended(err error, file string, first int) error {
	var list okr.ErrorList
	if !errors.As(err, &list) {
		return err
	}
	out := make(okr.ErrorList, len(list))
	for i, e := range list {
		c := *e
		if c.File == file && c.Line >= first {
			c.Msg = fmt.Sprintf("in the text new quarter would append (its line %d): %s", c.Line-first+1, c.Msg)
		}
		out[i] = &c
	}
	return out
}

// newQuarterOf returns the quarter new quarter adds: id, or the one after
// the latest quarter of site (the quarter containing today when it has
// none), with its dates: those its id gives, shortened so that it does
// not overlap the quarters around it.
func newQuarterOf(site *okr.Site, id string, today okr.Date) (*okr.Quarter, error) {
	fiscal := site.Config.FiscalYearStartMonth
	var year, n int
	switch qs := site.Quarters; {
	case id != "":
		for _, q := range qs {
			if q.ID == id {
				return nil, fmt.Errorf("okr.toml has quarter %s already (%s to %s); expected a new one, such as %s", id, q.Start, q.End, nextID(qs[len(qs)-1].ID))
			}
		}
		m := quarterParts.FindStringSubmatch(id)
		year, _ = strconv.Atoi(m[1])
		n, _ = strconv.Atoi(m[2])
	case len(qs) == 0:
		t := today.Time()
		months := (int(t.Month()) - fiscal + 12) % 12
		year, n = t.Year(), months/3+1
		if int(t.Month()) < fiscal {
			year--
		}
		id = fmt.Sprintf("%04d-Q%d", year, n)
	default:
		latest := qs[len(qs)-1]
		id = nextID(latest.ID)
		if id == "" {
			return nil, fmt.Errorf("no quarter comes after %s; expected an ID of a year of four digits", latest.ID)
		}
		for _, q := range qs {
			if q.ID == id {
				return nil, fmt.Errorf("okr.toml has quarter %s already, after the latest quarter %s; name the new quarter: okrgen new quarter ID", id, latest.ID)
			}
		}
		m := quarterParts.FindStringSubmatch(id)
		year, _ = strconv.Atoi(m[1])
		n, _ = strconv.Atoi(m[2])
	}
	start, end := okr.QuarterDates(year, n, fiscal)
	q := &okr.Quarter{ID: id, Start: start, End: end}
	for _, x := range site.Quarters {
		switch {
		case !x.Start.After(q.Start) && !x.End.Before(q.Start):
			q.Start = x.End.AddDays(1) // it runs into the new quarter: start after it
		}
	}
	for _, x := range site.Quarters {
		if x.Start.After(q.Start) && !x.Start.After(q.End) {
			q.End = x.Start.AddDays(-1)
		}
	}
	if q.End.Before(q.Start) {
		return nil, fmt.Errorf("quarter %s (%s to %s by its id) has no day that okr.toml's quarters leave free; expected a quarter whose dates are free", id, start, end)
	}
	return q, nil
}

// nextID returns the id of the quarter after id: 2026-Q4 → 2027-Q1; ""
// after 9999-Q4.
func nextID(id string) string {
	m := quarterParts.FindStringSubmatch(id)
	if m == nil {
		return ""
	}
	year, _ := strconv.Atoi(m[1])
	n, _ := strconv.Atoi(m[2])
	if n++; n > 4 {
		year, n = year+1, 1
	}
	if year > 9999 {
		return ""
	}
	return fmt.Sprintf("%04d-Q%d", year, n)
}

// quarterText is what new quarter appends to okr.toml (with \n line
// ends): a comment header, the quarter's [quarters."ID"] table with its
// dates, then the objectives carried over from prev (graded as of
// gradedOn), or an example objective, commented out. Descriptions that
// span lines are multi-line strings when multiline is true.
func quarterText(q, prev *okr.Quarter, carried []*okr.ObjectiveNumbers, gradedOn okr.Date, carry, multiline bool) string {
	var b strings.Builder
	rule := "# " + strings.Repeat("-", 70) + "\n"
	b.WriteString(rule)
	fmt.Fprintf(&b, "# %s, added by okrgen new quarter. Its objectives follow, each with\n# quarter = %s; see docs/reference.md for every key.\n", q.ID, tomlString(q.ID))
	if carry {
		fmt.Fprintf(&b, "# Carried over from %s: its objectives not achieved (graded as of %s),\n# each metric key result starting where it ended. Keep, edit or delete them.\n", prev.ID, gradedOn)
	}
	b.WriteString(rule)
	fmt.Fprintf(&b, "[quarters.%s]\nstart = %s\nend = %s\n", tomlString(q.ID), q.Start, q.End)
	if carry && len(carried) == 0 {
		fmt.Fprintf(&b, "\n# Every objective of %s was achieved: nothing to carry over.\n", prev.ID)
	}
	for _, on := range carried {
		b.WriteString("\n")
		writeCarried(&b, q, on, multiline)
	}
	if len(carried) == 0 {
		b.WriteString("\n# An objective of " + q.ID + ": remove the # signs and fill it in.\n")
		for _, l := range strings.Split(strings.TrimSuffix(exampleObjective(q.ID), "\n"), "\n") {
			b.WriteString(strings.TrimRight("# "+l, " ") + "\n")
		}
	}
	return b.String()
}

// exampleObjective is the objective new quarter shows, commented out.
func exampleObjective(id string) string {
	return `[[objectives]]
id = "O1"
quarter = ` + tomlString(id) + `
title = "Make checkout fast"
owner = "Team lead"
kind = "aspirational"                 # or "committed": achieved only at 1.0

  [[objectives.key_results]]
  id = "KR1"
  title = "Cut checkout's response time from 800 ms to 300 ms"
  kind = "metric"                     # or "threshold", or "milestone"
  unit = "ms"
  start = 800
  target = 300
  owner = "Team lead"
`
}

// writeCarried writes the objective of on as carried into quarter q: its
// keys, with carried_from, and its key results, each metric key result
// starting at the value it ended with. Due dates (outside q),
// revisions (of the quarter before) and aligns_to (which names an
// objective of the organisation's quarter before) are left out; a moved
// target is carried as it stood at the end.
func writeCarried(b *strings.Builder, q *okr.Quarter, on *okr.ObjectiveNumbers, multiline bool) {
	o := on.Objective
	grade := on.Grade
	if grade == "" {
		grade = "no grade"
	}
	fmt.Fprintf(b, "# %s\n", comment(fmt.Sprintf("%s of %s, ended at %d%% (%s)", o.ID, o.Quarter.ID, int(math.Round(100*on.Progress)), grade)))
	fmt.Fprintf(b, "[[objectives]]\nid = %s\nquarter = %s\ncarried_from = %s\ntitle = %s\n",
		tomlString(o.ID), tomlString(q.ID), tomlString(o.Quarter.ID+"/"+o.ID), tomlString(o.Title))
	if o.Owner != "" {
		fmt.Fprintf(b, "owner = %s\n", tomlString(o.Owner))
	}
	if o.Kind != "" {
		fmt.Fprintf(b, "kind = %s\n", tomlString(o.Kind))
	}
	fmt.Fprintf(b, "weight = %s\n", tomlNumber(o.Weight))
	if o.Description != "" && multiline {
		fmt.Fprintf(b, "description = %s\n", tomlText(o.Description))
	} else if o.Description != "" {
		fmt.Fprintf(b, "description = %s\n", tomlString(o.Description))
	}
	for _, kn := range on.KeyResults {
		kr := kn.KR
		fmt.Fprintf(b, "\n  [[objectives.key_results]]\n  id = %s\n  title = %s\n", tomlString(kr.ID), tomlString(kr.Title))
		if kr.Kind != "" {
			fmt.Fprintf(b, "  kind = %s\n", tomlString(kr.Kind))
		}
		if kr.Unit != "" {
			fmt.Fprintf(b, "  unit = %s\n", tomlString(kr.Unit))
		}
		if kr.Owner != "" {
			fmt.Fprintf(b, "  owner = %s\n", tomlString(kr.Owner))
		}
		fmt.Fprintf(b, "  weight = %s\n", tomlNumber(kr.Weight))
		if kr.Direction != "" {
			fmt.Fprintf(b, "  direction = %s\n", tomlString(kr.Direction))
		}
		target := kn.Target // in force at the end
		if kr.Start != nil && target != nil {
			start, note := *kr.Start, ""
			switch {
			case kn.LastUpdate.IsZero():
				note = "no value in " + o.Quarter.ID + ": its start"
			case *kn.Current == *target || kn.Progress >= 1:
				note = fmt.Sprintf("reached its target in %s (%s): its start kept", o.Quarter.ID, tomlNumber(*kn.Current))
			default:
				start = *kn.Current
				note = fmt.Sprintf("where it ended in %s; it started at %s", o.Quarter.ID, tomlNumber(*kr.Start))
			}
			fmt.Fprintf(b, "  %s\n", commentedLine("start = "+tomlNumber(start), comment(note)))
		}
		if target != nil {
			line := "target = " + tomlNumber(*target)
			if kr.Target != nil && *kr.Target != *target {
				fmt.Fprintf(b, "  %s\n", commentedLine(line, comment(fmt.Sprintf("moved in %s from %s", o.Quarter.ID, tomlNumber(*kr.Target)))))
			} else {
				fmt.Fprintf(b, "  %s\n", line)
			}
		}
		if kr.Data != "" {
			fmt.Fprintf(b, "  data = %s\n", tomlString(kr.Data))
		}
	}
}

// tomlNumber writes a number as TOML reads it back: 200, 0.44, 1e+21.
func tomlNumber(v float64) string {
	if a := math.Abs(v); a != 0 && (a >= 1e21 || a < 1e-6) {
		return strconv.FormatFloat(v, 'e', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// tomlText quotes s as a TOML string: a multi-line basic string when s
// spans lines, for a Markdown description to read as it was written;
// else tomlString.
func tomlText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.Contains(s, "\n") {
		return tomlString(s)
	}
	var b strings.Builder
	b.WriteString("\"\"\"\n")
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString("\"\"\"")
	return b.String()
}

// crlf reports whether text ends its lines with \r\n: its first line
// does.
func crlf(text []byte) bool {
	i := bytes.IndexByte(text, '\n')
	return i > 0 && text[i-1] == '\r'
}

// replaceFile replaces the file at path with data at once: a temporary
// file in the same folder, with mode perm, renamed over it.
func replaceFile(path string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// newQuarterUsage returns the usage line of new quarter.
func newQuarterUsage() string {
	var discard bytes.Buffer
	fs, _, _ := newQuarterFlags(&discard, &discard)
	return fs.usageLine()
}

// newQuarterFlags returns the flag set of new quarter, with its -s and
// --carry.
func newQuarterFlags(stdout, stderr io.Writer) (fs *cmdFlags, src *string, carry *bool) {
	fs = newFlags("new quarter", "[ID]", stdout, stderr)
	src = fs.String("s", ".", "append to okr.toml of the site in `DIR`")
	carry = fs.Bool("carry", false, "copy the objectives of the quarter before that were not achieved, with carried_from, each metric key result starting where it ended")
	return fs, src, carry
}
