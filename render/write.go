package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
)

// errNoExchange says the OS or file system cannot exchange two folders in
// one rename (exchange, in fs_*.go); the swap then takes two.
var errNoExchange = errors.New("cannot exchange folders here")

// DirWriter is an Output that writes a site into a new folder beside its
// destination and swaps it in on Commit, so that a failed build leaves the
// destination as it was. Files are written as they come, from any number
// of goroutines, so a large site never sits in memory whole.
//
// A file the destination already holds with the same bytes, written by
// the previous build (its Manifest lists it), is not written again: it
// is a hard link to the destination's in the new folder. Until a file
// differs, nothing is made in the new folder at all, and a build whose
// every file is the same, and whose files are the destination's (the
// same Manifest), leaves the destination as it is.
//
// A destination that is a symbolic link to a folder, or a mount point,
// cannot be swapped without replacing the link or failing: the site is
// then written into it file by file, replacing only the files okrgen
// wrote there before and that changed (see Commit).
type DirWriter struct {
	// Force makes Commit replace the destination even when it holds files
	// okrgen did not write (build --force). Without it Commit applies
	// CheckReplace again, just before the swap, so that a file saved into
	// the destination during the build is not lost.
	Force bool

	dest     string // the destination, as given
	into     string // the folder written into file by file, or "" to swap
	stage    *stage // the folder the new site is written to
	mu       sync.Mutex
	dirs     map[string]*madeDir
	paths    []string
	warnings []string
	ended    bool           // Commit, Abort or Interrupt has begun: no more Puts
	writing  sync.WaitGroup // Puts in flight, which end before the stage goes
	// written holds the large shared files written so far, by size: a
	// shared file with the same bytes as one of them (each team of an
	// organisation has the theme's 1 MB echarts) is linked to it, not
	// written again.
	written map[int][]writtenFile

	// prev is the previous build's output, which each file is compared
	// with, or nil when there is none.
	prev *previous
	// changed is set by the first file that is not in prev with the same
	// bytes. Until then the stage holds no file and no folder, and the
	// unchanged files wait in pending: a build that changes nothing
	// makes no folder and leaves the destination as it was.
	changed bool
	pending []string
	// kept are, written into a folder (into), the files left as they are
	// there: the previous build wrote the same bytes.
	kept map[string]bool
	// spare is where the previous output goes once swapped out, or "".
	spare string
	// dirPerm is the permissions of a folder made now, for the folders a
	// recycled stage holds already (set by the first that needs it).
	dirPerm     fs.FileMode
	dirPermOnce sync.Once
}

// writtenFile is a large file of the new site and its bytes.
type writtenFile struct {
	path string
	data []byte
}

// minLinked is the size from which a file with the same bytes as one
// already written is a hard link to it.
const minLinked = 64 << 10

// madeDir is a folder of the new site, made once by the first file in it.
type madeDir struct {
	once sync.Once
	err  error
}

// NewDirWriter starts writing a site that will replace dest. Check dest
// with CheckDest and CheckReplace first. It removes what earlier builds,
// interrupted, left beside dest (see Warnings).
func NewDirWriter(dest string) (*DirWriter, error) { return NewDirWriterSpare(dest, "") }

// NewDirWriterSpare is NewDirWriter keeping the previous output, once
// swapped out, in the folder spare rather than deleting it, and making
// the next build's new folder from it (see write_spare.go). spare is a
// path outside dest, on its file system, that no other program uses; ""
// keeps nothing.
func NewDirWriterSpare(dest, spare string) (*DirWriter, error) {
	dest = filepath.Clean(dest)
	w := &DirWriter{dest: dest, dirs: map[string]*madeDir{}}
	fi, err := os.Lstat(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := filepath.EvalSymlinks(dest)
		if errors.Is(err, fs.ErrNotExist) {
			l, _ := os.Readlink(dest)
			return nil, fmt.Errorf("destination %s is a link to %s, which does not exist; create that folder, or remove the link", dest, l)
		}
		if err != nil {
			return nil, err
		}
		if fi, err := os.Stat(target); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("destination %s is a link to %s, which is not a folder", dest, target)
		}
		w.into = target
	case !fi.IsDir():
		return nil, fmt.Errorf("destination %s is a file, not a folder", dest)
	case mountPoint(dest):
		w.into = dest
	}
	if w.into == "" {
		parent, base := filepath.Dir(dest), filepath.Base(dest)
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return nil, fmt.Errorf("cannot write %s: %w", dest, pathAndCause(err))
		}
		w.warnings = removeLeftovers(parent, "."+base+".new-", "."+base+".old-")
		w.stage, err = newStageFrom(parent, "."+base+".new-", spare)
		w.spare = spare
		if errors.Is(err, fs.ErrPermission) && fi != nil {
			// A folder of its own in a folder okrgen may not write to
			// (/var/www/html): build into it.
			w.into, w.warnings, w.spare = dest, nil, ""
		} else if err != nil {
			return nil, fmt.Errorf("cannot write beside %s: %w", dest, cause(err))
		}
	}
	if w.into != "" {
		w.warnings = removeLeftovers(w.into, stagePrefix)
		if w.stage, err = newStage(w.into, stagePrefix); err != nil {
			return nil, fmt.Errorf("cannot write into %s: %w", dest, cause(err))
		}
		w.kept = map[string]bool{}
	}
	// Compared after the leftovers went, which held links to its files.
	if fi != nil {
		root := w.into
		if root == "" {
			root = dest
		}
		if perm, err := w.stage.filePerm(); err == nil {
			w.prev = readPrevious(root, perm)
		}
		if w.prev != nil && w.stage.recycled {
			w.prev.links = 2 // the spare's link to each file kept
		}
	}
	return w, nil
}

// Warnings returns what NewDirWriter could not clean up.
func (w *DirWriter) Warnings() []string { return w.warnings }

// Put writes one file. After Commit, Abort or Interrupt has begun it
// writes nothing and returns an error.
func (w *DirWriter) Put(p string, data []byte) error { return w.put(p, data, false) }

// PutShared writes a file that others of the site may repeat byte for
// byte (a theme's static files, in every team of an organisation): one
// with the same bytes as a large shared file already written is a hard
// link to it.
func (w *DirWriter) PutShared(p string, data []byte) error { return w.put(p, data, true) }

func (w *DirWriter) put(p string, data []byte, shared bool) error {
	if err := w.begin(p); err != nil {
		return err
	}
	defer w.writing.Done()
	if w.prev.same(p, data, shared) {
		return w.keepSame(p)
	}
	name, err := w.change(p)
	if err != nil {
		return err
	}
	shared = shared && len(data) >= minLinked
	if shared && w.link(name, data) {
		return nil
	}
	if err := w.writeNew(name, data); err != nil {
		return fmt.Errorf("cannot write %s: %w", p, cause(err))
	}
	if shared {
		w.mu.Lock()
		if w.written == nil {
			w.written = map[int][]writtenFile{}
		}
		w.written[len(data)] = append(w.written[len(data)], writtenFile{name, data})
		w.mu.Unlock()
	}
	return nil
}

// begin counts the file p in, unless the build has ended; the caller
// calls w.writing.Done once it is written.
func (w *DirWriter) begin(p string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ended {
		return fmt.Errorf("cannot write %s: the build has ended", p)
	}
	w.writing.Add(1)
	w.paths = append(w.paths, p)
	return nil
}

// keepSame keeps the previous output's file p, found to hold the bytes
// put: left as it is in a folder written into, linked into the stage, or,
// until a file differs, noted only.
func (w *DirWriter) keepSame(p string) error {
	w.mu.Lock()
	switch {
	case w.into != "":
		w.kept[p] = true
		w.mu.Unlock()
		return nil
	case !w.changed:
		w.pending = append(w.pending, p)
		w.mu.Unlock()
		return nil
	}
	w.mu.Unlock()
	return w.keep(p)
}

// change readies the stage for p, which differs from the previous output's
// file (or is new): the first change has the stage get the unchanged files
// put before it. It returns the name p is to be written to.
func (w *DirWriter) change(p string) (string, error) {
	w.mu.Lock()
	var pending []string
	if !w.changed {
		w.changed, pending, w.pending = true, w.pending, nil
	}
	if w.kept != nil {
		delete(w.kept, p)
	}
	w.mu.Unlock()
	if err := w.keepAll(pending); err != nil {
		return "", err
	}
	if err := w.mkdir(p); err != nil {
		return "", err
	}
	return filepath.Join(w.stage.path, filepath.FromSlash(p)), nil
}

// mkdir makes the folder of p in the stage, once.
func (w *DirWriter) mkdir(p string) error {
	dir := path.Dir(p)
	if dir == "." {
		return nil
	}
	if err := w.makeDir(dir); err != nil {
		return fmt.Errorf("cannot write %s: %w", p, cause(err))
	}
	return nil
}

// makeDir makes the folder dir (slash-separated) in the stage, once: in a
// recycled stage, the folder it holds already is made right (makeDirIn).
func (w *DirWriter) makeDir(dir string) error {
	w.mu.Lock()
	d := w.dirs[dir]
	if d == nil {
		d = new(madeDir)
		w.dirs[dir] = d
	}
	w.mu.Unlock()
	d.once.Do(func() {
		if w.stage.recycled {
			d.err = w.makeDirIn(dir)
			return
		}
		// Its parent first, once; then one mkdir, not os.MkdirAll's
		// looks on the way.
		if parent := path.Dir(dir); parent != "." {
			if d.err = w.makeDir(parent); d.err != nil {
				return
			}
		}
		name := filepath.Join(w.stage.path, filepath.FromSlash(dir))
		if d.err = os.Mkdir(name, 0o755); errors.Is(d.err, fs.ErrExist) {
			if fi, err := os.Lstat(name); err == nil && fi.IsDir() {
				d.err = nil // there already, as os.MkdirAll allows
			}
		}
	})
	return d.err
}

// link makes name a hard link to a shared file already written with the
// same bytes, and reports whether it did.
func (w *DirWriter) link(name string, data []byte) bool {
	w.mu.Lock()
	same := ""
	for _, f := range w.written[len(data)] {
		if bytes.Equal(f.data, data) {
			same = f.path
			break
		}
	}
	w.mu.Unlock()
	return same != "" && os.Link(same, name) == nil
}

// Commit puts the new site in place of the old, with its Manifest. When
// every file holds the same bytes as the destination's, and the
// destination holds nothing more, it is left as it is.
//
// A folder is swapped whole: in one rename on Linux (renameat2 with
// RENAME_EXCHANGE), so that the destination is never missing; in two
// elsewhere. If the old folder could not be deleted afterwards (files of
// another user, chattr +i, a mount point inside), Commit refuses before
// the swap and leaves it as it was.
//
// A link's target or a mount point is written into file by file: each
// file replaced in one rename, then the files of the previous build that
// the new one lacks deleted. Files okrgen did not write stay, even with
// Force (which only lets the build go on with them there).
func (w *DirWriter) Commit() error {
	w.mu.Lock()
	if w.ended {
		w.mu.Unlock()
		return fmt.Errorf("%s: build interrupted", w.dest)
	}
	w.ended = true
	w.mu.Unlock()
	w.writing.Wait()
	defer w.prev.close()
	sort.Strings(w.paths)
	w.paths = slices.Compact(w.paths)
	if !w.Force {
		if err := CheckReplace(w.dest); err != nil {
			w.Abort()
			return err
		}
	}
	if w.into != "" {
		return w.commitInto()
	}
	if !w.changed && w.unchanged() {
		// The destination already holds this site: it stays as it is.
		w.dropStage()
		return nil
	}
	// From here the stage is written into, even if no file differed.
	w.mu.Lock()
	w.changed = true
	w.mu.Unlock()
	if err := w.keepAll(w.pending); err != nil {
		w.Abort()
		return err
	}
	w.pending = nil
	if err := w.sweep(); err != nil {
		w.Abort()
		return fmt.Errorf("cannot write %s: %w", w.dest, pathAndCause(err))
	}
	return w.commitSwap()
}

// unchanged reports whether the previous output, every file of which
// has been found the same, is the new site whole: the same files, so the
// same Manifest, and nothing else (which a swap would delete; without
// Force, CheckReplace has refused it).
func (w *DirWriter) unchanged() bool {
	if w.prev == nil || !bytes.Equal(manifest(w.paths), w.prev.manifest) {
		return false
	}
	return !w.Force || len(foreignIn(w.prev.root)) == 0
}

// Abort removes what was written, once the Puts in flight are done; the
// destination stays as it was.
func (w *DirWriter) Abort() {
	w.mu.Lock()
	w.ended = true
	w.mu.Unlock()
	w.writing.Wait()
	w.prev.close()
	w.dropStage()
}

// Interrupt is Abort for a build stopped by a signal, from any goroutine:
// unless Commit has begun, it removes what was written and reports true,
// and the destination stays as it was with nothing beside it. Once Commit
// has begun it does nothing and reports false: the commit completes. It
// waits for the Puts in flight to end, and later ones write nothing.
func (w *DirWriter) Interrupt() bool {
	w.mu.Lock()
	if w.ended {
		w.mu.Unlock()
		return false
	}
	w.ended = true
	w.mu.Unlock()
	// A write in flight would make the folder again after its removal.
	w.writing.Wait()
	w.prev.close()
	w.dropStage()
	return true
}

// commitSwap swaps the new folder in for the old.
func (w *DirWriter) commitSwap() error {
	if err := writeNew(filepath.Join(w.stage.path, Manifest), manifest(w.paths)); err != nil {
		w.Abort()
		return fmt.Errorf("cannot write %s: %w", Manifest, cause(err))
	}
	// The Manifest marks the folder as okrgen's from now on; the stage
	// marker is not part of the site.
	if err := w.stage.unmark(); err != nil {
		w.Abort()
		return fmt.Errorf("cannot write %s: %w", w.dest, cause(err))
	}
	if _, err := os.Lstat(w.dest); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(w.stage.path, w.dest); err != nil {
			w.Abort()
			return fmt.Errorf("cannot write %s: %w", w.dest, cause(err))
		}
		w.stage.unlock()
		return nil
	}
	// The old folder is deleted after the swap, unless it takes the place
	// of the spare moved in (then free, on this file system).
	// A spare moved in leaves its place free for the old folder, which is
	// kept, not deleted: it must only be movable (its own ".." changes).
	// Unless with Force, where files okrgen did not write are deleted
	// with it.
	check := removable
	if w.stage.recycled && !w.Force {
		check = movable
	}
	if err := check(w.dest); err != nil {
		w.Abort()
		return fmt.Errorf("cannot replace %s: %v, so the previous output could not be deleted; it is left as it was", w.dest, err)
	}
	err := exchange(w.stage.path, w.dest)
	switch {
	case err == nil:
		// The old site is where the new one was written, under a name
		// the next build removes if this one cannot.
		old := w.stage.path
		foreign := foreignIn(old)
		if len(foreign) > 0 && !w.Force {
			// Saved since Commit checked: swap back, nothing lost.
			if err := exchange(old, w.dest); err == nil {
				w.Abort()
				return foreignError(w.dest, foreign)
			}
		}
		w.stage.unlock()
		if err := w.retire(old, foreign); err != nil {
			return fmt.Errorf("wrote the new site to %s, but could not delete the previous one: %v; what is left of it is in %s, to delete by hand", w.dest, pathAndCause(err), old)
		}
		return nil
	case errors.Is(err, errNoExchange):
		return w.renameTwice()
	case errors.Is(err, syscall.EBUSY), errors.Is(err, syscall.EXDEV):
		// A mount point mountPoint could not tell.
		return w.moveInto(w.dest)
	default:
		w.Abort()
		return fmt.Errorf("cannot replace %s: %w", w.dest, cause(err))
	}
}

// renameTwice swaps the folders where they cannot be exchanged: the old
// one aside, the new one in, the old one deleted. The old folder is locked
// while aside so that no other build takes it for a leftover.
func (w *DirWriter) renameTwice() error {
	unlockOld := lockPath(w.dest)
	defer unlockOld()
	base := filepath.Base(w.dest)
	old := filepath.Join(filepath.Dir(w.dest), "."+base+".old-"+strings.TrimPrefix(filepath.Base(w.stage.path), "."+base+".new-"))
	if err := os.Rename(w.dest, old); err != nil {
		if errors.Is(err, syscall.EBUSY) || errors.Is(err, syscall.EXDEV) {
			return w.moveInto(w.dest)
		}
		w.Abort()
		return fmt.Errorf("cannot replace %s: %w", w.dest, cause(err))
	}
	foreign := foreignIn(old)
	if len(foreign) > 0 && !w.Force {
		// Saved since Commit checked: back, nothing lost.
		if err := os.Rename(old, w.dest); err == nil {
			w.Abort()
			return foreignError(w.dest, foreign)
		}
	}
	err := w.stage.unmark()
	if err == nil {
		err = os.Rename(w.stage.path, w.dest)
	}
	if err != nil {
		os.Rename(old, w.dest)
		w.Abort()
		return fmt.Errorf("cannot replace %s: %w", w.dest, cause(err))
	}
	w.stage.unlock()
	if err := w.retire(old, foreign); err != nil {
		return fmt.Errorf("wrote the new site to %s, but could not delete the previous one: %v; what is left of it is in %s, to delete by hand", w.dest, pathAndCause(err), old)
	}
	return nil
}

// cause drops the paths of a file system error, which may name the folder
// a build writes into before the swap: the caller names what the user knows.
func cause(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// pathAndCause shortens a *PathError to its path and cause.
func pathAndCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}
