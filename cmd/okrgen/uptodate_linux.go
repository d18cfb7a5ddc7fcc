package main

import (
	"io/fs"
	"syscall"
)

// inodeAndChange returns fi's inode and change time (nanoseconds).
func inodeAndChange(fi fs.FileInfo) (ino uint64, ctime int64, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return st.Ino, st.Ctim.Nano(), true
}

// umask returns the process's file mode creation mask. Set and set back:
// it is read before the build writes anything.
func umask() int {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return m
}
