package okr

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

// A site's check-in bodies are most of what a load keeps: 100,000
// check-ins of 2 KB each are 200 MB, and the garbage collector lets the
// heap grow to twice what is live. Compute never reads them and render
// reads each once or twice (its page, the feed), so a load keeps the first
// bodies as they are and, past a budget, the rest deflated: about a third
// of their size, for some microseconds each time they are read.

// DefaultPlainBodies is how many bytes of check-in bodies a Loader keeps
// as they are before it deflates the rest (Loader.PlainBodies): some
// 4,000 check-ins, so that sites of that size pay nothing for it.
const DefaultPlainBodies = 8 << 20

// held says how a check-in's body is kept.
type held uint8

const (
	heldPlain    held = iota // the Markdown's bytes, in a slice of their own
	heldDeflated             // deflated (compress/flate)
	heldShort                // deflated with shortDeflateTables (their Append)
)

// Markdown returns the check-in's body: the Markdown after its front
// matter. A body the load kept deflated is inflated on each call, into a
// new slice the caller may keep; callers that read it more than once
// should keep it.
func (c *CheckIn) Markdown() []byte {
	switch c.bodyHeld {
	case heldDeflated:
		return inflate(c.body)
	case heldShort:
		b, err := shortDeflateTables().Inflate(make([]byte, 0, 3*len(c.body)), c.body)
		if err != nil {
			// Only this package deflated it: it cannot be corrupt.
			panic(fmt.Sprintf("okr: inflating a check-in body: %v", err))
		}
		return b
	}
	return c.body
}

// bodyBudget decides how one load keeps check-in bodies: each in a slice
// of its own (not the file's, whose front matter and spare capacity would
// stay with it) while the load's plain bytes stay within the budget, and
// deflated beyond it. It is safe for concurrent use.
type bodyBudget struct {
	limit int64
	used  atomic.Int64
}

// newBodyBudget returns a budget of limit plain bytes; a negative limit
// keeps every body plain.
func newBodyBudget(limit int64) *bodyBudget { return &bodyBudget{limit: limit} }

// keep sets c's body to a copy of body, plain or deflated. A nil budget
// keeps it plain.
func (b *bodyBudget) keep(c *CheckIn, body []byte) {
	n := int64(len(body))
	if b == nil || b.limit < 0 || n < minDeflated || b.used.Add(n) <= b.limit {
		c.body, c.bodyHeld = bytes.Clone(body), heldPlain
		return
	}
	c.body, c.bodyHeld = pack(body)
}

// pack returns body deflated and how: with shortDeflateTables, or, when that
// saves less than a quarter, by compress/flate if that is smaller (text
// unlike their sample of prose).
func pack(body []byte) ([]byte, held) {
	scratch := scratches.Get().(*[]byte)
	defer scratches.Put(scratch)
	short := shortDeflateTables().Append((*scratch)[:0], body)
	*scratch = short
	if 4*len(short) > 3*len(body) {
		if full := deflate(body); len(full) < len(short) {
			return full, heldDeflated
		}
	}
	return bytes.Clone(short), heldShort
}

// minDeflated is the size under which a body is kept plain: deflating it
// would save little.
const minDeflated = 256

var (
	deflaters = sync.Pool{New: func() any {
		w, err := flate.NewWriter(nil, flate.BestSpeed)
		if err != nil {
			panic(err) // BestSpeed is a valid level
		}
		return w
	}}
	inflaters = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}
	buffers   = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	scratches = sync.Pool{New: func() any { return new([]byte) }}
)

// deflate returns b deflated, in a slice of its own size.
func deflate(b []byte) []byte {
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	w := deflaters.Get().(*flate.Writer)
	defer deflaters.Put(w)
	w.Reset(buf)
	// A bytes.Buffer does not fail.
	w.Write(b)
	w.Close()
	return bytes.Clone(buf.Bytes())
}

// inflate returns what deflate deflated into src.
func inflate(src []byte) []byte {
	r := inflaters.Get().(io.ReadCloser)
	defer inflaters.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(src), nil); err != nil {
		panic(fmt.Sprintf("okr: inflating a check-in body: %v", err))
	}
	var out bytes.Buffer
	out.Grow(3 * len(src))
	if _, err := out.ReadFrom(r); err != nil {
		// Only this package deflated it: it cannot be corrupt.
		panic(fmt.Sprintf("okr: inflating a check-in body: %v", err))
	}
	return out.Bytes()
}
