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
)

// Manifest is the file okrgen writes into an output folder to list the
// files it wrote there, so that a later build knows the folder is its own
// to replace.
const Manifest = ".okrgen-files"

// Write writes s to the folder dir, with a Manifest. It builds a new
// folder beside dir and swaps it in, so that a failed write leaves dir as
// it was. Check a folder with CheckReplace before writing over it.
func Write(s *Site, dir string) error {
	dir = filepath.Clean(dir)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return err
	}
	if err := writeTree(s, tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		old = filepath.Join(parent, "."+base+".old-"+strings.TrimPrefix(filepath.Base(tmp), "."+base+".new-"))
		if err := os.Rename(dir, old); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("cannot replace %s: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		os.RemoveAll(tmp)
		return fmt.Errorf("cannot replace %s: %w", dir, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

func writeTree(s *Site, dir string) error {
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, Manifest), manifest(s), 0o644); err != nil {
		return err
	}
	for _, p := range s.Paths() {
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, s.Files[p], 0o644); err != nil {
			return err
		}
	}
	return nil
}

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

// manifest lists a site's files, one a line, sorted.
func manifest(s *Site) []byte {
	var b strings.Builder
	b.WriteString("# Written by okrgen, which replaces this folder on every build.\n")
	for _, p := range s.Paths() {
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
