// Package treewalk walks a folder tree reading several folders at once.
package treewalk

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// readers is how many folders Walk reads at once.
const readers = 4

// Walk calls visit for every file and folder below root, by
// slash-separated path, in no order and from several goroutines at once:
// a site's output has a folder per page, and reading them one at a time
// left all but one core idle. visit reports whether to go into a folder;
// one that cannot be read is visited again with the error. Walk returns
// the error of a root that cannot be read.
func Walk(root string, visit func(rel string, d fs.DirEntry, err error) bool) error {
	var wg sync.WaitGroup
	var rootErr error
	reading := make(chan struct{}, readers)
	var read func(rel string, d fs.DirEntry)
	read = func(rel string, d fs.DirEntry) {
		defer wg.Done()
		reading <- struct{}{}
		f, err := os.Open(filepath.Join(root, filepath.FromSlash(rel)))
		var entries []fs.DirEntry
		if err == nil {
			entries, err = f.ReadDir(-1)
			f.Close()
		}
		<-reading
		if err != nil {
			if d != nil {
				visit(rel, d, err)
			} else {
				rootErr = err
			}
			return
		}
		for _, e := range entries {
			p := e.Name()
			if rel != "." {
				p = rel + "/" + p
			}
			if visit(p, e, nil) && e.IsDir() {
				wg.Add(1)
				go read(p, e)
			}
		}
	}
	wg.Add(1)
	read(".", nil)
	wg.Wait()
	return rootErr
}
