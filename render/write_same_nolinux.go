//go:build !linux

package render

// openRoot returns -1: sameAt is Linux's.
func openRoot(root string) int { return -1 }

// closeRoot does nothing.
func closeRoot(fd int) {}

// sameAt reports ok false: same compares by path.
func (pv *previous) sameAt(p string, data []byte, shared bool) (same, ok bool) { return false, false }
