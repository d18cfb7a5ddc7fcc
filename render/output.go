package render

import (
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Output receives the files of a render, from several goroutines at once.
type Output interface {
	Put(path string, data []byte) error
}

// Stats count what a render produced.
type Stats struct {
	Files    int
	Pages    int      // HTML pages
	PDFs     int      // PDFs rendered (not lazy ones)
	Warnings []string // what a user should know, such as characters a PDF font lacks
}

// Site is a rendered site held in memory, as okrgen serve keeps it. It is
// an Output.
type Site struct {
	Stats
	Files map[string][]byte
	Lazy  map[string]func() ([]byte, error) // files rendered on demand (Options.Lazy)
	mu    sync.Mutex
}

// Put stores a file.
func (s *Site) Put(path string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Files == nil {
		s.Files = map[string][]byte{}
	}
	s.Files[path] = data
	return nil
}

// Paths returns the site's output paths, sorted.
func (s *Site) Paths() []string {
	out := make([]string, 0, len(s.Files))
	for p := range s.Files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// put hands a file to the output and counts it.
func (r *renderer) put(path string, data []byte) error {
	r.mu.Lock()
	r.stats.Files++
	if strings.HasSuffix(path, ".html") {
		r.stats.Pages++
	}
	r.mu.Unlock()
	return r.out.Put(path, data)
}

// emit hands a file to the output: rendered now, or with Options.Lazy when
// asked for.
func (r *renderer) emit(path string, gen func() ([]byte, error)) error {
	if r.lazy != nil {
		r.lazy.Lazy[path] = gen
		return nil
	}
	b, err := gen()
	if err != nil {
		return err
	}
	return r.put(path, b)
}

// parallel runs jobs on every core and returns the first error.
func parallel(jobs []func() error) error {
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	next := make(chan func() error)
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		go func() {
			var first error
			for job := range next {
				if err := job(); err != nil && first == nil {
					first = err
				}
			}
			errs <- first
		}()
	}
	for _, job := range jobs {
		next <- job
	}
	close(next)
	var first error
	for w := 0; w < workers; w++ {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}
