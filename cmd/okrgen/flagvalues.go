package main

import (
	"fmt"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/org"
)

// The values of flags. Each Set says what is wrong with a malformed value,
// naming it: a malformed value is a usage error, exit status 2.

// dateFlag is a DATE flag (--as-of, --date): a YYYY-MM-DD day, today by
// default.
type dateFlag struct{ d okr.Date }

func (f *dateFlag) String() string {
	if f.d.IsZero() {
		return "today"
	}
	return f.d.String()
}

func (f *dateFlag) Set(s string) error {
	d, err := parseDay(s)
	if err != nil {
		return err
	}
	f.d = d
	return nil
}

// settle fixes the day to today when none was given, so that later reads
// of date agree.
func (f *dateFlag) settle() { f.d = f.date() }

// date returns the day given, or today.
func (f *dateFlag) date() okr.Date {
	if f.d.IsZero() {
		return okr.DateOf(time.Now())
	}
	return f.d
}

// urlFlag is a URL flag (--base-url): an absolute http(s) URL or a path
// starting with /, as okr.toml's base_url; empty leaves it unset.
type urlFlag string

func (f *urlFlag) String() string { return string(*f) }

func (f *urlFlag) Set(s string) error {
	if s != "" {
		if err := okr.CheckBaseURL(s); err != nil {
			return err
		}
	}
	*f = urlFlag(s)
	return nil
}

// quarterFlag is an ID flag: a quarter, YYYY-QN.
type quarterFlag struct{ id string }

func (f *quarterFlag) String() string { return f.id }

func (f *quarterFlag) Set(s string) error {
	if !quarterID.MatchString(s) {
		return fmt.Errorf("%q is not a quarter; expected YYYY-QN such as 2026-Q3, N from 1 to 4", s)
	}
	f.id = s
	return nil
}

// refsFlag is a repeatable REF flag (--kr): key results, as O1.KR1 or
// 2026-Q3/O1.KR1, each flag one or several separated by commas.
type refsFlag []string

func (r *refsFlag) String() string { return strings.Join(*r, ",") }

func (r *refsFlag) Set(s string) error {
	for _, ref := range strings.Split(s, ",") {
		if ref = strings.TrimSpace(ref); ref == "" {
			continue
		}
		if !krRef.MatchString(ref) {
			return fmt.Errorf("%q is not a key result; expected OBJECTIVE.KR such as O1.KR1, or QUARTER/OBJECTIVE.KR such as 2026-Q3/O1.KR1", ref)
		}
		if q, kr, ok := strings.Cut(ref, "/"); ok {
			ref = strings.ToUpper(q) + "/" + kr // 2026-q3 names 2026-Q3, as in a check-in
		}
		*r = append(*r, ref)
	}
	return nil
}

func (r *refsFlag) repeatable() bool { return true }

// portFlag is a PORT flag: a TCP port, 0 for any free one.
type portFlag int

func (p *portFlag) String() string { return fmt.Sprint(int(*p)) }

func (p *portFlag) Set(s string) error {
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil || fmt.Sprint(n) != s || n < 0 || n > 65535 {
		return fmt.Errorf("%q is not a port; expected a number from 0 (any free port) to 65535", s)
	}
	*p = portFlag(n)
	return nil
}

// bindFlag is an ADDRESS flag (--bind): an IP address, a host name, or
// nothing for every interface; without a port, which --port gives.
type bindFlag string

func (b *bindFlag) String() string { return string(*b) }

func (b *bindFlag) Set(s string) error {
	if host, port, err := net.SplitHostPort(s); err == nil && port != "" && strings.Trim(port, "0123456789") == "" {
		return fmt.Errorf("%q holds a port; expected the address alone: --bind %s --port %s", s, host, port)
	}
	if h := unbracket(s); h != "" && net.ParseIP(h) == nil && !hostName.MatchString(h) {
		return fmt.Errorf("%q is not an address; expected an IP address such as 127.0.0.1 or ::1, or a host name such as localhost", s)
	}
	*b = bindFlag(s)
	return nil
}

// choiceFlag is a flag whose value is one of a few words.
type choiceFlag struct {
	what    string // what the words are: "format"
	value   string
	choices []string
}

func (c *choiceFlag) String() string { return c.value }

func (c *choiceFlag) Set(s string) error {
	if !slices.Contains(c.choices, s) {
		return fmt.Errorf("unknown %s %q; expected %s", c.what, s, orList(c.choices))
	}
	c.value = s
	return nil
}

// orList returns "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

var (
	// quarterID is a quarter as okr.toml names it; the case is free.
	quarterID = regexp.MustCompile(`^[0-9]{4}-[Qq][1-4]$`)
	// krRef is a reference to a key result: O1.KR1 or 2026-Q3/O1.KR1.
	krRef = regexp.MustCompile(`^([0-9]{4}-[Qq][1-4]/)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`)
	// hostName is a DNS name: labels of letters, digits and inner hyphens.
	hostName = regexp.MustCompile(`^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$`)
	// dayForm is the form of a date, whether or not the day exists.
	dayForm = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})$`)
)

// parseDay parses a DATE, YYYY-MM-DD. A date of the right form that names
// no day (2026-02-30) is told apart from one of the wrong form.
func parseDay(s string) (okr.Date, error) {
	if d, err := okr.ParseDate(s); err == nil {
		return d, nil
	}
	m := dayForm.FindStringSubmatch(s)
	if m == nil {
		return okr.Date{}, fmt.Errorf("%q is not a date; expected YYYY-MM-DD such as 2026-07-14", s)
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	if month < 1 || month > 12 {
		return okr.Date{}, fmt.Errorf("%s is not a day: a year has 12 months", s)
	}
	// Day 0 of the next month is the last of this one.
	last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC)
	return okr.Date{}, fmt.Errorf("%s is not a day: %s %d has %d days", s, last.Month(), year, last.Day())
}

// sinceFlag is --since: a number of days back (7d) or a DATE.
type sinceFlag struct {
	days int      // 7 for 7d; 0 when a date is given
	date okr.Date // when days is 0
}

func (f *sinceFlag) String() string {
	if f.days == 0 && !f.date.IsZero() {
		return f.date.String()
	}
	return fmt.Sprintf("%dd", f.days)
}

func (f *sinceFlag) Set(s string) error {
	if digits, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(digits)
		if err != nil || n < 1 || n > 100000 {
			return fmt.Errorf("%q is not a number of days; expected a whole number from 1 followed by d, such as 7d", s)
		}
		f.days, f.date = n, okr.Date{}
		return nil
	}
	if !dayForm.MatchString(s) {
		return fmt.Errorf("%q is neither a number of days such as 7d nor a date YYYY-MM-DD", s)
	}
	d, err := parseDay(s)
	if err != nil {
		return err
	}
	f.days, f.date = 0, d
	return nil
}

// start returns the first day of the period that ends on end, or why there
// is none.
func (f *sinceFlag) start(end okr.Date) (okr.Date, error) {
	if f.days > 0 {
		return end.AddDays(-f.days), nil
	}
	if !f.date.Before(end) {
		return okr.Date{}, fmt.Errorf("--since %s is not before %s", f.date, end)
	}
	return f.date, nil
}

// teamFlag is a team ID flag (--team): a team of an organisation by its
// id, as org.Tree.Find takes it: "payments", or "product/web" for a team
// of a team. The case is free; which ids there are, the tree says (team).
type teamFlag struct{ id string }

func (f *teamFlag) String() string { return f.id }

func (f *teamFlag) Set(s string) error {
	id := strings.ToLower(strings.Trim(strings.TrimSpace(s), "/"))
	if id == "" {
		return fmt.Errorf("%q is not a team; expected a team's id such as payments, or product/web for a team of a team", s)
	}
	f.id = id
	return nil
}

// team returns the team of t the flag names, or t itself when it names
// none; the error, a usage error, lists the ids there are. cfg is t's
// okr.toml as the user named it.
func (f *teamFlag) team(t *org.Tree, cfg string) (*org.Tree, error) {
	if f.id == "" {
		return t, nil
	}
	if !t.IsOrg() {
		return nil, fmt.Errorf("--team %s: %s lists no teams; --team names one of an organisation's [[teams]]", f.id, cfg)
	}
	if c := t.Find(f.id); c != nil {
		return c, nil
	}
	return nil, fmt.Errorf("--team %s: no such team in %s; its teams: %s", f.id, cfg, strings.Join(t.IDs(), ", "))
}
