package deflate

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

const prose = `## Progress

We shipped the first version of the onboarding flow to 20% of sign-ups, and
activation within the first week went from 31% to 38%. Latency of the search
endpoint (p95) is down to 240 ms after we added the index.
`

// inputs are texts like the sample and unlike it, every byte, repeats
// and random bytes, some longer than a chunk.
func inputs() map[string][]byte {
	every := make([]byte, 0, 3*256)
	for i := 0; i < 3*256; i++ {
		every = append(every, byte(i*7))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 3*chunk+17)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	mixed := []byte(strings.Repeat(prose, 40))
	mixed = append(mixed, random[:chunk]...)
	mixed = append(mixed, strings.Repeat(prose, 400)...) // matches across chunks
	return map[string][]byte{
		"prose":        []byte(prose),
		"long prose":   []byte(strings.Repeat(prose, 1000)),
		"zeros":        make([]byte, 100000),
		"repeat of 3":  bytes.Repeat([]byte("ab\n"), 50000),
		"every byte":   every,
		"random":       random,
		"mixed":        mixed,
		"Cyrillic":     []byte(strings.Repeat("Прогресс: задержка упала до 240 мс. ", 40)),
		"one byte":     []byte("x"),
		"three bytes":  []byte("xyz"),
		"empty":        nil,
		"chunk":        bytes.Repeat([]byte("abcd"), chunk/4),
		"chunk plus 1": append(bytes.Repeat([]byte("abcd"), chunk/4), 'e'),
	}
}

// TestAppend: Header followed by Append is a raw deflate stream that
// compress/flate inflates to the input, with codes of 9 and of 15 bits.
func TestAppend(t *testing.T) {
	for _, maxBits := range []int{9, 12, 15} {
		c := Fit([]byte(prose), maxBits)
		for name, in := range inputs() {
			out := c.Append(bytes.Clone(c.Header()), in)
			got, err := io.ReadAll(flate.NewReader(bytes.NewReader(out)))
			if err != nil || !bytes.Equal(got, in) {
				t.Errorf("%d bits, %s: %d bytes inflated to %d (%v)", maxBits, name, len(in), len(got), err)
			}
			// Text compresses; random bytes may grow (codes fitted to
			// prose give rare bytes long codes), which callers handle.
			if len(in) > 10000 && name != "random" && name != "mixed" && 2*len(out) > len(in) {
				t.Errorf("%d bits, %s: %d bytes deflated to %d", maxBits, name, len(in), len(out))
			}
		}
	}
	c := Fit([]byte(prose), 9)
	in := []byte(strings.Repeat(prose, 20))
	if n := len(c.Append(nil, in)); 3*n > len(in) {
		t.Errorf("prose of %d bytes deflated to %d, want at most a third", len(in), n)
	}
}

// TestAppendZlib: AppendZlib writes a zlib stream, its checksum included,
// after what dst held.
func TestAppendZlib(t *testing.T) {
	c := Fit([]byte(prose), 15)
	for name, in := range inputs() {
		out := c.AppendZlib([]byte("kept"), in)
		if !bytes.HasPrefix(out, []byte("kept")) {
			t.Fatalf("%s: dst lost", name)
		}
		r, err := zlib.NewReader(bytes.NewReader(out[4:]))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, in) {
			t.Errorf("%s: %d bytes inflated to %d (%v)", name, len(in), len(got), err)
		}
	}
	// A damaged checksum is found.
	out := c.AppendZlib(nil, []byte(prose))
	out[len(out)-1] ^= 1
	r, _ := zlib.NewReader(bytes.NewReader(out))
	if _, err := io.ReadAll(r); err != zlib.ErrChecksum {
		t.Errorf("damaged checksum: %v, want %v", err, zlib.ErrChecksum)
	}
}

// TestCodes: the codes are complete prefix codes, as compress/flate
// requires, of at most the bits asked for, and the header alone is
// rejected as a stream cut short, not as a bad one.
func TestCodes(t *testing.T) {
	for _, maxBits := range []int{9, 12, 15} {
		c := Fit([]byte(prose), maxBits)
		for name, lengths := range map[string][]uint8{"literal/length": c.litLen[:], "distance": c.distLen[:]} {
			sum := 0
			for _, l := range lengths {
				if l < 1 || int(l) > maxBits {
					t.Fatalf("%d bits: %s code of %d bits", maxBits, name, l)
				}
				sum += 1 << (15 - l)
			}
			if sum != 1<<15 {
				t.Errorf("%d bits: %s code is not complete: Kraft sum %d/32768", maxBits, name, sum)
			}
		}
		if _, err := io.ReadAll(flate.NewReader(bytes.NewReader(c.Header()))); err != io.ErrUnexpectedEOF {
			t.Errorf("%d bits: header alone: %v, want %v", maxBits, err, io.ErrUnexpectedEOF)
		}
	}
}

// FuzzAppend deflates any input and inflates it.
func FuzzAppend(f *testing.F) {
	f.Add([]byte(prose))
	f.Add([]byte{})
	c := Fit([]byte(prose), 15)
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := zlib.NewReader(bytes.NewReader(c.AppendZlib(nil, in)))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, in) {
			t.Fatalf("%d bytes inflated to %d (%v)", len(in), len(got), err)
		}
	})
}

// TestInflate: Inflate gives back what Append wrote, after what dst held,
// for codes of 9 and of 15 bits.
func TestInflate(t *testing.T) {
	for _, maxBits := range []int{9, 12, 15} {
		c := Fit([]byte(prose), maxBits)
		for name, in := range inputs() {
			got, err := c.Inflate([]byte("kept"), c.Append(nil, in))
			if err != nil || !bytes.Equal(got, append([]byte("kept"), in...)) {
				t.Errorf("%d bits, %s: %d bytes came back as %d (%v)", maxBits, name, len(in), len(got)-4, err)
			}
		}
	}
}

// TestInflateCorrupt: what Append did not write (cut short, bytes
// changed, a reference before the start) gets an error or other bytes,
// never a panic; cut short, always an error.
func TestInflateCorrupt(t *testing.T) {
	c := Fit([]byte(prose), 9)
	in := []byte(strings.Repeat(prose, 30))
	good := c.Append(nil, in)
	rng := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 3000; i++ {
		b := bytes.Clone(good)
		if i%2 == 0 {
			b = b[:rng.IntN(len(b))]
			if _, err := c.Inflate(nil, b); err == nil {
				t.Fatalf("cut to %d of %d bytes: no error", len(b), len(good))
			}
			continue
		}
		// The last byte's bits past the end of the block are padding.
		k := rng.IntN(len(b) - 1)
		b[k] ^= byte(1 + rng.IntN(255))
		if got, err := c.Inflate(nil, b); err == nil && bytes.Equal(got, in) {
			t.Fatalf("byte %d changed gave the same text without error", k)
		}
	}
	// The first bits must be the header's last ones.
	if c.tailBits > 0 {
		b := bytes.Clone(good)
		b[0] ^= 1
		if _, err := c.Inflate(nil, b); err == nil {
			t.Error("a changed first bit: no error")
		}
	}
}

// FuzzInflate: any input inflates or fails, without a panic.
func FuzzInflate(f *testing.F) {
	c := Fit([]byte(prose), 9)
	f.Add(c.Append(nil, []byte(prose)))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, src []byte) {
		c.Inflate(nil, src)
	})
}
