package render

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"syscall"
)

// A spare keeps the previous output once a build has swapped the new one
// in, instead of deleting it, and the next build moves it in as its new
// folder (a recycled stage) and makes it into the new site: a file the
// spare holds with the bytes the build puts is left as it is, a changed
// file is replaced (a new file, never written through), a new folder is
// made, and what the new site lacks is deleted. The swap stays one
// exchange of two whole folders, so a failed or killed build leaves the
// destination as it was, but a build that changed one check-in makes and
// deletes a handful of files rather than one folder per page: on ext4
// without a journal, making 10,000 folders soon after deleting as many
// takes seconds (see bench/compare-hugo.sh).
//
// Unchanged files are hard links shared by the destination and its spare,
// so the spare costs the folders and the files that changed. A spare is
// a folder on the destination's file system that only okrgen uses (the
// build command keeps it in the user's cache folder); where it cannot be
// moved (another file system), the build goes as without one.

// makeDirIn makes the folder dir of a recycled stage right: a folder with
// the permissions a new one gets, where the spare may hold a folder, a
// file or nothing.
func (w *DirWriter) makeDirIn(dir string) error {
	if parent := path.Dir(dir); parent != "." {
		if err := w.makeDir(parent); err != nil {
			return err
		}
	}
	name := filepath.Join(w.stage.path, filepath.FromSlash(dir))
	fi, err := os.Lstat(name)
	switch {
	case err == nil && fi.IsDir():
		if perm := w.folderPerm(); modeBits(fi) != perm {
			return os.Chmod(name, perm)
		}
		return nil
	case err == nil:
		// A file of an earlier output, where this one has a folder.
		if err := os.Remove(name); err != nil {
			return err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	return os.Mkdir(name, 0o755)
}

// folderPerm returns the permissions a folder made now gets, the umask
// taken off, which the folders of a recycled stage must have: those of a
// folder made to see.
func (w *DirWriter) folderPerm() fs.FileMode {
	w.dirPermOnce.Do(func() {
		w.dirPerm = 0o755
		probe := filepath.Join(w.stage.path, ".okrgen-folder")
		os.Remove(probe)
		if err := os.Mkdir(probe, 0o755); err == nil {
			if fi, err := os.Lstat(probe); err == nil {
				w.dirPerm = modeBits(fi)
			}
			os.Remove(probe)
		}
	})
	return w.dirPerm
}

// writeNew is writeNew for the stage: in a recycled one, a folder of an
// earlier output where this one has a file goes first.
func (w *DirWriter) writeNew(name string, data []byte) error {
	err := writeNew(name, data)
	if err != nil && w.stage.recycled {
		if fi, e := os.Lstat(name); e == nil && fi.IsDir() {
			if err = os.RemoveAll(name); err == nil {
				err = writeNew(name, data)
			}
		}
	}
	return err
}

// sameInode reports whether the paths a and b are one file.
func sameInode(a, b string) bool {
	fa, err1 := os.Lstat(a)
	fb, err2 := os.Lstat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

// sweep deletes from a recycled stage, every file put, what the new site
// lacks: the files and folders of the spare's output that are not the new
// one's (its Manifest lists them), or, in a spare a build wrote into and
// did not swap in, whatever is not the new site's. It does nothing in a
// stage that was not recycled.
func (w *DirWriter) sweep() error {
	if !w.stage.recycled {
		return nil
	}
	files := map[string]bool{Manifest: true, stageMarker: true}
	dirs := map[string]bool{}
	for _, p := range w.paths {
		files[p] = true
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	root := w.stage.path
	if !w.stage.known() {
		return sweepTree(root, files, dirs)
	}
	// The top level is looked through whatever the Manifest says: it is
	// a few names.
	entries, err := os.ReadDir(root)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		if name := e.Name(); !files[name] && !dirs[name] {
			errs = append(errs, os.RemoveAll(filepath.Join(root, name)))
		}
	}
	oldDirs := map[string]bool{}
	for _, p := range w.stage.spareFiles {
		if !files[p] && !dirs[p] {
			// Gone already when a folder above it became a file.
			err := os.Remove(filepath.Join(root, filepath.FromSlash(p)))
			if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
				errs = append(errs, err)
			}
		}
		for d := path.Dir(p); d != "." && !oldDirs[d]; d = path.Dir(d) {
			oldDirs[d] = true
		}
	}
	// A stale folder's stale folders go with it; RemoveAll of one gone
	// already does nothing.
	for d := range oldDirs {
		if dirs[d] || files[d] {
			continue
		}
		if err := os.RemoveAll(filepath.Join(root, filepath.FromSlash(d))); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// sweepTree deletes in root whatever is not one of files or a folder of
// dirs.
func sweepTree(root string, files, dirs map[string]bool) error {
	var errs []error
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d != nil && d.IsDir() && dirs[rel] {
			return nil
		}
		if d != nil && !d.IsDir() && files[rel] {
			return nil
		}
		errs = append(errs, os.RemoveAll(p))
		if d != nil && d.IsDir() {
			return fs.SkipDir
		}
		return nil
	})
	return errors.Join(append(errs, err)...)
}

// dropStage ends a stage that is not swapped in (the build failed, was
// interrupted, or changed nothing): it goes back to be the spare, or is
// deleted. A spare nothing was written into is as it was, its marker
// gone; one a build wrote into keeps its marker, so that the next build
// looks through it (sweep). A new stage nothing was written into is
// empty, and deleted.
func (w *DirWriter) dropStage() {
	if w.spare == "" || w.into != "" || !w.stage.recycled && !w.changed {
		w.stage.remove()
		return
	}
	if w.stage.known() && !w.changed {
		w.stage.unmark()
	}
	w.stage.unlock()
	if !w.toSpare(w.stage.path) {
		removeTree(w.stage.path)
	}
}

// retire deletes the previous output old once swapped out, or keeps it as
// the spare when it holds okrgen's files only (foreign lists the others):
// a file saved into the destination (kept by build --force) is not to
// come back in a later build.
func (w *DirWriter) retire(old string, foreign []string) error {
	if w.spare != "" && len(foreign) == 0 && w.toSpare(old) {
		return nil
	}
	return removeTree(old)
}

// toSpare moves the folder p to w.spare, and reports whether it did: not
// when a spare is there already, or on another file system.
func (w *DirWriter) toSpare(p string) bool {
	if err := os.MkdirAll(filepath.Dir(w.spare), 0o700); err != nil {
		return false
	}
	return os.Rename(p, w.spare) == nil // not over a spare there: it is not empty
}
