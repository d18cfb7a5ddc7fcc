//go:build unix

package render

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// lockDir opens the folder p and locks it, waiting for another holder. On
// a file system without locks the folder is returned unlocked.
func lockDir(p string) (*os.File, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	return f, nil
}

// tryLockDir locks the folder p if no one holds it; ok is false when
// someone does, or when it cannot tell.
func tryLockDir(p string) (f *os.File, ok bool) {
	f, err := os.Open(p)
	if err != nil {
		return nil, false
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return nil, false
	}
	return f, true
}

// removable returns why the folder dir could not be deleted whole, or nil:
// a folder okrgen may not change (mode, owner, read-only file system), a
// file or folder made immutable or append-only (chattr +i, +a; these stop
// root too), or a mount point inside.
func removable(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(filepath.Dir(dir), p)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, cause(err))
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil // removing a link depends on its folder only
		}
		if pinned(p) {
			return fmt.Errorf("%s is immutable or append-only (chattr +i or +a)", rel)
		}
		if d.IsDir() {
			if err := unix.Access(p, unix.W_OK|unix.X_OK); err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
			if p != dir && mountPoint(p) {
				return fmt.Errorf("%s is a mount point", rel)
			}
		}
		return nil
	})
}

// sameDevice reports whether the folders a and b are on one device.
func sameDevice(a, b string) bool {
	var sa, sb syscall.Stat_t
	if syscall.Stat(a, &sa) != nil || syscall.Stat(b, &sb) != nil {
		return true
	}
	return sa.Dev == sb.Dev
}

// renameOverEmpty renames the folder from to to, replacing to when it is
// an empty folder (os.Rename refuses any folder there).
func renameOverEmpty(from, to string) error { return syscall.Rename(from, to) }

// movable returns why the folder dir could not be moved to another folder,
// or nil: its entry ".." changes, so it must be writable.
func movable(dir string) error {
	if err := unix.Access(dir, unix.W_OK|unix.X_OK); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(dir), err)
	}
	return nil
}
