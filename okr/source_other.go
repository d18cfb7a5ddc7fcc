//go:build !unix

package okr

import "os"

// openSource opens a file to read.
func openSource(p string) (*os.File, error) { return os.Open(p) }
