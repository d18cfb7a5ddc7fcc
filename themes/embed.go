// Package themes holds okrgen's built-in theme, embedded in the binary so
// that okrgen works anywhere, and opens a site's theme on top of it.
package themes

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

//go:embed default/layouts default/static
var builtin embed.FS

// Default returns the built-in theme: layouts/ and static/.
func Default() fs.FS {
	sub, err := fs.Sub(builtin, "default")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return sub
}

// Open returns the theme a site uses: the files of siteDir/themes/name
// where they exist, the built-in theme's for the rest. A missing folder
// leaves the built-in theme as it is.
func Open(siteDir, name string) fs.FS {
	dir := filepath.Join(siteDir, "themes", name)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return Default()
	}
	return overlay{top: os.DirFS(dir), base: Default()}
}

// overlay reads a file from top, falling back to base.
type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if f, err := o.top.Open(name); err == nil {
		if st, err := f.Stat(); err == nil && !st.IsDir() {
			return f, nil
		}
		f.Close()
	}
	return o.base.Open(name)
}

// ReadDir lists the union of both trees' entries, sorted by name.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]bool{}
	var out []fs.DirEntry
	topEntries, errTop := fs.ReadDir(o.top, name)
	baseEntries, errBase := fs.ReadDir(o.base, name)
	if errTop != nil && errBase != nil {
		return nil, errBase
	}
	for _, e := range append(topEntries, baseEntries...) {
		if !seen[e.Name()] {
			seen[e.Name()] = true
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
