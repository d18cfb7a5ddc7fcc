package main

import (
	"fmt"
	"io"
	"strings"
)

// runHelp prints the help of the command named by args ("pdf", "new
// checkin") on stdout, or the list of commands when there is none. An
// unknown command is a usage error: the list goes to stderr.
func runHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || len(args) == 1 && (args[0] == "help" || isHelp(args[0])) {
		usage(stdout)
		return exitOK
	}
	name := strings.Join(args, " ")
	for _, c := range commands() {
		if c.name == "help" {
			continue
		}
		// "help new" is the help of "new checkin", its only kind.
		if name == c.name || name == c.usage {
			sub := append([]string{}, args[1:]...) // "checkin"
			return c.run(append(sub, "--help"), stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "okrgen help: unknown command %q\n\n", name)
	usage(stderr)
	return exitUsage
}
