package render

import (
	"errors"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// exchange swaps the folders a and b in one rename (renameat2 with
// RENAME_EXCHANGE): b is never missing. It returns errNoExchange where the
// kernel (before 3.15) or the file system does not support it.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.EOPNOTSUPP) {
		return errNoExchange
	}
	return err
}

// mountPoint reports whether the folder dir is a mount point: on another
// mount than its parent (statx's mount id, which tells bind mounts of one
// file system too), or, on kernels before 5.8, on another device.
func mountPoint(dir string) bool {
	parent := filepath.Dir(dir)
	var a, b unix.Statx_t
	errA := unix.Statx(unix.AT_FDCWD, dir, 0, unix.STATX_MNT_ID, &a)
	errB := unix.Statx(unix.AT_FDCWD, parent, 0, unix.STATX_MNT_ID, &b)
	if errA == nil && errB == nil && a.Mask&b.Mask&unix.STATX_MNT_ID != 0 {
		return a.Mnt_id != b.Mnt_id
	}
	return !sameDevice(dir, parent)
}

// The flags of chattr +i and +a (linux/fs.h), which x/sys/unix lacks.
const (
	fsImmutableFL = 0x10
	fsAppendFL    = 0x20
)

// pinned reports whether the file or folder p is immutable or append-only:
// then it cannot be deleted (a folder: nor what it holds), by root either.
func pinned(p string) bool {
	fd, err := unix.Open(p, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	flags, err := unix.IoctlGetUint32(fd, unix.FS_IOC_GETFLAGS)
	return err == nil && flags&(fsImmutableFL|fsAppendFL) != 0
}
