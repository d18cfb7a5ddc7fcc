package render

import (
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/okrgen/okrgen/okr"
)

// Output receives the files of a render, from several goroutines at once.
type Output interface {
	Put(path string, data []byte) error
}

// SharedOutput is an Output that stores once the files whose bytes other
// files of the same output may repeat: the theme's static files, which
// every team of an organisation has (DirWriter links them).
type SharedOutput interface {
	Output
	PutShared(path string, data []byte) error
}

// putShared puts a file that others may repeat, through PutShared where
// out has it.
func putShared(out Output, path string, data []byte) error {
	if s, ok := out.(SharedOutput); ok {
		return s.PutShared(path, data)
	}
	return out.Put(path, data)
}

// StreamOutput is an Output that also takes a file in pieces, so that a
// large one (data.json: 85 MB at 100,000 check-ins) is never held whole.
type StreamOutput interface {
	Output
	// PutStream writes the file path with the bytes that write writes to
	// the io.Writer it is given, in any number of calls, and returns the
	// first error of write or of writing. The io.Writer is valid only
	// until write returns.
	PutStream(path string, write func(io.Writer) error) error
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

// file is one output file and how to make it.
type file struct {
	path string
	gen  func() ([]byte, error)
	lazy bool // with Options.Lazy, made when asked for
	pdf  bool // counts in Stats.PDFs
	// shared marks a theme's static file, which every site of an
	// organisation repeats (SharedOutput).
	shared bool
	// stream, when set, writes the bytes gen returns in pieces: to a
	// StreamOutput it is used instead of gen.
	stream func(io.Writer) error
}

// write makes the files on every core and hands them to the output; with
// Options.Lazy, it leaves the lazy ones in Site.Lazy.
func (r *renderer) write(files []file) error {
	// The files to make, in place: no job is allocated per file (100,000
	// check-ins have as many pages).
	todo := files[:0]
	for _, f := range files {
		if strings.HasSuffix(f.path, ".html") {
			r.stats.Pages++
		}
		if f.lazy && r.lazy != nil {
			r.lazy.Lazy[f.path] = f.gen
			continue
		}
		r.stats.Files++
		if f.pdf {
			r.stats.PDFs++
		}
		todo = append(todo, f)
	}
	so, stream := r.out.(StreamOutput)
	pdfs := 0
	if r.stats.PDFs > 0 {
		pdfs = pdfJobs(r.num)
	}
	heavy := func(i int) bool { return todo[i].pdf }
	return parallel(len(todo), heavy, pdfs, func(i int) error {
		f := &todo[i]
		if stream && f.stream != nil && !f.shared {
			return so.PutStream(f.path, f.stream)
		}
		b, err := f.gen()
		if err != nil {
			return err
		}
		// The file's own reference to what made it goes with it: a
		// page's closure holds what the page was made from.
		f.gen, f.stream = nil, nil
		if f.shared {
			return putShared(r.out, f.path, b)
		}
		return r.out.Put(f.path, b)
	})
}

// pdfCheckIns is how many check-ins the logs of the PDFs rendered at once
// may hold between them. A PDF holds its whole document until it is
// compressed, at its peak (gofpdf's pages and the document they are copied
// into, which doubles as it grows) some 9 KB per check-in of its log: 110 MB
// for a quarter of 12,500 check-ins. At 100,000 check-ins, measured with
// a soft memory limit of 450 MiB (under which the HTML build peaked at
// 470 MB), a build with four PDFs at once peaked at 600-680 MB, with two
// at 500 MB, with one at 470-490 MB; with cmd/okrgen's limit of 420 MiB,
// one at a time peaks at about 450 MB. Smaller sites render them all at
// once.
const pdfCheckIns = 10000

// pdfJobs returns how many PDFs of n to render at once (at least one): as
// many as pdfCheckIns allows for the quarter whose log is the longest.
func pdfJobs(n *okr.Numbers) int {
	most := 1
	for _, qn := range n.Quarters {
		count := 0
		for _, c := range n.CheckIns {
			if qn.Quarter.Logs(c) {
				count++
			}
		}
		most = max(most, count)
	}
	return max(1, pdfCheckIns/most)
}

// parallel runs job(0) to job(n-1) on every core and returns the first
// error. It runs two jobs per core, so that a core whose job waits on the
// disk has another to go on with. The jobs for which heavy is true are
// started first, in order, by at most maxHeavy of the workers (at least
// one), so that no more of them run at once; the other workers run the
// other jobs meanwhile, and all of them once the heavy ones are started.
func parallel(n int, heavy func(i int) bool, maxHeavy int, job func(i int) error) error {
	workers := min(2*runtime.GOMAXPROCS(0), n)
	heavyNext, next := make(chan int), make(chan int)
	feed := func(c chan<- int, want bool) {
		for i := 0; i < n; i++ {
			if heavy(i) == want {
				c <- i
			}
		}
		close(c)
	}
	go feed(heavyNext, true)
	go feed(next, false)
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		go func() {
			var first error
			run := func(c <-chan int) {
				for i := range c {
					if err := job(i); err != nil && first == nil {
						first = err
					}
				}
			}
			if w < max(1, maxHeavy) {
				run(heavyNext)
			}
			run(next)
			errs <- first
		}()
	}
	var first error
	for w := 0; w < workers; w++ {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}
