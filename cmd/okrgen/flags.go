package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cmdFlags is a command's flag set. Its usage line and its help are made
// from the flags themselves, in the order they are declared, so that they
// never drift from them. Every flag's usage text names its value with a
// placeholder in back quotes, one per kind of value: `DIR`, `FILE`,
// `DATE`, `URL`, `ID` (a quarter, or a team of an organisation), `REF` (a key result), `NAME`,
// `ADDRESS`, `PORT`, or the choices themselves: `markdown|text|html`.
type cmdFlags struct {
	*flag.FlagSet
	name   string // "build", "new checkin"
	args   string // the positional arguments, as the usage line names them: "DIR"
	stdout io.Writer
	stderr io.Writer
	order  []string // flag names, in the order declared
}

// newFlags returns the flag set of command name ("build", "new checkin"),
// which takes the positional arguments args ("" for none, "DIR"). Help
// goes to stdout, usage errors to stderr.
func newFlags(name, args string, stdout, stderr io.Writer) *cmdFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package would print its own errors and usage; parse prints
	// them instead, naming the command.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &cmdFlags{FlagSet: fs, name: name, args: args, stdout: stdout, stderr: stderr}
}

// The definitions record the order of the flags for the usage line.

// String defines a string flag.
func (f *cmdFlags) String(name, value, usage string) *string {
	f.order = append(f.order, name)
	return f.FlagSet.String(name, value, usage)
}

// StringVar defines a string flag stored in p.
func (f *cmdFlags) StringVar(p *string, name, value, usage string) {
	f.order = append(f.order, name)
	f.FlagSet.StringVar(p, name, value, usage)
}

// Bool defines a flag that takes no value.
func (f *cmdFlags) Bool(name string, value bool, usage string) *bool {
	f.order = append(f.order, name)
	return f.FlagSet.Bool(name, value, usage)
}

// Var defines a flag of a value type of its own.
func (f *cmdFlags) Var(value flag.Value, name, usage string) {
	f.order = append(f.order, name)
	f.FlagSet.Var(value, name, usage)
}

// flags returns the flags in the order declared; any defined some other
// way follow, in the order of their names.
func (f *cmdFlags) flags() []*flag.Flag {
	var out []*flag.Flag
	for _, name := range f.order {
		out = append(out, f.Lookup(name))
	}
	f.VisitAll(func(fl *flag.Flag) {
		if !slices.Contains(f.order, fl.Name) {
			out = append(out, fl)
		}
	})
	return out
}

// usageLine returns the command's usage: "okrgen build [-s DIR] [--quiet]".
func (f *cmdFlags) usageLine() string {
	var b strings.Builder
	b.WriteString("okrgen " + f.name)
	if f.args != "" {
		b.WriteString(" " + f.args)
	}
	for _, fl := range f.flags() {
		b.WriteString(" [" + flagForm(fl))
		if r, ok := fl.Value.(repeatable); ok && r.repeatable() {
			b.WriteString(" ...")
		}
		b.WriteString("]")
	}
	return b.String()
}

// repeatable is a flag.Value that may be given more than once.
type repeatable interface {
	repeatable() bool
}

// flagForm returns how a flag is written, with its placeholder: "-s DIR",
// "--as-of DATE", "--quiet". One-letter flags take one dash, others two;
// the flag package accepts either.
func flagForm(fl *flag.Flag) string {
	s := dashed(fl.Name)
	if placeholder, _ := flag.UnquoteUsage(fl); !isBool(fl) {
		s += " " + placeholder
	}
	return s
}

// dashed returns a flag's name with its dashes: "-s", "--as-of".
func dashed(name string) string {
	if utf8.RuneCountInString(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

func isBool(fl *flag.Flag) bool {
	b, ok := fl.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// printHelp writes the command's help: its usage line, what it does, and
// its flags, if it has any.
func (f *cmdFlags) printHelp(w io.Writer) {
	fmt.Fprintf(w, "usage: %s\n", f.usageLine())
	if s := summary(f.name); s != "" {
		r, n := utf8.DecodeRuneInString(s)
		fmt.Fprintf(w, "\n%c%s.\n", unicode.ToUpper(r), s[n:])
	}
	flags := f.flags()
	if len(flags) == 0 {
		return
	}
	fmt.Fprint(w, "\nFlags (- or -- alike):\n")
	for _, fl := range flags {
		_, usage := flag.UnquoteUsage(fl)
		if fl.DefValue != "" && !isBool(fl) {
			usage += " (default " + fl.DefValue + ")"
		}
		fmt.Fprintf(w, "  %s\n      %s\n", flagForm(fl), usage)
	}
}

// summary returns what the command of a usage line does: "build the site
// into public/".
func summary(name string) string {
	for _, c := range commands() {
		if c.usage == name { // "new quarter"
			return c.summary
		}
	}
	first, _, _ := strings.Cut(name, " ")
	for _, c := range commands() {
		if c.name == first {
			return c.summary
		}
	}
	return ""
}

// parse parses args. When it returns ok false, the command returns code:
// exitOK after --help, which prints the help on stdout, or exitUsage after
// a usage error, printed on stderr. The command takes as many positional
// arguments as its usage line names.
func (f *cmdFlags) parse(args []string) (code int, ok bool) {
	err := f.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		f.printHelp(f.stdout)
		return exitOK, false
	}
	if err != nil {
		return f.usageError("%s", f.explain(err)), false
	}
	if n := len(strings.Fields(f.args)); f.NArg() > n {
		return f.usageError("unexpected argument %q", f.Arg(n)), false
	}
	return 0, true
}

// usageError prints "okrgen NAME: message", the usage line and where the
// help is, on stderr, and returns exitUsage.
func (f *cmdFlags) usageError(format string, a ...any) int {
	fmt.Fprintf(f.stderr, "okrgen %s: %s\n", f.name, fmt.Sprintf(format, a...))
	fmt.Fprintf(f.stderr, "usage: %s\nRun \"okrgen help %s\" for details.\n", f.usageLine(), f.name)
	return exitUsage
}

// explain turns an error of the flag package into one that writes flags
// as the usage line does and says what was expected.
func (f *cmdFlags) explain(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return "unknown flag " + dashed(name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		if fl := f.Lookup(name); fl != nil {
			return fmt.Sprintf("flag %s needs a value: %s", dashed(name), flagForm(fl))
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		// invalid boolean value "maybe" for -name: parse error
		value, name, _ := strings.Cut(rest, " for -")
		name, _, _ = strings.Cut(name, ":")
		return fmt.Sprintf("%s: %s is neither true nor false; expected %s alone, or %s=true or %s=false", dashed(name), value, dashed(name), dashed(name), dashed(name))
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		// invalid value "x" for flag -name: the Value's error, which names x.
		if _, rest, ok := strings.Cut(rest, " for flag -"); ok {
			if name, why, ok := strings.Cut(rest, ": "); ok {
				return dashed(name) + ": " + why
			}
		}
	}
	if s, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return fmt.Sprintf("bad flag syntax %q; expected -NAME, --NAME or --NAME=VALUE", s)
	}
	return msg
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "--h"
}
