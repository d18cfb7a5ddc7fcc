//go:build unix && !linux

package render

import (
	"errors"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// exchange returns errNoExchange: only Linux has RENAME_EXCHANGE.
func exchange(a, b string) error { return errNoExchange }

// mountPoint reports whether the folder dir is on another device than its
// parent.
func mountPoint(dir string) bool { return !sameDevice(dir, filepath.Dir(dir)) }

// pinned reports whether the file or folder p is immutable (chflags
// uchg, schg), which the kernel tells as EPERM for a write.
func pinned(p string) bool {
	return errors.Is(unix.Access(p, unix.W_OK), syscall.EPERM)
}
