// Package themes holds okrgen's built-in theme, embedded in the binary so
// that okrgen works anywhere, and opens a site's theme on top of it.
package themes

import (
	"embed"
	"errors"
	"io/fs"
	"sort"

	"github.com/okrgen/okrgen/okr"
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
// leaves the built-in theme as it is. The site's files are read as every
// source is (okr.SourceFS): regular files inside the site, each up to
// okr.MaxThemeFileSize; any other file there is an error when read, not a
// fallback to the built-in one.
func Open(siteDir, name string) fs.FS {
	rel := "themes/" + name
	if _, err := okr.StatSource(siteDir, rel); errors.Is(err, fs.ErrNotExist) {
		return Default()
	}
	return overlay{top: okr.SourceFS(siteDir, rel, okr.MaxThemeFileSize), base: Default()}
}

// overlay reads a file from top, falling back to base where top has none.
type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return o.base.Open(name)
		}
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		if base, err := o.base.Open(name); err == nil {
			return base, nil
		}
		return o.top.Open(name)
	}
	return f, nil
}

// ReadDir lists the union of both trees' entries, sorted by name.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]bool{}
	var out []fs.DirEntry
	topEntries, errTop := fs.ReadDir(o.top, name)
	if errTop != nil && !errors.Is(errTop, fs.ErrNotExist) {
		return nil, errTop
	}
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
