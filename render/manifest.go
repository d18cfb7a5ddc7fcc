package render

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/okrgen/okrgen/internal/treewalk"
	"github.com/okrgen/okrgen/okr"
)

// Manifest is the file okrgen writes into an output folder to list the
// files it wrote there, so that a later build knows the folder is its own
// to replace.
const Manifest = ".okrgen-files"

// manifest lists the files written, one a line, sorted. A path that is not
// a plain line of text (invalid UTF-8, a newline or other control
// character, a leading quote or hash) is written quoted, as strconv.Quote
// does: a file name is any bytes but "/" and NUL.
func manifest(paths []string) []byte {
	var b strings.Builder
	b.WriteString("# Written by okrgen, which replaces this folder on every build.\n")
	for _, p := range paths {
		if plainLine(p) {
			b.WriteString(p)
		} else {
			b.WriteString(strconv.Quote(p))
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// plainLine reports whether p can stand as a line of the Manifest
// unquoted.
func plainLine(p string) bool {
	if p == "" || p[0] == '"' || p[0] == '#' || !utf8.ValidString(p) {
		return false
	}
	for _, r := range p {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// manifestPath reports whether p, read from a Manifest, is a path okrgen
// could have written: relative, inside the folder, with no empty, "." or
// ".." element and no NUL. Unlike fs.ValidPath it takes any bytes, as
// file names are.
func manifestPath(p string) bool {
	if p == "" || strings.ContainsRune(p, 0) {
		return false
	}
	for _, e := range strings.Split(p, "/") {
		if e == "" || e == "." || e == ".." {
			return false
		}
	}
	return true
}

// maxManifestSize bounds the Manifest read back: 100,000 pages list in
// about 5 MB.
const maxManifestSize = 64 << 20

// readManifest returns the files the Manifest in dir lists, unquoted;
// lines that are not paths inside dir are left out. A Manifest that
// is not a regular file (a FIFO would block the read), that links out of
// dir, or that is larger than okrgen would write, lists nothing: the
// folder's files then count as the user's.
func readManifest(dir string) []string { return parseManifest(readManifestBytes(dir)) }

// readManifestBytes returns the Manifest in dir as it is written, or nil
// when readManifest would list nothing from it.
func readManifestBytes(dir string) []byte {
	b, err := okr.ReadSource(dir, Manifest, maxManifestSize)
	if err != nil {
		return nil
	}
	return b
}

// parseManifest returns the paths the Manifest b lists, unquoted; lines
// that are not paths inside its folder are left out.
func parseManifest(b []byte) []string {
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, `"`) {
			var err error
			if line, err = strconv.Unquote(line); err != nil {
				continue
			}
		} else if strings.HasPrefix(line, "#") {
			continue
		}
		if manifestPath(line) {
			out = append(out, line)
		}
	}
	return out
}

// CheckReplace refuses to replace dir when it holds anything okrgen did
// not write there: a file or folder missing from its Manifest, or any file
// at all without one. A missing or empty dir is fine. A link to a folder
// is checked in the folder it leads to.
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
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	return foreignError(dir, foreignIn(root))
}

// foreignIn returns what the folder root holds that its Manifest does not
// list, sorted.
func foreignIn(root string) []string {
	files, dirs := map[string]bool{Manifest: true}, map[string]bool{}
	for _, p := range readManifest(root) {
		files[p] = true
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	var mu sync.Mutex
	var foreign []string
	treewalk.Walk(root, func(rel string, d fs.DirEntry, err error) bool {
		if d.IsDir() && !strings.Contains(rel, "/") && madeByOkrgen(filepath.Join(root, rel), []string{stagePrefix}) {
			return false // a build writing into this folder
		}
		// A link where okrgen made a folder is not its own.
		if own := files[rel] || dirs[rel] && d.IsDir(); err != nil || !own {
			mu.Lock()
			foreign = append(foreign, rel)
			mu.Unlock()
			return false
		}
		return true
	})
	sort.Strings(foreign)
	return foreign
}

// foreignError is CheckReplace's error for the destination dir holding the
// foreign files, or nil when there are none.
func foreignError(dir string, foreign []string) error {
	if len(foreign) == 0 {
		return nil
	}
	more := ""
	if len(foreign) > 5 {
		more = fmt.Sprintf(" and %d more", len(foreign)-5)
		foreign = foreign[:5]
	}
	if lfi, err := os.Lstat(dir); err == nil && (lfi.Mode()&fs.ModeSymlink != 0 || mountPoint(dir)) {
		return fmt.Errorf("destination %s holds files okrgen did not write (%s%s); a build writes into it file by file, "+
			"keeping them but replacing any of the same name as one of its own: choose another -d, or pass --force to build into it all the same", dir, strings.Join(foreign, ", "), more)
	}
	return fmt.Errorf("destination %s holds files okrgen did not write (%s%s), which a build would delete; "+
		"move them into the theme's static/ folder, choose another -d, or pass --force to replace them", dir, strings.Join(foreign, ", "), more)
}
