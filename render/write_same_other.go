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

// createFile writes data to a new file name, failing if there is one.
func createFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return err
}
