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
	// A folder is read by a goroutine of its own while fewer than readers
	// read, else by the one that found it: a tree of 100,000 folders makes
	// no more goroutines than readers (one goroutine per folder, waiting
	// its turn, held 8 MB of stacks for a site of 10,000 pages).
	others := make(chan struct{}, readers-1)
	var read func(rel string, d fs.DirEntry)
	read = func(rel string, d fs.DirEntry) {
		f, err := os.Open(filepath.Join(root, filepath.FromSlash(rel)))
		var entries []fs.DirEntry
		if err == nil {
			entries, err = f.ReadDir(-1)
			f.Close()
		}
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
			if !visit(p, e, nil) || !e.IsDir() {
				continue
			}
			select {
			case others <- struct{}{}:
				wg.Add(1)
				go func() {
					defer wg.Done()
					read(p, e)
					<-others
				}()
			default:
				read(p, e)
			}
		}
	}
	read(".", nil)
	wg.Wait()
	return rootErr
}
