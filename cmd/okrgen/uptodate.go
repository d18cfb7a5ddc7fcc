package main

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/okrgen/okrgen/internal/treewalk"
	"github.com/okrgen/okrgen/render"
)

// A build whose inputs are those of the last build of the same destination,
// into a destination as that build left it, has nothing to do: it writes
// nothing and says what that build said. What the last build saw is kept in
// a record in the user's cache folder (never beside or inside the
// destination):
//   - the inputs: okrgen's executable, the flags that shape the output (site
//     and destination folders, as_of, base URL, PDFs or not), the umask, and every file
//     and folder of the site but the destination and .git, by path, kind,
//     size, modification and change times and inode. The change time moves
//     on every write, whatever a tool does to the modification time.
//   - the destination after the build, the same way: a file edited, added or
//     removed there by hand makes the next build a whole one.
//   - the build's counts and warnings, to say again.
// A build into a new folder is not recorded (CI builds so, every time):
// the next one over it is, and the one after can have nothing to do.
// Any doubt (no cache folder, a record that does not parse, a file that
// cannot be read) means a whole build. A build is not recorded when a file
// of the site changed in the two seconds before it began: on a file system
// that keeps times to the second, an edit later in that second would not
// show.

// buildRecord is what a build of a destination leaves in the cache.
type buildRecord struct {
	Inputs   string       `json:"inputs"`
	Output   string       `json:"output"`
	Stats    render.Stats `json:"stats"`
	Warnings []string     `json:"warnings"`
}

// maxRecord bounds the size of a record read back: its warnings are few.
const maxRecord = 4 << 20

// recordFile returns where the record of builds into dest is kept, or ""
// when there is no cache folder.
func recordFile(dest string) string {
	dir, key := cacheFor(dest, "builds")
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, key+".json")
}

// cacheFor returns the folder of the user's cache where okrgen keeps what
// of kind, and the name of dest's there; "" when there is no cache folder.
func cacheFor(dest, kind string) (dir, key string) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", ""
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return "", ""
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cache, "okrgen", kind), hex.EncodeToString(sum[:12])
}

// upToDate returns the record of the last build of p.dest when p would
// build the same output again and p.dest is as that build left it, else
// nil; and the inputs' hash, "" when the build is not to be recorded:
// p.reuse unset, a new folder (CI's flow: the walks would be for nothing),
// the leftovers of an interrupted build beside or inside p.dest (a whole
// build removes them), or no cache folder.
func upToDate(p *pipeline) (*buildRecord, string) {
	if !p.reuse {
		return nil, ""
	}
	if _, err := os.Lstat(p.dest); err != nil || render.HasLeftovers(p.dest) {
		return nil, ""
	}
	file := recordFile(p.dest)
	if file == "" {
		return nil, ""
	}
	inputs, newest, err := inputsHash(p)
	if err != nil || newest > time.Now().Add(-racy).UnixNano() {
		return nil, ""
	}
	// A regular file of a record's size, which cannot block the read.
	if fi, err := os.Lstat(file); err != nil || !fi.Mode().IsRegular() || fi.Size() > maxRecord {
		return nil, inputs
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, inputs
	}
	var rec buildRecord
	if json.Unmarshal(data, &rec) != nil || rec.Inputs != inputs {
		return nil, inputs
	}
	if out, _, err := treeHash(nil, p.dest, ""); err != nil || out != rec.Output {
		return nil, inputs
	}
	return &rec, inputs
}

// saveRecord keeps what the build of p.dest from inputs (inputsHash) said,
// with the destination as it is now. Failing to is no error: the next
// build is a whole one.
func saveRecord(p *pipeline, inputs string, res *result) {
	file := recordFile(p.dest)
	if file == "" || inputs == "" {
		return
	}
	out, _, err := treeHash(nil, p.dest, "")
	if err != nil {
		os.Remove(file)
		return
	}
	data, err := json.Marshal(buildRecord{Inputs: inputs, Output: out, Stats: res.stats, Warnings: res.warnings})
	if err != nil || os.MkdirAll(filepath.Dir(file), 0o755) != nil {
		return
	}
	tmp := fmt.Sprintf("%s.%d.tmp", file, os.Getpid())
	if os.WriteFile(tmp, data, 0o644) != nil || os.Rename(tmp, file) != nil {
		os.Remove(tmp)
	}
}

// racy is how long before a build a change of the site keeps it from being
// recorded.
const racy = 2 * time.Second

// inputsHash hashes what shapes the output of p: okrgen's executable, the
// flags and the site's files (see above); with the newest change time of
// those files.
func inputsHash(p *pipeline) (string, int64, error) {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return "", 0, err
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return "", 0, err
	}
	if _, ok := writeStat(h, "", fi); !ok {
		return "", 0, errors.New("no change times here")
	}
	src, err := filepath.Abs(p.src)
	if err != nil {
		return "", 0, err
	}
	dest, err := filepath.Abs(p.dest)
	if err != nil {
		return "", 0, err
	}
	// The umask too: the files' permissions are part of the output.
	fmt.Fprintf(h, "%q %q %q %q %v %o\n", src, dest, p.asOf.date().String(), p.baseURL, p.pdfs, umask())
	return treeHash(h, src, dest)
}

// treeHash hashes the path, kind, size, times and inode of every file and
// folder under root (not root itself), into h or a new hash, leaving out
// the folder skip and every .git; with the newest change time among them.
// A root that is a link is followed. The folders are read several at once
// (treewalk), the entries hashed in the order of their paths.
func treeHash(h hash.Hash, root, skip string) (sum string, newest int64, err error) {
	if h == nil {
		h = sha256.New()
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	type entry struct {
		rel    string
		fi     fs.FileInfo
		target string // a link's
	}
	var mu sync.Mutex
	var entries []entry
	var failed error
	fail := func(err error) bool {
		mu.Lock()
		failed = cmp.Or(failed, err)
		mu.Unlock()
		return false
	}
	err = treewalk.Walk(root, func(rel string, d fs.DirEntry, err error) bool {
		if err != nil {
			return fail(err)
		}
		path := filepath.Join(root, filepath.FromSlash(rel))
		if d.IsDir() && (path == skip || d.Name() == ".git") {
			return false
		}
		fi, err := d.Info()
		if err != nil {
			return fail(err)
		}
		e := entry{rel: filepath.FromSlash(rel), fi: fi}
		if fi.Mode()&fs.ModeSymlink != 0 {
			if e.target, err = os.Readlink(path); err != nil {
				return fail(err)
			}
		}
		mu.Lock()
		entries = append(entries, e)
		mu.Unlock()
		return true
	})
	if err = cmp.Or(err, failed); err != nil {
		return "", 0, err
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.rel, b.rel) })
	for _, e := range entries {
		ctime, ok := writeStat(h, e.rel, e.fi)
		if !ok {
			return "", 0, errors.New("no change times here")
		}
		newest = max(newest, ctime)
		if e.fi.Mode()&fs.ModeSymlink != 0 {
			fmt.Fprintf(h, "-> %q\n", e.target)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), newest, nil
}

// writeStat writes what identifies a version of the file fi at rel into h,
// and returns its change time, with whether the system gave it and the
// inode.
func writeStat(h hash.Hash, rel string, fi fs.FileInfo) (int64, bool) {
	ino, ctime, ok := inodeAndChange(fi)
	if !ok {
		return 0, false
	}
	var b [40]byte
	binary.LittleEndian.PutUint64(b[0:], uint64(fi.Mode()))
	binary.LittleEndian.PutUint64(b[8:], uint64(fi.Size()))
	binary.LittleEndian.PutUint64(b[16:], uint64(fi.ModTime().UnixNano()))
	binary.LittleEndian.PutUint64(b[24:], uint64(ctime))
	binary.LittleEndian.PutUint64(b[32:], ino)
	fmt.Fprintf(h, "%q ", rel)
	h.Write(b[:])
	return ctime, true
}
