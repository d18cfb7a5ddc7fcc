//go:build !unix

package render

import (
	"os"
	"time"
)

// exchange returns errNoExchange: only Linux has RENAME_EXCHANGE.
func exchange(a, b string) error { return errNoExchange }

// mountPoint reports false: a rename that fails with EBUSY or EXDEV tells.
func mountPoint(dir string) bool { return false }

// removable returns nil: the delete itself tells.
func removable(dir string) error { return nil }

// lockDir returns nil: there is no lock here, and an open folder could not
// be renamed.
func lockDir(p string) (*os.File, error) { return nil, nil }

// leftoverAge is how old an unlocked stage must be to be taken for a
// leftover where folders cannot be locked: no build takes that long.
const leftoverAge = 6 * time.Hour

// tryLockDir takes the folder p for a leftover when it has not changed for
// leftoverAge.
func tryLockDir(p string) (f *os.File, ok bool) {
	fi, err := os.Stat(p)
	if err != nil || time.Since(fi.ModTime()) < leftoverAge {
		return nil, false
	}
	return nil, true
}

// renameOverEmpty renames the folder from to to, replacing to when it is
// an empty folder: here a rename does not replace a folder, so the empty
// one is removed first (os.Remove removes no folder that holds anything),
// and made again, as os.MkdirTemp made it, when the rename fails.
func renameOverEmpty(from, to string) error {
	if _, err := os.Lstat(from); err != nil {
		return err
	}
	if err := os.Remove(to); err != nil && !os.IsNotExist(err) {
		return err
	}
	err := os.Rename(from, to)
	if err != nil {
		os.Mkdir(to, 0o700)
	}
	return err
}

// movable returns nil: nothing is known here.
func movable(dir string) error { return nil }
