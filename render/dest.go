package render

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// CheckDest refuses a destination that is the source folder or holds it
// (replacing it would delete the site), one inside what the site reads
// (the output would become part of the site, and build --watch would
// rebuild forever), and an existing file.
func CheckDest(src, dest string) error {
	a, err1 := filepath.Abs(src)
	b, err2 := filepath.Abs(dest)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	a, b = followLinks(a), followLinks(b)
	if a == b {
		return fmt.Errorf("destination %s is the source folder; expected a folder of its own such as %s", dest, filepath.Join(src, "public"))
	}
	if strictlyInside(b, a) {
		return fmt.Errorf("destination %s holds the source folder %s; expected a folder of its own such as %s", dest, src, filepath.Join(src, "public"))
	}
	if name, ok := InSources(src, dest); ok && name == "okr.toml" {
		return fmt.Errorf("destination %s is the site's okr.toml; expected a folder of its own such as %s", dest, filepath.Join(src, "public"))
	} else if ok {
		return fmt.Errorf("destination %s is inside the site's %s, which okrgen reads (and build --watch watches); expected a folder outside okr.toml, content/ and themes/, such as %s", dest, name, filepath.Join(src, "public"))
	}
	if fi, err := os.Stat(dest); err == nil && !fi.IsDir() {
		return fmt.Errorf("destination %s is a file, not a folder", dest)
	}
	return nil
}

// CheckDestData refuses a destination that is, or holds, one of the data
// files the site reads (site paths, as okr.Site.DataFiles lists them): they
// may lie anywhere in the site, and a build replaces its destination
// whole, --force or not.
func CheckDestData(src, dest string, dataFiles []string) error {
	a, err1 := filepath.Abs(src)
	b, err2 := filepath.Abs(dest)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	b = followLinks(b)
	for _, f := range dataFiles {
		p := followLinks(filepath.Join(a, filepath.FromSlash(f)))
		if p == b || strictlyInside(b, p) {
			return fmt.Errorf("destination %s holds the data file %s, which okr.toml names; expected a folder of its own such as %s", dest, f, filepath.Join(src, "public"))
		}
	}
	return nil
}

// SourceNames are what okrgen reads in a site folder: a folder's name
// ends with a slash.
var SourceNames = []string{"okr.toml", "content/", "themes/"}

// InSources reports whether p is one of the site's sources or inside one
// (links followed), and which of SourceNames.
func InSources(src, p string) (string, bool) {
	a, err1 := filepath.Abs(src)
	b, err2 := filepath.Abs(p)
	if err1 != nil || err2 != nil {
		return "", false
	}
	a, b = followLinks(a), followLinks(b)
	for _, name := range SourceNames {
		s := followLinks(filepath.Join(a, strings.TrimSuffix(name, "/")))
		if b == s || strictlyInside(s, b) {
			return name, true
		}
	}
	return "", false
}

// strictlyInside reports whether p is strictly inside dir.
func strictlyInside(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// followLinks follows symbolic links in p as far as they exist.
func followLinks(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	parent := filepath.Dir(p)
	if parent == p {
		return p
	}
	return filepath.Join(followLinks(parent), filepath.Base(p))
}
