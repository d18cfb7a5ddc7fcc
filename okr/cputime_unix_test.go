//go:build unix

package okr

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used: unlike the time on
// the clock, it does not grow while other programs have the CPU.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
