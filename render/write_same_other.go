//go:build !unix

package render

import (
	"errors"
	"io/fs"
	"os"
)

// openNoFollow opens the file name for reading, failing if it is a link.
func openNoFollow(name string) (*os.File, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	return os.Open(name)
}

// linkCount returns 1: the count of hard links is not known here, and
// hard links are rare.
func linkCount(fi fs.FileInfo) uint64 { return 1 }
