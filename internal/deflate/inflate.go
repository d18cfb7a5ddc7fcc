package deflate

import (
	"errors"
	"slices"
)

// Codes decode what they wrote without compress/flate, which reads the
// codes' description at the start of every input and builds its tables
// from it: for inputs of a few KB that was most of the time.

// decoder holds the tables that Inflate reads codes with.
type decoder struct {
	lit      []uint16 // by the next litBits bits: symbol<<4 | code length
	dist     []uint16 // by the next distBits bits: symbol<<4 | code length
	litMask  uint64
	distMask uint64
}

// base and extra bits of the length symbols 257-285 and distance symbols
// 0-29 (RFC 1951, 3.2.5).
var lengthBase, lengthExtra, distBase, distExtra = symbolBases()

func symbolBases() (lb [29]uint16, le [29]uint8, db [30]uint16, de [30]uint8) {
	for n := 258; n >= 3; n-- {
		s, _, nb := lengthSymbol(n)
		lb[s-257], le[s-257] = uint16(n), uint8(nb)
	}
	for d := window; d >= 1; d-- {
		s, _, nb := distSymbol(d)
		db[s], de[s] = uint16(d), uint8(nb)
	}
	return
}

// table returns the decoding table of a code of the given lengths and
// codes (bit-reversed), indexed by as many next bits as its longest code.
func table(lengths []uint8, codes []uint16) ([]uint16, uint64) {
	bits := int(slices.Max(lengths))
	t := make([]uint16, 1<<bits)
	for sym, l := range lengths {
		if l == 0 {
			continue
		}
		for i := int(codes[sym]); i < len(t); i += 1 << l {
			t[i] = uint16(sym)<<4 | uint16(l)
		}
	}
	return t, 1<<bits - 1
}

func newDecoder(c *Codes) *decoder {
	d := &decoder{}
	d.lit, d.litMask = table(c.litLen[:], c.litCode[:])
	d.dist, d.distMask = table(c.distLen[:], c.distCode[:])
	return d
}

// errCorrupt is what Inflate returns for input Append did not write.
var errCorrupt = errors.New("deflate: not a block of these codes")

// bitReader reads bits least significant first.
type bitReader struct {
	src  []byte
	pos  int
	bits uint64
	n    uint
}

// fill reads bytes until 56 bits at least are held, or src ends.
func (r *bitReader) fill() {
	for r.n <= 56 && r.pos < len(r.src) {
		r.bits |= uint64(r.src[r.pos]) << r.n
		r.pos++
		r.n += 8
	}
}

// take returns the next k bits (at most 32); false if fewer are left.
func (r *bitReader) take(k uint) (uint64, bool) {
	if r.n < k {
		r.fill()
		if r.n < k {
			return 0, false
		}
	}
	v := r.bits & (1<<k - 1)
	r.bits >>= k
	r.n -= k
	return v, true
}

// symbol returns the next symbol of the code of table t; false if src
// ends before it.
func (r *bitReader) symbol(t []uint16, mask uint64) (int, bool) {
	if r.n < 15 {
		r.fill()
	}
	e := t[r.bits&mask]
	l := uint(e & 15)
	if l == 0 || l > r.n {
		return 0, false
	}
	r.bits >>= l
	r.n -= l
	return int(e >> 4), true
}

// Inflate appends to dst what Append wrote into src (what follows
// Header), and returns an error for anything else.
func (c *Codes) Inflate(dst, src []byte) ([]byte, error) {
	d := c.dec()
	start := len(dst)
	r := bitReader{src: src}
	if v, ok := r.take(c.tailBits); !ok || v != c.tail {
		return dst, errCorrupt
	}
	for {
		// r.symbol(d.lit, d.litMask), written out: most symbols are
		// literals, and the call was a fifth of the time.
		if r.n < 15 {
			r.fill()
		}
		e := d.lit[r.bits&d.litMask]
		l := uint(e & 15)
		if l == 0 || l > r.n {
			return dst, errCorrupt
		}
		r.bits >>= l
		r.n -= l
		sym := int(e >> 4)
		switch {
		case sym < 256:
			dst = append(dst, byte(sym))
			continue
		case sym == 256:
			return dst, nil
		case sym > 285:
			return dst, errCorrupt
		}
		x, ok := r.take(uint(lengthExtra[sym-257]))
		if !ok {
			return dst, errCorrupt
		}
		n := int(lengthBase[sym-257]) + int(x)
		ds, ok := r.symbol(d.dist, d.distMask)
		if !ok || ds >= 30 {
			return dst, errCorrupt
		}
		if x, ok = r.take(uint(distExtra[ds])); !ok {
			return dst, errCorrupt
		}
		dist := int(distBase[ds]) + int(x)
		if dist > len(dst)-start {
			return dst, errCorrupt
		}
		from := len(dst) - dist
		if dist >= n {
			dst = append(dst, dst[from:from+n]...)
			continue
		}
		for i := 0; i < n; i++ {
			dst = append(dst, dst[from+i])
		}
	}
}
