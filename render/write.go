package render

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Write writes s to the folder dir. It builds a new folder beside dir and
// swaps it in, so that a failed write leaves dir as it was.
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
