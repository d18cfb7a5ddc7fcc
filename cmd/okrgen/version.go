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
	fs := newFlags("version", "", stderr)
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "okrgen version: takes no arguments")
		return exitUsage
	}
	fmt.Fprintln(stdout, generator)
	return exitOK
}
