package render

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// stagePrefix starts the name of the folder a build writes into inside a
// destination it cannot swap (a link's target, a mount point).
const stagePrefix = ".okrgen-new-"

// A stage is the folder a build writes its new site into. The build holds
// a lock on it (flock where the OS has it) until the folder is swapped in
// or removed: the kernel drops the lock however the build ends, SIGKILL
// included, so a later build knows an unlocked stage for a leftover of a
// build that is gone, and a locked one for a build running right now. A
// lock rather than a process id in the name: ids are reused, and differ
// between containers sharing a folder.
type stage struct {
	path string
	lock *os.File // open on the folder while locked, or nil (no locks here)
}

// newStage makes and locks a new stage in parent, named prefix and a
// random suffix.
func newStage(parent, prefix string) (*stage, error) {
	for range 10 {
		p, err := os.MkdirTemp(parent, prefix)
		if err != nil {
			return nil, err
		}
		f, err := lockDir(p)
		if err != nil {
			os.Remove(p)
			return nil, err
		}
		// Another build's removeLeftovers may have taken the folder between
		// its making and its locking: it must still be there.
		if f != nil {
			fi, err1 := f.Stat()
			fj, err2 := os.Lstat(p)
			if err1 != nil || err2 != nil || !os.SameFile(fi, fj) {
				f.Close()
				continue
			}
		}
		if err := os.Chmod(p, 0o755); err != nil {
			f.Close()
			os.RemoveAll(p)
			return nil, err
		}
		return &stage{path: p, lock: f}, nil
	}
	return nil, fmt.Errorf("cannot make a folder in %s that stays: another program removes them", parent)
}

// unlock releases the stage's lock.
func (s *stage) unlock() {
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
}

// remove deletes the stage and releases its lock.
func (s *stage) remove() {
	os.RemoveAll(s.path)
	s.unlock()
}

// removeLeftovers deletes the stages in dir whose names start with one of
// prefixes and that no running build holds: what builds interrupted by
// Ctrl-C, SIGTERM, SIGKILL or a crash left. It returns a warning for each
// it could not delete.
func removeLeftovers(dir string, prefixes ...string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var warnings []string
	for _, e := range entries {
		if !e.IsDir() || !hasAnyPrefix(e.Name(), prefixes) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		f, ok := tryLockDir(p)
		if !ok {
			continue // a running build's, or not known to be a leftover
		}
		err := os.RemoveAll(p)
		f.Close()
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			warnings = append(warnings, fmt.Sprintf("warning: cannot delete %s, left by an earlier build: %v", p, pathAndCause(err)))
		}
	}
	return warnings
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// lockPath locks the folder p while it is renamed aside, and returns what
// unlocks it; a folder it cannot open stays unlocked.
func lockPath(p string) (unlock func()) {
	f, err := lockDir(p)
	if err != nil {
		return func() {}
	}
	return func() { f.Close() }
}
