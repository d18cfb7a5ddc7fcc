package main

import (
	"os"
	"path/filepath"
	"time"
)

// A build over a previous output keeps that output, once the new one is
// swapped in, in the user's cache folder (okrgen/spares), and the next
// build of the same destination makes it into its new site: only what
// changed is written (render.NewDirWriterSpare). Unchanged files are hard
// links shared with the destination, so a spare costs its folders and the
// files that changed. A spare whose destination has not been built for
// spareAge is deleted by the next build that keeps one. Deleting the
// cache folder is always safe: the next build is a whole one.

// spareAge is how long a spare of a destination no longer built is kept.
const spareAge = 30 * 24 * time.Hour

// spareFor returns the spare of dest, or "" when there is no cache folder.
// It deletes the other spares no build has used for spareAge.
func spareFor(dest string) string {
	dir, key := cacheFor(dest, "spares")
	if dir == "" {
		return ""
	}
	pruneSpares(dir, key, time.Now().Add(-spareAge))
	return filepath.Join(dir, key)
}

// pruneSpares deletes the spares in dir but keep that have not changed
// since before.
func pruneSpares(dir, keep string, before time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Name() == keep {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.ModTime().Before(before) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}
