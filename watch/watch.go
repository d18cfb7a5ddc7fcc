// Package watch watches an okrgen site for changes: okr.toml, and content/
// and themes/ recursively, folders created later included; and the same in
// the folders of its teams (Sites), and its data files (Also). Editor saves of
// every kind (in place, temp file then rename, delete then create, vim's
// backup dance, JetBrains' safe write) come out as changes of the real
// files; editor temp, backup and swap files are ignored. A burst of events
// becomes one batch after a short quiet period, and batches that arrive
// while the previous one is being handled are merged into one. A batch
// names files only: those created, written or removed during the burst. A
// file that came and went within it (a temporary file of any name, as
// sed -i writes) and a folder as such are no change.
package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultQuiet is how long the tree must stay quiet before a batch goes out:
// the events of one editor save come within a few milliseconds.
const DefaultQuiet = 25 * time.Millisecond

// Watched names what is watched below a site's root.
var Watched = []string{"okr.toml", "content", "themes"}

// maxInbox is how many events wait for the watcher at most; past it they
// are dropped and the tree is scanned again, as after fsnotify's overflow.
const maxInbox = 1 << 16

// Watcher watches one site.
//
// fsnotify's reader goroutine sends some errors while it holds the lock
// that Add and Remove take, and its Errors channel is unbuffered: a
// goroutine that drains the channels must never call Add or Remove, or the
// two wait for each other forever. So one goroutine (drain) does nothing
// but move what fsnotify sends into the inbox, and another (loop) handles
// the inbox, watching new folders and dropping removed ones, and applies
// what Also and Sites ask for.
type Watcher struct {
	root  string
	quiet time.Duration
	fw    *fsnotify.Watcher

	inMu     sync.Mutex
	inbox    []fsnotify.Event // events drained, not yet handled
	overflow bool             // events were lost: scan the tree again
	arrived  chan struct{}    // signalled when the inbox has something
	drained  chan struct{}    // closed when fsnotify has closed its channels

	known map[string]bool // site paths of the files as of the last batch; loop's own

	// What Also and Sites ask for is applied by the loop before it
	// handles another event; while no loop runs, they apply it themselves,
	// under cfgMu. Either way fsnotify's Add and Remove are called by one
	// goroutine at a time, and never by drain. Also and Sites return once
	// what they asked for is applied: a file saved after they return, in
	// a folder they added, is seen. The maps of a config are replaced,
	// never changed in place.
	cfgMu   sync.Mutex
	asked   config        // the last Also and Sites asked for (dirs unused)
	changed bool          // asked changed since the loop applied it
	running bool          // a loop runs: it applies asked
	reconf  chan struct{} // signalled when asked changes
	applied chan struct{} // closed once asked is applied; nil while none waits

	cur config // applied; loop's own while it runs

	mu      sync.Mutex
	pending map[string]bool // site-relative paths changed since the last batch went out
	ready   chan struct{}   // signalled when pending has a batch
	burst   bool            // changes are being noted, not yet settled into pending

	lastNoted atomic.Int64 // when the loop last noted a change, in Unix nanoseconds
}

// config is what is watched besides what Watched names at the root.
type config struct {
	also  map[string]bool // site paths of files watched (Also)
	sites map[string]bool // site paths of team folders, each watched as the root is (Sites)
	dirs  map[string]bool // folders watched to reach them, outside the watched trees
}

// New starts watching the site in root. Close it when done.
func New(root string, quiet time.Duration) (*Watcher, error) {
	fw, err := fsnotify.NewBufferedWatcher(1024)
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		root: filepath.Clean(root), quiet: quiet, fw: fw,
		arrived: make(chan struct{}, 1), drained: make(chan struct{}),
		known: map[string]bool{}, reconf: make(chan struct{}, 1),
		pending: map[string]bool{}, ready: make(chan struct{}, 1),
	}
	// Drain before the first Add: the Adds below wait for the reader,
	// which may be waiting to send.
	go w.drain()
	if err := fw.Add(w.root); err != nil {
		w.Close()
		return nil, err
	}
	if fi, err := os.Lstat(filepath.Join(w.root, Watched[0])); err == nil && !fi.IsDir() {
		w.known[Watched[0]] = true
	}
	for _, name := range Watched[1:] {
		for _, p := range w.addTree(context.Background(), filepath.Join(w.root, name), true) {
			w.known[p] = true
		}
	}
	return w, nil
}

// Close stops watching. It does not wait for a Run in progress; cancel
// Run's context for that.
func (w *Watcher) Close() error {
	err := w.fw.Close()
	<-w.drained
	return err
}

// drain moves fsnotify's events into the inbox until fsnotify closes its
// channels. It never calls fsnotify, and never blocks but on the channels.
func (w *Watcher) drain() {
	defer close(w.drained)
	events, errs := w.fw.Events, w.fw.Errors
	for events != nil || errs != nil {
		select {
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			w.put(ev, false)
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			// Other errors (a folder gone before fsnotify could drop its
			// watch) say nothing the events do not.
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.put(fsnotify.Event{}, true)
			}
		}
	}
}

// put adds an event, or an overflow, to the inbox and signals it.
func (w *Watcher) put(ev fsnotify.Event, overflow bool) {
	w.inMu.Lock()
	switch {
	case overflow || len(w.inbox) >= maxInbox:
		w.overflow = true
	default:
		w.inbox = append(w.inbox, ev)
	}
	w.inMu.Unlock()
	select {
	case w.arrived <- struct{}{}:
	default: // signalled already
	}
}

// takeInbox returns and clears the inbox.
func (w *Watcher) takeInbox() ([]fsnotify.Event, bool) {
	w.inMu.Lock()
	defer w.inMu.Unlock()
	evs, overflow := w.inbox, w.overflow
	w.inbox, w.overflow = nil, false
	return evs, overflow
}

// Run calls changed with each batch of changed paths (relative to the
// site, with slashes, sorted) until ctx is done or the watcher is closed.
// Calls are sequential: changes seen during a call make one more call
// after it. Run returns once ctx is done and a call in progress has
// returned.
func (w *Watcher) Run(ctx context.Context, changed func(paths []string)) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-w.ready:
				if batch := w.take(); len(batch) > 0 {
					changed(batch)
				}
			}
		}
	}()
	w.cfgMu.Lock()
	w.running = true
	w.cfgMu.Unlock()
	go func() {
		// The loop ends on its own once ctx is done: Run does not wait
		// for it, should fsnotify ever hold it up.
		w.loop(ctx)
		w.cfgMu.Lock()
		w.running = false
		// What was asked for while the loop was ending is applied as
		// when no loop runs, and whoever asked for it is let go.
		w.applyAsked()
		w.cfgMu.Unlock()
		cancel()
	}()
	<-ctx.Done()
	<-done
}

// Settled waits until no change has been noted for d, and reports whether
// what a build begun at t read is the tree as it is now: no change was
// noted after t, or those noted made no batch (a temporary file came and
// went). It reports false when a batch is on its way. With a debounce
// shorter than d, the build of a batch overlaps the rest of the wait, and
// one published only when Settled says so is one a debounce of d would
// have given.
func (w *Watcher) Settled(t time.Time, d time.Duration) bool {
	for {
		last := time.Unix(0, w.lastNoted.Load())
		wait := time.Until(last.Add(d))
		if wait <= 0 {
			if !last.After(t) {
				return true
			}
			break
		}
		time.Sleep(min(wait, time.Millisecond))
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return !w.burst && len(w.pending) == 0
}

// take returns and clears the pending batch.
func (w *Watcher) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]string, 0, len(w.pending))
	for p := range w.pending {
		out = append(out, p)
	}
	w.pending = map[string]bool{}
	sort.Strings(out)
	return out
}

// loop handles the inbox and debounces: a batch goes out when the tree
// has been quiet for w.quiet.
func (w *Watcher) loop(ctx context.Context) {
	var timer *time.Timer
	var fire <-chan time.Time
	var seen map[string]bool // changes of the burst in progress
	note := func(paths ...string) {
		w.lastNoted.Store(time.Now().UnixNano())
		if seen == nil {
			w.mu.Lock()
			w.burst = true
			w.mu.Unlock()
			seen = map[string]bool{}
		}
		for _, p := range paths {
			seen[p] = true
		}
		if timer == nil {
			timer = time.NewTimer(w.quiet)
		} else {
			timer.Reset(w.quiet)
		}
		fire = timer.C
	}
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	w.applyWanted() // asked for while no loop ran
	// handle handles the inbox; it reports whether anything was noted.
	handle := func() bool {
		// What Also and Sites asked for before these events happened
		// applies to them.
		w.applyWanted()
		noted := false
		evs, overflow := w.takeInbox()
		if overflow {
			// Events were lost: watch everything again, and count
			// every file as changed, the ones known gone included.
			for _, site := range w.siteFolders() {
				for _, name := range Watched[1:] {
					note(w.addTree(ctx, w.abs(path.Join(site, name)), true)...)
				}
				note(path.Join(site, Watched[0]))
			}
			for p := range w.known {
				note(p)
			}
			noted = true
		}
		for _, ev := range evs {
			if ctx.Err() != nil {
				return noted
			}
			if paths := w.event(ctx, ev); len(paths) > 0 {
				note(paths...)
				noted = true
			}
		}
		return noted
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.drained:
			return // closed
		case <-w.arrived:
			handle()
		case <-w.reconf:
			w.applyWanted()
		case <-fire:
			fire = nil
			// Events that came while the loop was busy or not scheduled
			// (a loaded machine) belong to this burst: it goes on.
			if len(w.fw.Events) > 0 {
				fire = timer.C
				timer.Reset(w.quiet)
				continue
			}
			select {
			case <-w.arrived:
				if handle() {
					continue
				}
			default:
			}
			if ctx.Err() != nil {
				return
			}
			changed := w.settle(seen)
			seen = nil
			w.mu.Lock()
			w.burst = false
			for _, p := range changed {
				w.pending[p] = true
			}
			w.mu.Unlock()
			if len(changed) == 0 {
				continue
			}
			select {
			case w.ready <- struct{}{}:
			default: // a batch is signalled already; it will carry these too
			}
		}
	}
}

// settle turns the paths seen during a burst into the files the burst
// changed, and updates w.known to match: a file there now, or one known
// before and gone now. A folder stands for the known files below it that
// are gone. A file that was not there before the burst and is not there
// after it (an editor's or a tool's temporary file) changed nothing.
func (w *Watcher) settle(seen map[string]bool) []string {
	var changed []string
	gone := func(p string) {
		changed = append(changed, p)
		delete(w.known, p)
	}
	var folders []string // seen, and a folder or gone: maybe a folder gone
	for p := range seen {
		fi, err := os.Lstat(w.abs(p))
		switch {
		case err == nil && !fi.IsDir():
			changed = append(changed, p)
			w.known[p] = true
			continue
		case w.known[p]:
			gone(p) // removed, or a folder now: no known file is below it
			continue
		}
		folders = append(folders, p+"/")
	}
	if len(folders) > 0 {
		for p := range w.known {
			if seen[p] {
				continue
			}
			for _, f := range folders {
				if strings.HasPrefix(p, f) {
					if _, err := os.Lstat(w.abs(p)); err != nil {
						gone(p)
					}
					break
				}
			}
		}
	}
	return changed
}

// abs returns the path of a site path on disk.
func (w *Watcher) abs(p string) string { return filepath.Join(w.root, filepath.FromSlash(p)) }

// event handles one event and returns the site paths it changes.
func (w *Watcher) event(ctx context.Context, ev fsnotify.Event) []string {
	if ev.Op == fsnotify.Chmod || Ignored(filepath.Base(ev.Name)) {
		return nil
	}
	rel, ok := w.rel(ev.Name)
	if !ok {
		switch {
		case rel == "":
		case ev.Has(fsnotify.Create):
			return w.dirCreated(ctx, rel)
		case (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) && w.cur.dirs[rel]:
			// A folder on the way to a team or a data file, gone: it
			// stands for the known files below it (settle).
			return []string{rel}
		}
		return nil
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			// A new folder (or one back after a git checkout): watch it,
			// and count the files already in it, written before the watch.
			return append([]string{rel}, w.addTree(ctx, ev.Name, true)...)
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		// A removed folder drops its watch; a file was never watched.
		_ = w.fw.Remove(ev.Name)
	}
	return []string{rel}
}

// rel returns the site-relative path of name, and whether it is watched;
// "" for a path outside the site.
func (w *Watcher) rel(name string) (string, bool) {
	r, err := filepath.Rel(w.root, name)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	r = filepath.ToSlash(r)
	return r, w.watched(r)
}

// watched reports whether the site path p is watched: it lies in what
// Watched names at the root or in a team's folder, or Also names it.
func (w *Watcher) watched(p string) bool {
	if inWatched(p) || w.cur.also[p] {
		return true
	}
	for site := range w.cur.sites {
		if rest, ok := strings.CutPrefix(p, site+"/"); ok && inWatched(rest) {
			return true
		}
	}
	return false
}

// inWatched reports whether the site path p lies in what Watched names.
func inWatched(p string) bool {
	top, _, _ := strings.Cut(p, "/")
	for _, name := range Watched {
		if top == name {
			return true
		}
	}
	return false
}

// Also watches the files at the site paths given (slash-separated,
// relative to the site) besides those Watched names, in place of the ones
// given before: a site's data files, which may lie anywhere in it. A file
// or its folders need not exist yet: made later, they are seen. Paths
// outside the site are ignored. It may be called from any goroutine while
// Run runs, changed included, and returns once the files are watched;
// serve and build --watch call it after every rebuild with the data files
// that okr.toml names.
func (w *Watcher) Also(paths []string) {
	w.want(func(c *config) { c.also = sitePaths(paths) })
}

// Sites watches the folders given (site paths of the organisation's team
// sites, SPEC section 9) as the site's own: each one's okr.toml, content/
// and themes/, recursively, in place of the folders given before. A
// folder need not exist yet: made later, it is seen, and so are the files
// in it. Its files are reported as the site's, by their path from the
// root. Folders outside the site are ignored. Like Also, it may be called
// from any goroutine while Run runs, and returns once the folders are
// watched: a save after it returns is seen. serve and build --watch call
// it after every load with the team folders it read.
func (w *Watcher) Sites(folders []string) {
	w.want(func(c *config) { c.sites = sitePaths(folders) })
}

// sitePaths returns the site paths given, cleaned, without those outside
// the site or the root itself.
func sitePaths(paths []string) map[string]bool {
	out := map[string]bool{}
	for _, p := range paths {
		p = path.Clean(p)
		if p == "." || p == ".." || strings.HasPrefix(p, "../") || path.IsAbs(p) {
			continue
		}
		out[p] = true
	}
	return out
}

// want asks for a change of what is watched, and returns once it is
// applied: by the loop, before it handles another event, or by want
// itself while no loop runs. A change applied later than want returns
// would miss the saves made in between in a team folder added: its files
// are taken as read by the load that named the team (apply).
func (w *Watcher) want(change func(*config)) {
	w.cfgMu.Lock()
	change(&w.asked)
	w.changed = true
	if !w.running {
		w.applyAsked()
		w.cfgMu.Unlock()
		return
	}
	if w.applied == nil {
		w.applied = make(chan struct{})
	}
	applied := w.applied
	w.cfgMu.Unlock()
	select {
	case w.reconf <- struct{}{}:
	default: // signalled already
	}
	// The loop never waits for this goroutine (which may be the one that
	// calls Run's changed), and it lets go of it when it ends.
	<-applied
}

// applyAsked applies what Also and Sites asked for since it last was, if
// anything, and lets go of whoever waits for it. It is called with cfgMu
// held, by the loop's goroutine or while no loop runs.
func (w *Watcher) applyAsked() {
	if w.changed {
		w.apply(w.asked)
		w.changed = false
	}
	if w.applied != nil {
		close(w.applied)
		w.applied = nil
	}
}

// applyWanted applies what Also and Sites asked for since it last did, if
// anything; the loop calls it.
func (w *Watcher) applyWanted() {
	w.cfgMu.Lock()
	defer w.cfgMu.Unlock()
	w.applyAsked()
}

// apply makes c what is watched besides Watched: it watches the folders
// that lead to the files and team folders of c, and the trees of the
// teams new in c, and drops the watches c no longer needs. The files of a
// new team are known from then on, not changed: the load that named the
// team read them. It walks the trees of new teams to the end, even once
// a Run's context is done: a config is applied whole or not at all, as
// the next Run has it applied already.
func (w *Watcher) apply(c config) {
	old := w.cur
	c.dirs = map[string]bool{}
	on := func(p string) { // the folders on the way to p, p excluded
		for d := path.Dir(p); d != "." && !inWatched(d); d = path.Dir(d) {
			c.dirs[d] = true
		}
	}
	for p := range c.also {
		on(p)
	}
	for site := range c.sites {
		on(site + "/" + Watched[0])
	}
	w.cur = c
	for d := range c.dirs {
		if !old.dirs[d] {
			_ = w.fw.Add(w.abs(d)) // fails while d does not exist: see dirCreated
		}
	}
	for site := range c.sites {
		if !old.sites[site] {
			for _, p := range w.addSite(context.Background(), site) {
				w.known[p] = true
			}
		}
	}
	for site := range old.sites {
		if !c.sites[site] {
			w.dropSite(site)
		}
	}
	for d := range old.dirs {
		if !c.dirs[d] {
			_ = w.fw.Remove(w.abs(d))
		}
	}
}

// addSite watches the content/ and themes/ trees of a team's folder, and
// returns the site paths of its files, okr.toml included.
func (w *Watcher) addSite(ctx context.Context, site string) []string {
	var files []string
	if fi, err := os.Lstat(w.abs(site + "/" + Watched[0])); err == nil && !fi.IsDir() {
		files = append(files, site+"/"+Watched[0])
	}
	for _, name := range Watched[1:] {
		files = append(files, w.addTree(ctx, w.abs(site+"/"+name), true)...)
	}
	return files
}

// dropSite drops the watches of a team's content/ and themes/ trees, and
// forgets its files.
func (w *Watcher) dropSite(site string) {
	for _, name := range Watched[1:] {
		tree := site + "/" + name
		for _, p := range w.fw.WatchList() {
			if r, ok := w.rel(p); (r == tree || strings.HasPrefix(r, tree+"/")) && !ok {
				_ = w.fw.Remove(p)
			}
		}
	}
	for p := range w.known {
		if rest, ok := strings.CutPrefix(p, site+"/"); ok && inWatched(rest) && !w.watched(p) {
			delete(w.known, p)
		}
	}
}

// siteFolders returns the site paths of the root and of every team folder
// watched: "" for the root.
func (w *Watcher) siteFolders() []string {
	out := []string{""}
	for site := range w.cur.sites {
		out = append(out, site)
	}
	sort.Strings(out[1:])
	return out
}

// dirCreated handles the creation of a folder on the way to a file named
// with Also or to a team's folder, or of a team's folder itself: it
// watches it, the folders below it on those ways, and the trees of the
// teams in it, and returns the site paths of the files already there.
func (w *Watcher) dirCreated(ctx context.Context, r string) []string {
	if !w.cur.dirs[r] && !w.cur.sites[r] {
		return nil
	}
	var found []string
	for d := range w.cur.dirs {
		if d == r || strings.HasPrefix(d, r+"/") {
			_ = w.fw.Add(w.abs(d))
		}
	}
	for p := range w.cur.also {
		if strings.HasPrefix(p, r+"/") {
			if _, err := os.Lstat(w.abs(p)); err == nil {
				found = append(found, p)
			}
		}
	}
	for site := range w.cur.sites {
		if site == r || strings.HasPrefix(site, r+"/") {
			found = append(found, w.addSite(ctx, site)...)
		}
	}
	sort.Strings(found)
	return found
}

// addTree watches dir and the folders below it. With files set it returns
// the site paths of the files found. It stops early when ctx is done.
func (w *Watcher) addTree(ctx context.Context, dir string, files bool) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return fs.SkipAll
		}
		if err != nil {
			return nil
		}
		if p != dir && Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			_ = w.fw.Add(p)
		} else if files {
			if rel, ok := w.rel(p); ok {
				out = append(out, rel)
			}
		}
		return nil
	})
	return out
}

// Ignored reports whether a file name is hidden, or an editor's temporary,
// backup, swap or lock file: vim's "x~", ".x.swp" and "4913", emacs's
// "#x#" and ".#x", JetBrains' "x___jb_tmp___" and "x___jb_old___", and
// "x.tmp" of editors that write a temporary file and rename it.
func Ignored(name string) bool {
	switch {
	case name == "" || name == "4913":
		return true
	case strings.HasPrefix(name, "."), strings.HasSuffix(name, "~"):
		return true
	case strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true
	case strings.Contains(name, "___jb_"):
		return true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".swp", ".swo", ".swx", ".tmp", ".bak", ".crswap":
		return true
	}
	return false
}
