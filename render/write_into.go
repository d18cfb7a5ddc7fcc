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
)

// commitInto moves the new site, written in a stage inside w.into, file by
// file into w.into, then deletes the files of the previous build that the
// new one lacks. Files the previous build wrote with the same bytes
// (w.kept) stay as they are. The Manifest lists the files of both builds while they
// move, so a build killed half-way leaves nothing the next one takes for a
// user's file.
func (w *DirWriter) commitInto() error {
	defer w.stage.remove()
	if len(w.kept) == len(w.paths) && w.prev != nil && bytes.Equal(manifest(w.paths), w.prev.manifest) {
		return nil // every file the same: nothing to move, nothing to delete
	}
	old := readManifest(w.into)
	oldFiles := map[string]bool{}
	for _, p := range old {
		oldFiles[p] = true
	}
	both := append(append([]string(nil), old...), w.paths...)
	sort.Strings(both)
	if err := w.writeManifest(slices.Compact(both)); err != nil {
		return err
	}
	for _, p := range w.paths {
		if w.kept[p] {
			continue // the same bytes are there
		}
		if err := mkdirIn(w.into, path.Dir(p), oldFiles); err != nil {
			return fmt.Errorf("cannot write %s into %s: %w", p, w.dest, err)
		}
		from := filepath.Join(w.stage.path, filepath.FromSlash(p))
		if err := os.Rename(from, filepath.Join(w.into, filepath.FromSlash(p))); err != nil {
			return fmt.Errorf("cannot write %s into %s: %w", p, w.dest, cause(err))
		}
	}
	newFiles, newDirs := map[string]bool{}, map[string]bool{}
	for _, p := range w.paths {
		newFiles[p] = true
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			newDirs[d] = true
		}
	}
	var errs []error
	staleDirs := map[string]bool{}
	for _, p := range old {
		if newFiles[p] {
			continue
		}
		if !realDirs(w.into, path.Dir(p)) {
			continue // a link or a file where okrgen had a folder: not its own
		}
		err := os.Remove(filepath.Join(w.into, filepath.FromSlash(p)))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, pathAndCause(err))
		}
		for d := path.Dir(p); d != "." && !newDirs[d]; d = path.Dir(d) {
			staleDirs[d] = true
		}
	}
	// Folders of the previous build, deepest first; one holding a file
	// okrgen did not write stays.
	dirs := make([]string, 0, len(staleDirs))
	for d := range staleDirs {
		dirs = append(dirs, d)
	}
	sort.Slice(dirs, func(i, j int) bool { return strings.Count(dirs[i], "/") > strings.Count(dirs[j], "/") })
	for _, d := range dirs {
		os.Remove(filepath.Join(w.into, filepath.FromSlash(d)))
	}
	if err := w.writeManifest(w.paths); err != nil {
		return err
	}
	if len(errs) > 0 {
		return fmt.Errorf("wrote the new site into %s, but could not delete files of the previous build: %w", w.dest, errors.Join(errs...))
	}
	return nil
}

// writeManifest replaces the Manifest of w.into in one rename.
func (w *DirWriter) writeManifest(paths []string) error {
	tmp := filepath.Join(w.stage.path, Manifest)
	if err := os.WriteFile(tmp, manifest(paths), 0o644); err != nil {
		return fmt.Errorf("cannot write into %s: %w", w.dest, cause(err))
	}
	if err := os.Rename(tmp, filepath.Join(w.into, Manifest)); err != nil {
		return fmt.Errorf("cannot write into %s: %w", w.dest, cause(err))
	}
	return nil
}

// mkdirIn makes the folder dir (slash-separated) inside root, following no
// link: a link or a file in the way is an error, unless okrgen wrote that
// file (in own), which then gives way to the folder.
func mkdirIn(root, dir string, own map[string]bool) error {
	if dir == "." {
		return nil
	}
	p := root
	sofar := ""
	for _, part := range strings.Split(dir, "/") {
		p = filepath.Join(p, part)
		sofar = path.Join(sofar, part)
		fi, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := os.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return pathAndCause(err)
			}
		case err != nil:
			return pathAndCause(err)
		case fi.IsDir():
		case own[sofar] && fi.Mode().IsRegular():
			if err := os.Remove(p); err != nil {
				return pathAndCause(err)
			}
			if err := os.Mkdir(p, 0o755); err != nil {
				return pathAndCause(err)
			}
		default:
			return fmt.Errorf("%s is in the way of a folder (okrgen did not write it)", sofar)
		}
	}
	return nil
}

// realDirs reports whether every folder of dir (slash-separated) inside
// root is a folder, not a link to one.
func realDirs(root, dir string) bool {
	p := root
	for dir != "." && dir != "" {
		part, rest, _ := strings.Cut(dir, "/")
		p = filepath.Join(p, part)
		if fi, err := os.Lstat(p); err != nil || !fi.IsDir() {
			return false
		}
		dir = rest
	}
	return true
}

// moveInto is Commit for a destination found, only at the swap, to be a
// mount point: the new site moves from beside it to a stage inside it,
// then in as commitInto does.
func (w *DirWriter) moveInto(dest string) error {
	beside := w.stage
	defer beside.remove()
	inside, err := newStage(dest, stagePrefix)
	if err != nil {
		return fmt.Errorf("cannot write into %s: %w", dest, cause(err))
	}
	for _, p := range w.paths {
		b, err := os.ReadFile(filepath.Join(beside.path, filepath.FromSlash(p)))
		if err == nil {
			to := filepath.Join(inside.path, filepath.FromSlash(p))
			if err = os.MkdirAll(filepath.Dir(to), 0o755); err == nil {
				err = os.WriteFile(to, b, 0o644)
			}
		}
		if err != nil {
			inside.remove()
			return fmt.Errorf("cannot write %s into %s: %w", p, dest, cause(err))
		}
	}
	w.into, w.stage = dest, inside
	return w.commitInto()
}
