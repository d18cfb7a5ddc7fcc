//go:build unix

// Package cputime gives the CPU time the process has used, for tests and
// benchmarks that measure work: unlike the time on the clock, it does not
// grow while other programs have the CPU.
package cputime

import (
	"syscall"
	"time"
)

// Used returns the CPU time the process has used, user and system, the
// garbage collector's included.
func Used() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
