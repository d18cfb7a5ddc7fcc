package main

import (
	"fmt"
	"io"
)

// version is okrgen's version, as data.json and the pages name it.
const version = "0.1.0"

// generator names okrgen in its output.
const generator = "okrgen v" + version

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", "", stdout, stderr)
	if code, ok := fs.parse(args); !ok {
		return code
	}
	fmt.Fprintln(stdout, generator)
	return exitOK
}
