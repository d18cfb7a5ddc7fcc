//go:build !linux

package main

import "io/fs"

// inodeAndChange reports no change time outside Linux: every build there
// is a whole one.
func inodeAndChange(fs.FileInfo) (ino uint64, ctime int64, ok bool) { return 0, 0, false }

// umask returns 0: builds here are never reused.
func umask() int { return 0 }
