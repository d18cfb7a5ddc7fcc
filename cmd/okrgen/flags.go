package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/okrgen/okrgen/okr"
)

// newFlags returns a flag set for a command; usage line is what follows
// "okrgen NAME" in its help.
func newFlags(name, usageLine string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: okrgen %s %s\n\nFlags (- or -- alike):\n", name, usageLine)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args; when it returns ok false, the command returns code:
// 0 after --help, 2 on a usage error.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) (code int, ok bool) {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK, false
	}
	if err != nil {
		return exitUsage, false
	}
	return 0, true
}

// dateFlag is a --as-of flag: a YYYY-MM-DD day, today by default.
type dateFlag struct{ d okr.Date }

func (f *dateFlag) String() string {
	if f.d.IsZero() {
		return "today"
	}
	return f.d.String()
}

func (f *dateFlag) Set(s string) error {
	d, err := okr.ParseDate(s)
	if err != nil {
		return err
	}
	f.d = d
	return nil
}

// date returns the day given, or today.
func (f *dateFlag) date() okr.Date {
	if f.d.IsZero() {
		return okr.DateOf(time.Now())
	}
	return f.d
}
