package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/okrgen/okrgen/render"
)

// isTerminal reports whether w is a terminal: progress goes only there.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progress shows a long build's progress on one terminal line, updated in
// place. It counts the files its Output passes on.
type progress struct {
	render.Output
	w     io.Writer
	files atomic.Int64
	phase atomic.Value // string
	done  chan struct{}
	gone  chan struct{}
}

// startProgress starts showing progress on w until stop.
func startProgress(w io.Writer) *progress {
	p := &progress{w: w, done: make(chan struct{}), gone: make(chan struct{})}
	p.phase.Store("loading")
	go func() {
		defer close(p.gone)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		start := time.Now()
		for {
			select {
			case <-p.done:
				fmt.Fprint(p.w, "\r\033[K")
				return
			case <-tick.C:
				if time.Since(start) < 300*time.Millisecond {
					continue // a quick build shows nothing
				}
				fmt.Fprintf(p.w, "\r\033[Kokrgen: %s: %d files written", p.phase.Load(), p.files.Load())
			}
		}
	}()
	return p
}

func (p *progress) Put(path string, data []byte) error {
	p.phase.Store("rendering")
	p.files.Add(1)
	return p.Output.Put(path, data)
}

// PutShared passes a shared file on (render.SharedOutput).
func (p *progress) PutShared(path string, data []byte) error {
	p.phase.Store("rendering")
	p.files.Add(1)
	if s, ok := p.Output.(render.SharedOutput); ok {
		return s.PutShared(path, data)
	}
	return p.Output.Put(path, data)
}

// PutStream passes a file written in pieces on (render.StreamOutput), or
// whole to an Output that takes files whole.
func (p *progress) PutStream(path string, write func(io.Writer) error) error {
	p.phase.Store("rendering")
	p.files.Add(1)
	if s, ok := p.Output.(render.StreamOutput); ok {
		return s.PutStream(path, write)
	}
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	return p.Output.Put(path, b.Bytes())
}

// stop clears the line and returns once it is clear.
func (p *progress) stop() {
	close(p.done)
	<-p.gone
}
