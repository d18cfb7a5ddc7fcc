package okr

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// The rule every reader of a site's files follows (SPEC section 8): only
// regular files inside the site folder are read, each up to a size bound.
// A named pipe, device or socket is an error, never a hang; a link is
// followed only while it stays inside the site, so that a site cannot
// publish the build machine's files (a pull request built by CI with
// content/passwd.md -> /etc/passwd, or a theme file linked to
// /proc/self/environ). Inside the site, a link in content/ must stay in
// content/ and one in themes/ in themes/, and no link may lead to a file
// or into a folder whose name starts with a dot: .git/config holds the
// token of the CI job that checked the site out, .env and .ssh/ other
// secrets. okr.toml, content/, themes/ and pdf_font are all read through
// ReadSource or SourceFS.

// Size bounds of the files a site names besides okr.toml and Markdown
// (MaxConfigSize, MaxMarkdownSize).
const (
	// MaxFontSize bounds pdf_font. The fonts pdf_font is for are the
	// largest there are: Noto Sans CJK is 16 to 20 MB a weight; 32 MB
	// leaves room and stops a mistyped path to a disk image.
	MaxFontSize = 32 << 20
	// MaxThemeFileSize bounds one file of a site's theme, a layout or a
	// static file. The largest file of the built-in theme (echarts) is
	// 1 MB; 32 MB admits any image, font or script a dashboard ships, and
	// is a third of the file size GitHub refuses, so that /dev/zero-like
	// files stop quickly.
	MaxThemeFileSize = 32 << 20
)

// SourceError is a file of a site that okrgen does not read, and why.
type SourceError struct {
	Path    string // the file's path relative to the site folder, with slashes
	Msg     string // what is wrong, to follow the file's name: "is a named pipe, not a regular file"
	Limit   int64  // the size bound the file exceeds, or 0
	Outside bool   // whether the file is, or links, outside the site folder
	Err     error  // the underlying error (fs.ErrNotExist ...), or nil
}

// Error returns "path: message".
func (e *SourceError) Error() string { return e.Path + ": " + e.Msg }

// Unwrap returns the underlying error.
func (e *SourceError) Unwrap() error { return e.Err }

// ReadSource reads the file rel (a slash-separated path relative to the
// site folder root) if it is a regular file inside the site, following
// links that stay inside and lead to no hidden file or folder, and at most
// limit bytes long. Errors are
// *SourceError; one for a missing file matches fs.ErrNotExist.
func ReadSource(root, rel string, limit int64) ([]byte, error) {
	s, err := newSiteRoot(root, "")
	if err != nil {
		return nil, err
	}
	return s.read(rel, limit)
}

// StatSource returns what the file or folder rel of the site folder root
// is, after the links it goes through, if it is inside the site. It says
// nothing of the type: ReadSource refuses what is not a regular file.
// When rel is in a folder (themes/mine), links must stay inside its top
// folder (themes/), as SourceFS has them. Errors are *SourceError.
func StatSource(root, rel string) (fs.FileInfo, error) {
	tree := ""
	if strings.Contains(rel, "/") {
		tree = topFolder(rel)
	}
	s, err := newSiteRoot(root, tree)
	if err != nil {
		return nil, err
	}
	_, fi, err := s.resolve(rel)
	return fi, err
}

// SourceFS returns the folder dir (slash-separated, relative to the site
// folder root) as a file system whose files are read as ReadSource reads
// them, each up to limit bytes, and whose links must stay inside the top
// folder of dir (content/ for content, themes/ for themes/mine). Its ReadDir lists a link to a file inside
// the site as that file, leaves out links to folders inside the site (a
// walk does not follow them, so it cannot loop), and lists every other
// entry as it is, so that opening a named pipe or a link out of the site
// fails with a *SourceError instead of being skipped without a word.
func SourceFS(root, dir string, limit int64) fs.FS {
	s, err := newSiteRoot(root, topFolder(dir))
	return sourceFS{site: s, err: err, dir: dir, limit: limit}
}

// topFolder returns the first element of the slash-separated path rel.
func topFolder(rel string) string {
	top, _, _ := strings.Cut(path.Clean(rel), "/")
	return top
}

// siteRoot is a site folder, as named and as the links to it resolve, and
// the folder of it that links must stay inside.
type siteRoot struct {
	abs      string // absolute
	real     string // absolute, without links
	tree     string // the folder links must stay in, relative, or "" for the whole site
	treeReal string // tree, absolute, without links

	dirs sync.Map // folder, absolute -> the folder without links, or its error
}

// realDir returns the folder dir (absolute) without links, resolving
// each folder once: a site's thousands of check-ins share a few folders.
func (s *siteRoot) realDir(dir string) (string, error) {
	type resolved struct {
		real string
		err  error
	}
	if r, ok := s.dirs.Load(dir); ok {
		return r.(resolved).real, r.(resolved).err
	}
	real, err := filepath.EvalSymlinks(dir)
	s.dirs.Store(dir, resolved{real, err})
	return real, err
}

// newSiteRoot returns the site folder root, whose links must stay inside
// its folder tree ("content", "themes"), or anywhere in the site for "".
func newSiteRoot(root, tree string) (*siteRoot, error) {
	abs, err := filepath.Abs(root)
	if err == nil {
		var real string
		if real, err = filepath.EvalSymlinks(abs); err == nil {
			s := &siteRoot{abs: abs, real: real, treeReal: real}
			if tree != "" && tree != "." {
				s.tree = tree
				// A tree that cannot be resolved fails each read on its own.
				s.treeReal = filepath.Join(real, filepath.FromSlash(tree))
				if r, err := filepath.EvalSymlinks(filepath.Join(abs, filepath.FromSlash(tree))); err == nil {
					s.treeReal = r
				}
			}
			return s, nil
		}
	}
	return nil, &SourceError{Path: ".", Msg: fmt.Sprintf("cannot read the site folder %s: %v", root, unwrapPathError(err)), Err: err}
}

// isOrInside reports whether p is root or inside it; both are clean and
// absolute.
func isOrInside(root, p string) bool {
	if !strings.HasPrefix(p, root) {
		return false
	}
	// A root of one separator (/) ends in it; any other does not.
	return len(p) == len(root) || strings.HasSuffix(root, string(filepath.Separator)) || p[len(root)] == filepath.Separator
}

// resolve returns the real path of rel and what it is, or why it may not
// be read.
func (s *siteRoot) resolve(rel string) (string, fs.FileInfo, error) {
	fail := func(err error, outside bool, format string, args ...any) (string, fs.FileInfo, error) {
		return "", nil, &SourceError{Path: rel, Msg: fmt.Sprintf(format, args...), Outside: outside, Err: err}
	}
	if filepath.IsAbs(filepath.FromSlash(rel)) {
		return fail(nil, true, "is outside the site folder; sources must be inside the site")
	}
	p := filepath.Join(s.abs, filepath.FromSlash(rel))
	if !isOrInside(s.abs, p) {
		return fail(nil, true, "is outside the site folder; sources must be inside the site")
	}
	li, err := os.Lstat(p)
	if err != nil {
		return fail(err, false, "cannot read: %v", unwrapPathError(err))
	}
	link := li.Mode()&fs.ModeSymlink != 0
	var real string
	if !link {
		// Not a link itself: only its folders may be.
		if dir, derr := s.realDir(filepath.Dir(p)); derr == nil {
			if dir == filepath.Dir(p) && s.real == s.abs && isOrInside(s.treeReal, p) {
				// No link on the way (most files): p is where it says,
				// inside the site and its tree; no name on the way was
				// given by a link.
				return p, li, nil
			}
			real = filepath.Join(dir, filepath.Base(p))
		}
	}
	if real == "" {
		real, err = filepath.EvalSymlinks(p)
	}
	if err != nil {
		target, _ := os.Readlink(p)
		if target == "" {
			return fail(nil, false, "is a link that cannot be followed: %v", unwrapPathError(err))
		}
		if errors.Is(err, fs.ErrNotExist) {
			return fail(nil, false, "links to %s, which does not exist", target)
		}
		if strings.Contains(err.Error(), "too many links") {
			return fail(nil, false, "links to %s in a loop of links", target)
		}
		return fail(nil, false, "links to %s, which cannot be followed: %v", target, unwrapPathError(err))
	}
	if !isOrInside(s.real, real) {
		return fail(nil, true, "links outside the site folder to %s; sources must be inside the site", real)
	}
	inSite, _ := filepath.Rel(s.real, real)
	inSite = filepath.ToSlash(inSite)
	if hidden, last := hiddenLinked(path.Clean(rel), inSite); hidden != "" {
		if last {
			return fail(nil, false, "links to %s, a file whose name starts with a dot; expected a link whose target has no name starting with a dot", inSite)
		}
		return fail(nil, false, "links to %s, inside the hidden folder %s; expected a link whose target has no name starting with a dot", inSite, hidden)
	}
	if !isOrInside(s.treeReal, real) {
		return fail(nil, false, "links to %s, outside %s/; expected a link that stays inside %s/", inSite, s.tree, s.tree)
	}
	if !link {
		return real, li, nil
	}
	fi, err := os.Stat(real)
	if err != nil {
		return fail(err, false, "cannot read: %v", unwrapPathError(err))
	}
	return real, fi, nil
}

// hiddenLinked returns the first name starting with a dot that the links
// on the way from rel to target (both slash-separated and relative to the
// site folder) lead to, and whether it is target's last element. Hidden
// names that rel itself holds are the caller's choice (a walk of content/
// leaves them out; a theme's static/.well-known/ is published), so only
// those after the part target shares with rel count.
func hiddenLinked(rel, target string) (name string, last bool) {
	if rel == target {
		return "", false
	}
	r, t := strings.Split(rel, "/"), strings.Split(target, "/")
	i := 0
	for i < len(r) && i < len(t) && r[i] == t[i] {
		i++
	}
	for ; i < len(t); i++ {
		if strings.HasPrefix(t[i], ".") && t[i] != "." {
			return t[i], i == len(t)-1
		}
	}
	return "", false
}

// typeProblem says why a file of mode m cannot be read as a source, or
// returns "".
func typeProblem(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "is a folder, not a regular file"
	case m&fs.ModeNamedPipe != 0:
		return "is a named pipe, not a regular file"
	case m&fs.ModeSocket != 0:
		return "is a socket, not a regular file"
	case m&fs.ModeDevice != 0:
		return "is a device, not a regular file"
	}
	return "is not a regular file"
}

// read reads rel, a regular file of at most limit bytes.
func (s *siteRoot) read(rel string, limit int64) ([]byte, error) {
	real, fi, err := s.resolve(rel)
	if err != nil {
		return nil, err
	}
	return readResolved(rel, real, fi, limit)
}

// readResolved reads rel, which resolve found at real and said is fi, if
// it is a regular file of at most limit bytes.
func readResolved(rel, real string, fi fs.FileInfo, limit int64) ([]byte, error) {
	// Refuse a pipe or device before opening it (opening some devices does
	// things), then check again what was opened: it may have been
	// replaced in between.
	check := func(fi fs.FileInfo) error {
		if msg := typeProblem(fi.Mode()); msg != "" {
			return &SourceError{Path: rel, Msg: msg}
		}
		if fi.Size() > limit {
			return &SourceError{Path: rel, Msg: fmt.Sprintf("file is %s; expected at most %s", size(fi.Size()), size(limit)), Limit: limit}
		}
		return nil
	}
	if err := check(fi); err != nil {
		return nil, err
	}
	f, err := openSource(real)
	if err != nil {
		return nil, &SourceError{Path: rel, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err)), Err: err}
	}
	defer f.Close()
	if fi, err = f.Stat(); err == nil {
		err = check(fi)
	}
	if err != nil {
		return nil, err
	}
	// The file may grow while it is read: read one byte more than allowed.
	// ReadFrom wants bytes.MinRead free before each read, the one that
	// meets the end included: with less it would double the buffer.
	var b bytes.Buffer
	b.Grow(int(fi.Size()) + bytes.MinRead)
	if _, err := b.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, &SourceError{Path: rel, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err)), Err: err}
	}
	if int64(b.Len()) > limit {
		return nil, &SourceError{Path: rel, Msg: fmt.Sprintf("file is more than %s; expected at most %s", size(limit), size(limit)), Limit: limit}
	}
	return b.Bytes(), nil
}

// sourceFS is what SourceFS returns.
type sourceFS struct {
	site  *siteRoot
	err   error // why the site folder cannot be read
	dir   string
	limit int64
}

// rel returns the site-relative path of name, or an error for a name
// fs.FS does not allow.
func (f sourceFS) rel(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if f.err != nil {
		return "", f.err
	}
	return path.Join(f.dir, name), nil
}

// Open opens a regular file, read into memory up to the limit, or a folder.
func (f sourceFS) Open(name string) (fs.File, error) {
	rel, err := f.rel("open", name)
	if err != nil {
		return nil, err
	}
	real, fi, err := f.site.resolve(rel)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return &sourceDir{fs: f, name: name, info: renamed{fi, path.Base(name)}}, nil
	}
	data, err := readResolved(rel, real, fi, f.limit)
	if err != nil {
		return nil, err
	}
	return &sourceFile{Reader: bytes.NewReader(data), info: memInfo{name: path.Base(name), size: int64(len(data)), mode: fi.Mode(), mod: fi.ModTime()}}, nil
}

// ReadFile reads a file as Open does.
func (f sourceFS) ReadFile(name string) ([]byte, error) {
	rel, err := f.rel("read", name)
	if err != nil {
		return nil, err
	}
	return f.site.read(rel, f.limit)
}

// Stat returns what name is, after the links it goes through.
func (f sourceFS) Stat(name string) (fs.FileInfo, error) {
	rel, err := f.rel("stat", name)
	if err != nil {
		return nil, err
	}
	_, fi, err := f.site.resolve(rel)
	if err != nil {
		return nil, err
	}
	return renamed{fi, path.Base(name)}, nil
}

// ReadDir lists a folder sorted by name, as SourceFS says.
func (f sourceFS) ReadDir(name string) ([]fs.DirEntry, error) {
	rel, err := f.rel("readdir", name)
	if err != nil {
		return nil, err
	}
	real, fi, err := f.site.resolve(rel)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, &SourceError{Path: rel, Msg: "is not a folder"}
	}
	entries, err := os.ReadDir(real)
	if err != nil {
		return nil, &SourceError{Path: rel, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err)), Err: err}
	}
	out := entries[:0]
	for _, e := range entries {
		if e.Type()&fs.ModeSymlink != 0 {
			if _, fi, err := f.site.resolve(path.Join(rel, e.Name())); err == nil {
				if fi.IsDir() {
					continue // not followed
				}
				e = fs.FileInfoToDirEntry(renamed{fi, e.Name()})
			}
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// renamed is a FileInfo under another name: a link's, for its target.
type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }

// sourceFile is a file of a sourceFS, held in memory.
type sourceFile struct {
	*bytes.Reader
	info memInfo
}

func (f *sourceFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *sourceFile) Close() error               { return nil }

// memInfo describes a sourceFile.
type memInfo struct {
	name string
	size int64
	mode fs.FileMode
	mod  time.Time
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return i.mode }
func (i memInfo) ModTime() time.Time { return i.mod }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

// sourceDir is a folder of a sourceFS.
type sourceDir struct {
	fs      sourceFS
	name    string
	info    fs.FileInfo
	entries []fs.DirEntry
	read    bool
}

func (d *sourceDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *sourceDir) Close() error               { return nil }
func (d *sourceDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}

// ReadDir lists the folder as sourceFS.ReadDir does, n entries at a time.
func (d *sourceDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		entries, err := d.fs.ReadDir(d.name)
		if err != nil {
			return nil, err
		}
		d.entries, d.read = entries, true
	}
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}
