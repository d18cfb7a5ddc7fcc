//go:build !linux

package render

import (
	"os"
	"runtime"
	"testing"
)

// pin makes dir impossible to delete with chmod, and returns what undoes
// it. It skips the test where chmod cannot: for root, and on Windows.
func pin(t *testing.T, dir string) (undo func()) {
	t.Helper()
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("chmod does not stop a delete here")
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	return func() { os.Chmod(dir, 0o755) }
}
