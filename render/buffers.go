package render

import (
	"bytes"
	"sync"
)

// bufferPool holds the buffers pages and Markdown are rendered into. A
// buffer grown for one page serves the next: a build renders tens of
// thousands of pages, and growing a new buffer for each, doubling as it
// fills, made most of a build's garbage.
var bufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled is the largest buffer put back in the pool: a rare huge page
// does not keep its memory for the rest of the build.
const maxPooled = 4 << 20

// getBuffer returns an empty buffer from the pool.
func getBuffer() *bytes.Buffer {
	b := bufferPool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// putBuffer returns b to the pool; nothing may use it afterwards.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooled {
		bufferPool.Put(b)
	}
}
