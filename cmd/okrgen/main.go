// Command okrgen turns OKR definitions (okr.toml) and Markdown check-ins
// into an HTML dashboard with charts, data.json and an Atom feed.
//
// Usage:
//
//	okrgen <command> [flags]
//
// Run "okrgen help" for the commands. Exit status: 0 success, 1 content or
// build errors, 2 usage errors.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // content or build errors
	exitUsage = 2 // usage errors
)

// command is one okrgen subcommand.
type command struct {
	name    string // as typed after okrgen
	usage   string // as the list of commands shows it: "new checkin"
	summary string // what it does, in lower case, no period
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"build", "build", "build the site into public/", runBuild},
		{"serve", "serve", "serve the site locally, rebuilding and reloading on every save", runServe},
		{"pdf", "pdf", "write the PDF retrospective of a quarter", runPDF},
		{"check", "check", "validate okr.toml and check-ins", runCheck},
		{"init", "init", "start a new site, or an organisation of teams (--org), in a folder", runInit},
		{"new", "new checkin", "write a new check-in listing the key results with their current values", runNew},
		{"new", "new quarter", "add the next quarter to okr.toml, carrying over the objectives not achieved (--carry)", runNew},
		{"digest", "digest", "print the weekly update: progress, status changes, blockers, stale KRs, challenges, coming up", runDigest},
		{"version", "version", "print okrgen's version", runVersion},
		{"help", "help", "show help for okrgen or a command", runHelp},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	if isHelp(name) {
		usage(stdout)
		return exitOK
	}
	if name == "-version" || name == "--version" {
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "okrgen: unknown command %q\n", name)
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, "okrgen turns okr.toml and Markdown check-ins into an OKR dashboard.\n\nUsage:\n\n  okrgen <command> [flags]\n\nCommands:\n\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.usage, c.summary)
	}
	fmt.Fprint(w, "\nRun \"okrgen help <command>\" for a command's flags.\n")
}
