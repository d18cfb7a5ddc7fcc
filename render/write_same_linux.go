//go:build linux

package render

import (
	"bytes"
	"errors"

	"golang.org/x/sys/unix"
)

// openRoot opens the folder root for sameAt, or returns -1.
func openRoot(root string) int {
	fd, err := unix.Open(root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1
	}
	return fd
}

// closeRoot closes what openRoot opened.
func closeRoot(fd int) {
	if fd >= 0 {
		unix.Close(fd)
	}
}

// sameAt is same in one openat2 that follows no link on the way (Linux
// 5.6 and later), and raw reads: ok is false where the kernel cannot.
func (pv *previous) sameAt(p string, data []byte, shared bool) (same, ok bool) {
	if pv.rootFD < 0 {
		return false, false
	}
	fd, err := unix.Openat2(pv.rootFD, p, &unix.OpenHow{
		Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOFOLLOW,
		Resolve: unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS,
	})
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) {
		// No openat2 here (before Linux 5.6), or refused whatever the file
		// (a seccomp filter, as some container runtimes have).
		return false, false
	}
	if err != nil {
		return false, true
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || st.Size != int64(len(data)) ||
		st.Mode&0o7777 != uint32(pv.perm) || !shared && uint64(st.Nlink) > pv.links {
		return false, true
	}
	bp := compareBufs.Get().(*[]byte)
	defer compareBufs.Put(bp)
	buf := *bp
	for len(data) > 0 {
		n, err := unix.Read(fd, buf[:min(len(buf), len(data))])
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil || n == 0 || !bytes.Equal(buf[:n], data[:n]) {
			return false, true
		}
		data = data[n:]
	}
	return true, true
}
