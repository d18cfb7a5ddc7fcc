package render

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Manifest is the file okrgen writes into an output folder to list the
// files it wrote there, so that a later build knows the folder is its own
// to replace.
const Manifest = ".okrgen-files"

// DirWriter is an Output that writes a site into a new folder beside its
// destination and swaps it in on Commit, so that a failed build leaves the
// destination as it was. Files are written as they come, from any number
// of goroutines, so a large site never sits in memory whole.
type DirWriter struct {
	dest, tmp string
	mu        sync.Mutex
	dirs      map[string]*madeDir
	paths     []string
}

// madeDir is a folder of the new site, made once by the first file in it.
type madeDir struct {
	once sync.Once
	err  error
}

// NewDirWriter starts writing a site that will replace dest. Check dest
// with CheckReplace first.
func NewDirWriter(dest string) (*DirWriter, error) {
	dest = filepath.Clean(dest)
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &DirWriter{dest: dest, tmp: tmp, dirs: map[string]*madeDir{}}, nil
}

// Put writes one file.
func (w *DirWriter) Put(p string, data []byte) error {
	dir := path.Dir(p)
	w.mu.Lock()
	w.paths = append(w.paths, p)
	d := w.dirs[dir]
	if d == nil {
		d = new(madeDir)
		w.dirs[dir] = d
	}
	w.mu.Unlock()
	if dir != "." {
		d.once.Do(func() { d.err = os.MkdirAll(filepath.Join(w.tmp, filepath.FromSlash(dir)), 0o755) })
		if d.err != nil {
			return d.err
		}
	}
	return os.WriteFile(filepath.Join(w.tmp, filepath.FromSlash(p)), data, 0o644)
}

// Commit writes the Manifest and swaps the new folder in for the old.
func (w *DirWriter) Commit() error {
	sort.Strings(w.paths)
	if err := os.WriteFile(filepath.Join(w.tmp, Manifest), manifest(w.paths), 0o644); err != nil {
		w.Abort()
		return err
	}
	old := ""
	if _, err := os.Lstat(w.dest); err == nil {
		base := filepath.Base(w.dest)
		old = filepath.Join(filepath.Dir(w.dest), "."+base+".old-"+strings.TrimPrefix(filepath.Base(w.tmp), "."+base+".new-"))
		if err := os.Rename(w.dest, old); err != nil {
			w.Abort()
			return fmt.Errorf("cannot replace %s: %w", w.dest, err)
		}
	}
	if err := os.Rename(w.tmp, w.dest); err != nil {
		if old != "" {
			os.Rename(old, w.dest)
		}
		w.Abort()
		return fmt.Errorf("cannot replace %s: %w", w.dest, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes what was written; the destination stays as it was.
func (w *DirWriter) Abort() { os.RemoveAll(w.tmp) }

// CheckDest refuses a destination that is the source folder or holds it:
// replacing it would delete the site.
func CheckDest(src, dest string) error {
	a, err1 := filepath.Abs(src)
	b, err2 := filepath.Abs(dest)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	a, b = resolve(a), resolve(b)
	if a == b {
		return fmt.Errorf("destination %s is the source folder; expected a folder of its own such as %s", dest, filepath.Join(src, "public"))
	}
	if rel, err := filepath.Rel(b, a); err == nil && !strings.HasPrefix(rel, "..") {
		return fmt.Errorf("destination %s holds the source folder %s; expected a folder of its own such as %s", dest, src, filepath.Join(src, "public"))
	}
	return nil
}

// resolve follows symbolic links in p as far as they exist.
func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	parent := filepath.Dir(p)
	if parent == p {
		return p
	}
	return filepath.Join(resolve(parent), filepath.Base(p))
}

// manifest lists the files written, one a line, sorted.
func manifest(paths []string) []byte {
	var b strings.Builder
	b.WriteString("# Written by okrgen, which replaces this folder on every build.\n")
	for _, p := range paths {
		b.WriteString(p)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// CheckReplace refuses to replace dir when it holds anything okrgen did
// not write there: a file or folder missing from its Manifest, or any file
// at all without one. A missing or empty dir is fine.
func CheckReplace(dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("destination %s is a file, not a folder", dir)
	}
	written := map[string]bool{Manifest: true}
	if b, err := os.ReadFile(filepath.Join(dir, Manifest)); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if line != "" && !strings.HasPrefix(line, "#") {
				written[line] = true
				for d := path.Dir(line); d != "."; d = path.Dir(d) {
					written[d] = true
				}
			}
		}
	}
	var foreign []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if err != nil || !written[rel] {
			foreign = append(foreign, rel)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
		}
		return nil
	})
	if len(foreign) == 0 {
		return nil
	}
	sort.Strings(foreign)
	more := ""
	if len(foreign) > 5 {
		more = fmt.Sprintf(" and %d more", len(foreign)-5)
		foreign = foreign[:5]
	}
	return fmt.Errorf("destination %s holds files okrgen did not write (%s%s), which a build would delete; "+
		"move them into the theme's static/ folder, choose another -d, or pass --force to replace them", dir, strings.Join(foreign, ", "), more)
}
