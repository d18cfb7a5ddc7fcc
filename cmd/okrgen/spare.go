package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// pruning starts the name a spare is given while it is deleted.
const pruning = ".pruning-"

// pruneSpares deletes the spares in dir but keep that have not changed
// since before. Each is first moved aside, in one rename: a build of its
// destination may be taking it at the same moment (in one rename too),
// and must find it whole or not at all. What a prune that was stopped
// left aside is deleted too.
func pruneSpares(dir, keep string, before time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(dir, name)
		switch {
		case name == keep:
		case strings.HasPrefix(name, pruning):
			os.RemoveAll(p)
		default:
			if fi, err := e.Info(); err == nil && fi.ModTime().Before(before) {
				aside := filepath.Join(dir, fmt.Sprintf("%s%d-%s", pruning, os.Getpid(), name))
				if os.Rename(p, aside) == nil {
					os.RemoveAll(aside)
				}
			}
		}
	}
}
