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
// between containers sharing a folder. The first file in a stage is
// stageMarker, so that only folders okrgen made are taken for leftovers,
// never a user's folder of a similar name.
type stage struct {
	path string
	lock *os.File // open on the folder while locked, or nil (no locks here)
	// recycled says the stage is a spare moved in (NewDirWriterSpare):
	// it holds an earlier output, which the build makes into the new one.
	// Its files are those of spareFiles when it has some (known): the
	// spare is an output as a swap left it. A spare some build wrote into
	// and did not swap in holds other files too, and is looked through.
	recycled   bool
	spareFiles []string
}

// known reports whether the stage is a spare whose files are spareFiles.
func (s *stage) known() bool { return len(s.spareFiles) > 0 }

// newStage makes and locks a new stage in parent, named prefix and a
// random suffix, and marks it as okrgen's (stageMarker).
func newStage(parent, prefix string) (*stage, error) { return newStageFrom(parent, prefix, "") }

// newStageFrom is newStage that, when spare is a folder (see
// NewDirWriterSpare), moves it in as the stage rather than starting from
// an empty one (stage.recycled).
func newStageFrom(parent, prefix, spare string) (*stage, error) {
	for range 10 {
		p, err := os.MkdirTemp(parent, prefix)
		if err != nil {
			return nil, err
		}
		// The empty folder reserved the name; the spare replaces it in
		// one rename. Killed in between, the empty folder or the spare
		// (it holds a Manifest) is a leftover the next build removes.
		recycled := spare != "" && renameOverEmpty(spare, p) == nil
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
		s := &stage{path: p, lock: f, recycled: recycled}
		if recycled {
			// A spare with a marker is one a build wrote into and put
			// back (dropStage).
			_, err := os.Lstat(filepath.Join(p, stageMarker))
			if errors.Is(err, fs.ErrNotExist) {
				s.spareFiles = readManifest(p)
			}
		}
		err = writeNew(filepath.Join(p, stageMarker), []byte(markerText))
		if err == nil {
			err = os.Chmod(p, 0o755)
		}
		if err != nil {
			if f != nil {
				f.Close()
			}
			os.RemoveAll(p)
			return nil, err
		}
		return s, nil
	}
	return nil, fmt.Errorf("cannot make a folder in %s that stays: another program removes them", parent)
}

// filePerm returns the permissions a file written with 0644 gets here,
// the umask taken off: those of the stage marker.
func (s *stage) filePerm() (fs.FileMode, error) {
	fi, err := os.Lstat(filepath.Join(s.path, stageMarker))
	if err != nil {
		return 0, err
	}
	return fi.Mode().Perm(), nil
}

// unlock releases the stage's lock.
func (s *stage) unlock() {
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
}

// unmark removes the stage marker, before the stage becomes the site.
func (s *stage) unmark() error {
	err := os.Remove(filepath.Join(s.path, stageMarker))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// remove deletes the stage and releases its lock.
func (s *stage) remove() {
	removeTree(s.path)
	s.unlock()
}

// removeTree deletes the folder p, a stage or a site swapped out, its
// stageMarker and Manifest last: a build killed while deleting it leaves
// a folder the next one still knows for okrgen's (madeByOkrgen), and
// deletes.
func removeTree(p string) error {
	entries, err := os.ReadDir(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var first error
	for _, e := range entries {
		if e.Name() == stageMarker || e.Name() == Manifest {
			continue
		}
		if err := os.RemoveAll(filepath.Join(p, e.Name())); err != nil && first == nil {
			first = err
		}
	}
	if err := os.RemoveAll(p); err != nil && first == nil {
		first = err
	}
	return first
}

// removeLeftovers deletes the stages in dir whose names start with one of
// prefixes and that no running build holds: what builds interrupted by
// Ctrl-C, SIGTERM, SIGKILL or a crash left. Only a folder okrgen made is
// deleted (see madeByOkrgen); another whose name starts the same is left
// as it is, with a warning. It returns a warning for each folder it could
// not delete or left.
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
		switch {
		case madeByOkrgen(p, prefixes):
			err = os.RemoveAll(p)
		case stageName(e.Name(), prefixes) && os.Remove(p) == nil:
			// Empty: a build killed between making it and marking it.
			err = nil
		default:
			warnings = append(warnings, fmt.Sprintf("warning: %s is not a folder okrgen made (it holds neither %s nor %s), so it is left as it is; rename it if it is yours", p, stageMarker, Manifest))
			err = nil
		}
		if f != nil {
			f.Close()
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			warnings = append(warnings, fmt.Sprintf("warning: cannot delete %s, left by an earlier build: %v", p, pathAndCause(err)))
		}
	}
	return warnings
}

// markerText is what stageMarker holds, for whoever finds it.
const markerText = "okrgen writes a new site into this folder; if the build was interrupted, the next one deletes it.\n"

// madeByOkrgen reports whether the folder p is one a build made: named
// one of prefixes and the random digits os.MkdirTemp adds, and holding
// the stage marker (a new site being written) or a Manifest (a site
// written, or the previous one swapped out).
func madeByOkrgen(p string, prefixes []string) bool {
	if !stageName(filepath.Base(p), prefixes) {
		return false
	}
	for _, name := range []string{stageMarker, Manifest} {
		if fi, err := os.Lstat(filepath.Join(p, name)); err == nil && fi.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// stageName reports whether name is one of prefixes followed by the
// digits os.MkdirTemp adds.
func stageName(name string, prefixes []string) bool {
	for _, p := range prefixes {
		digits, ok := strings.CutPrefix(name, p)
		if ok && digits != "" && strings.Trim(digits, "0123456789") == "" {
			return true
		}
	}
	return false
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

// stageMarker is the file newStage writes first into a stage, so that a
// later build can tell the folder for one okrgen made.
const stageMarker = ".okrgen-stage"

// LockDest keeps other builds of dest out until unlock is called: it
// locks the folder that holds dest, so that two builds of one destination,
// which would compare with, link from and swap the same folder, run one
// after the other. Where folders cannot be locked, or that folder does not
// exist yet (a build makes it only once the destination is checked), it
// does nothing.
func LockDest(dest string) (unlock func()) {
	return lockPath(filepath.Dir(filepath.Clean(dest)))
}

// HasLeftovers reports whether an interrupted build left beside dest, or
// inside it, a folder that the next build removes (see NewDirWriter).
func HasLeftovers(dest string) bool {
	dest = filepath.Clean(dest)
	base := filepath.Base(dest)
	beside, _ := os.ReadDir(filepath.Dir(dest))
	for _, e := range beside {
		if stageName(e.Name(), []string{"." + base + ".new-", "." + base + ".old-"}) {
			return true
		}
	}
	inside, _ := os.ReadDir(dest)
	for _, e := range inside {
		if stageName(e.Name(), []string{stagePrefix}) {
			return true
		}
	}
	return false
}
