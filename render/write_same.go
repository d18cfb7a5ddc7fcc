package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
)

// previous is the output of the previous build, which each file put is
// compared with: a file okrgen wrote there (its Manifest lists it) with
// the same bytes need not be written again.
type previous struct {
	root     string          // the folder holding it: the destination, or a link's target
	own      map[string]bool // the paths its Manifest lists
	manifest []byte          // the Manifest as read, nil when there is none
	perm     fs.FileMode     // the permissions a file written now gets (0644 less the umask)
	links    uint64          // the most hard links a file of its own has: 2 with a spare, else 1
	dirs     sync.Map        // folder (slash-separated) → whether it and its parents are real folders
	rootFD   int             // root, open for sameAt, or -1
	closing  sync.Once
}

// readPrevious reads the Manifest of root; files are compared only when it
// lists some. perm is the permissions of a file written now.
func readPrevious(root string, perm fs.FileMode) *previous {
	b := readManifestBytes(root)
	paths := parseManifest(b)
	if len(paths) == 0 {
		return nil
	}
	own := make(map[string]bool, len(paths))
	for _, p := range paths {
		own[p] = true
	}
	return &previous{root: root, own: own, manifest: b, perm: perm, links: 1, rootFD: openRoot(root)}
}

// close releases what readPrevious opened, once no file is compared any
// more.
func (pv *previous) close() {
	if pv != nil {
		pv.closing.Do(func() { closeRoot(pv.rootFD) })
	}
}

// name is the file p of the previous output.
func (pv *previous) name(p string) string { return filepath.Join(pv.root, filepath.FromSlash(p)) }

// realDir reports whether dir (slash-separated) and every folder above it
// inside root are folders, not links: a file reached through a link is
// not okrgen's, and linking it into the new site would share it with
// whatever the link leads to.
func (pv *previous) realDir(dir string) bool {
	if dir == "." {
		return true
	}
	if ok, found := pv.dirs.Load(dir); found {
		return ok.(bool)
	}
	ok := pv.realDir(path.Dir(dir))
	if ok {
		fi, err := os.Lstat(pv.name(dir))
		ok = err == nil && fi.IsDir()
	}
	pv.dirs.Store(dir, ok)
	return ok
}

// compareBufs holds the buffers same reads the previous files into.
var compareBufs = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// same reports whether the previous output holds p, written by okrgen, as
// a regular file of its own (a single link, or two when a spare keeps
// outputs (NewDirWriterSpare), unless shared: the theme's large files are
// linked to each other) with the permissions a new file gets and exactly
// the bytes data. The bytes are compared, not only the
// Manifest: a file edited by hand in the output is replaced.
func (pv *previous) same(p string, data []byte, shared bool) bool {
	if pv == nil || !pv.own[p] {
		return false
	}
	if same, ok := pv.sameAt(p, data, shared); ok {
		return same
	}
	if !pv.realDir(path.Dir(p)) {
		return false
	}
	f, err := openNoFollow(pv.name(p))
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) || modeBits(fi) != pv.perm {
		return false
	}
	if !shared && linkCount(fi) > pv.links {
		return false
	}
	bp := compareBufs.Get().(*[]byte)
	defer compareBufs.Put(bp)
	buf := *bp
	for len(data) > 0 {
		n, err := io.ReadFull(f, buf[:min(len(buf), len(data))])
		if err != nil || !bytes.Equal(buf[:n], data[:n]) {
			return false
		}
		data = data[n:]
	}
	return true // of the size Stat said
}

// open returns the previous output's file p open for reading, with its
// size, when same could find it the same: okrgen wrote it, and it is a
// regular file of its own with a new file's permissions, reached through
// no link. Else it returns nil.
func (pv *previous) open(p string) (*os.File, int64) {
	if pv == nil || !pv.own[p] || !pv.realDir(path.Dir(p)) {
		return nil, 0
	}
	f, err := openNoFollow(pv.name(p))
	if err != nil {
		return nil, 0
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || modeBits(fi) != pv.perm || linkCount(fi) > pv.links {
		f.Close()
		return nil, 0
	}
	return f, fi.Size()
}

// keep puts the previous build's file p, found to hold the same bytes,
// into the stage as a hard link: no new file. Where it cannot be linked
// (another file system, a file of another user) it is copied.
func (w *DirWriter) keep(p string) error {
	if err := w.mkdir(p); err != nil {
		return err
	}
	from, to := w.prev.name(p), filepath.Join(w.stage.path, filepath.FromSlash(p))
	if w.stage.recycled && sameInode(from, to) {
		return nil // the spare holds it already
	}
	err := os.Link(from, to)
	if errors.Is(err, fs.ErrExist) {
		// Put twice (the last one counts), or in a recycled stage, the
		// file of an earlier output, or a folder.
		if err = os.RemoveAll(to); err == nil {
			err = os.Link(from, to)
		}
	}
	if err == nil {
		return nil
	}
	// Copied, never through a link that appeared since the comparison.
	var data []byte
	f, err := openNoFollow(from)
	if err == nil {
		data, err = io.ReadAll(f)
		f.Close()
	}
	if err == nil {
		err = w.writeNew(to, data)
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", p, cause(err))
	}
	return nil
}

// keepAll keeps the files of pending, on a few goroutines: the first
// change found, the stage gets the unchanged files put before it.
func (w *DirWriter) keepAll(pending []string) error {
	if len(pending) == 0 {
		return nil
	}
	workers := min(4, len(pending))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := i; j < len(pending); j += workers {
				if err := w.keep(pending[j]); err != nil {
					errs[i] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// writeNew writes data to a new file name. A file already there is
// removed first, never written into: it may be a hard link to a file of
// the previous output, which must stay as it is until the swap.
func writeNew(name string, data []byte) error {
	err := createFile(name, data)
	if errors.Is(err, fs.ErrExist) {
		if err = os.Remove(name); err == nil {
			err = createFile(name, data)
		}
	}
	return err
}

// modeBits returns the permissions of fi with the setuid, setgid and
// sticky bits: a file or folder with any of those is not as a new one.
func modeBits(fi fs.FileInfo) fs.FileMode {
	return fi.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
}
