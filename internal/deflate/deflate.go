// Package deflate writes deflate streams (RFC 1951) for many short inputs
// of one kind, such as check-in bodies or the pages of a PDF. compress/flate
// at its fastest spends most of its time on an input of some KB building
// the Huffman codes of its one block, and writes them at its start. Codes
// here are fitted once to a sample of the kind of input (Fit), and every
// input is written as one block with those codes: the block's start, which
// describes them, is the same for all (Codes.Header).
package deflate

import (
	"encoding/binary"
	"hash/adler32"
	"math/bits"
	"slices"
	"sort"
	"sync"
)

// Codes are Huffman codes fitted to a sample and the start of the deflate
// block that describes them.
type Codes struct {
	litCode  [286]uint16 // bit-reversed codes, to write least bit first
	litLen   [286]uint8
	distCode [30]uint16
	distLen  [30]uint8
	header   []byte // the block's first bytes, before its last few bits
	tail     uint64 // the header's last bits, fewer than 32, past them
	tailBits uint
	dec      func() *decoder // Inflate's tables, made on first use
}

// minMatch is the shortest match looked for.
const minMatch = 4

// window is how far back a match may start (deflate's window).
const window = 1 << 15

// hashBits is the size of the table of 4-byte sequences.
const hashBits = 12

// scratch is what one compression uses: the table of sequences and the
// tokens found.
type scratch struct {
	table  [1 << hashBits]int32
	tokens []uint32
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

func hash4(u uint32) uint32 { return (u * 0x1e35a7bd) >> (32 - hashBits) }

func load32(b []byte, i int) uint32 {
	b = b[i : i+4]
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// A token is a literal byte (below 256) or a match: isMatch, its length
// (3-258) shifted by lengthShift, and its distance (1-32768).
const (
	isMatch     = 1 << 31
	lengthShift = 16
)

// lz77 appends to tokens the literals and matches of src that start at
// i up to end, in order, and returns them and where the next starts (at
// end or past it: a match may run beyond end). The table holds what came
// before i: it is cleared before the first call on an input.
func lz77(table *[1 << hashBits]int32, tokens []uint32, src []byte, i, end int) ([]uint32, int) {
	for i < end {
		if i+minMatch > len(src) {
			tokens = append(tokens, uint32(src[i]))
			i++
			continue
		}
		u := load32(src, i)
		h := hash4(u)
		c := int(table[h]) - 1 // positions are kept plus one: 0 is none
		table[h] = int32(i + 1)
		if c >= 0 && i-c <= window && load32(src, c) == u {
			n := minMatch
			for n < 258 && i+n < len(src) && src[c+n] == src[i+n] {
				n++
			}
			tokens = append(tokens, isMatch|uint32(n)<<lengthShift|uint32(i-c))
			i += n
			if i+minMatch <= len(src) && i >= 2 {
				table[hash4(load32(src, i-2))] = int32(i - 2 + 1)
			}
			continue
		}
		tokens = append(tokens, uint32(src[i]))
		i++
	}
	return tokens, i
}

// chunk is how many bytes of input lz77 looks through at a time: the
// tokens of one chunk are written before the next, so that a long input
// needs no more memory than a short one.
const chunk = 1 << 16

// match returns a match token's length and distance.
func match(t uint32) (length, dist int) {
	return int(t &^ isMatch >> lengthShift), int(t & (1<<lengthShift - 1))
}

// lengthSymbol returns deflate's symbol for a match of length n (3-258),
// with its extra bits and their number.
func lengthSymbol(n int) (sym int, extra uint64, nb uint) {
	if n == 258 {
		return 285, 0, 0
	}
	x := uint32(n - 3)
	if x < 8 {
		return 257 + int(x), 0, 0
	}
	nb = uint(bits.Len32(x) - 3)
	return 257 + 4*int(nb) + 4 + int(x>>nb&3), uint64(x & (1<<nb - 1)), nb
}

// distSymbol returns deflate's symbol for a distance d (1-32768), with its
// extra bits and their number.
func distSymbol(d int) (sym int, extra uint64, nb uint) {
	x := uint32(d - 1)
	if x < 4 {
		return int(x), 0, 0
	}
	nb = uint(bits.Len32(x) - 2)
	return 2*int(nb) + 2 + int(x>>nb&1), uint64(x & (1<<nb - 1)), nb
}

// bitWriter appends bits to out, least significant first.
type bitWriter struct {
	out  []byte
	bits uint64
	n    uint
}

// write writes the nb (at most 32) low bits of b.
func (w *bitWriter) write(b uint64, nb uint) {
	w.bits |= b << w.n
	w.n += nb
	if w.n >= 32 {
		w.out = binary.LittleEndian.AppendUint32(w.out, uint32(w.bits))
		w.bits >>= 32
		w.n -= 32
	}
}

// flush writes the last bits, padded with zeros to a byte.
func (w *bitWriter) flush() {
	for w.n > 0 {
		w.out = append(w.out, byte(w.bits))
		w.bits >>= 8
		w.n -= min(w.n, 8)
	}
}

// Header returns the first bytes of every block written with c: a raw
// deflate stream is Header followed by what Append appends. It is the same
// for every input, so a caller that keeps many may keep it once.
func (c *Codes) Header() []byte { return c.header }

// Append appends to dst src compressed as the end of one final deflate
// block that c.Header starts.
func (c *Codes) Append(dst, src []byte) []byte {
	s := scratches.Get().(*scratch)
	defer scratches.Put(s)
	clear(s.table[:])
	w := bitWriter{out: dst, bits: c.tail, n: c.tailBits}
	for i := 0; i < len(src); {
		s.tokens, i = lz77(&s.table, s.tokens[:0], src, i, min(i+chunk, len(src)))
		for _, t := range s.tokens {
			if t < 256 {
				w.write(uint64(c.litCode[t]), uint(c.litLen[t]))
				continue
			}
			n, d := match(t)
			sym, e, nb := lengthSymbol(n)
			w.write(uint64(c.litCode[sym]), uint(c.litLen[sym]))
			w.write(e, nb)
			sym, e, nb = distSymbol(d)
			w.write(uint64(c.distCode[sym]), uint(c.distLen[sym]))
			w.write(e, nb)
		}
	}
	w.write(uint64(c.litCode[256]), uint(c.litLen[256])) // end of block
	w.flush()
	return w.out
}

// AppendZlib appends to dst src as a whole zlib stream (RFC 1950): what a
// PDF's /FlateDecode filter reads.
func (c *Codes) AppendZlib(dst, src []byte) []byte {
	dst = append(dst, 0x78, 0x01) // deflate, 32 KB window, fastest
	dst = append(dst, c.header...)
	dst = c.Append(dst, src)
	return binary.BigEndian.AppendUint32(dst, adler32.Checksum(src))
}

// Fit returns codes fitted to sample, every symbol having one, of at most
// maxBits bits (9 to 15). Shorter limits fit the sample less closely;
// Inflate's tables have 1<<maxBits entries.
func Fit(sample []byte, maxBits int) *Codes {
	lit, dist := make([]int, 286), make([]int, 30)
	for i := range lit {
		lit[i] = 1
	}
	for i := range dist {
		dist[i] = 1
	}
	s := new(scratch)
	tokens, _ := lz77(&s.table, nil, sample, 0, len(sample))
	for _, t := range tokens {
		if t < 256 {
			lit[t] += 4
			continue
		}
		n, d := match(t)
		sym, _, _ := lengthSymbol(n)
		lit[sym] += 4
		sym, _, _ = distSymbol(d)
		dist[sym] += 4
	}
	lit[256] += 4
	c := &Codes{}
	copy(c.litLen[:], huffmanLengths(lit, maxBits))
	copy(c.distLen[:], huffmanLengths(dist, maxBits))
	canonicalCodes(c.litLen[:], c.litCode[:])
	canonicalCodes(c.distLen[:], c.distCode[:])

	// The header: final block, dynamic codes (RFC 1951, 3.2.7); 286 and
	// 30 code lengths, each written with a 4-bit code for 0-15.
	var w bitWriter
	w.write(1, 1)
	w.write(2, 2)
	w.write(286-257, 5)
	w.write(30-1, 5)
	w.write(19-4, 4)
	for _, sym := range [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15} {
		if sym <= 15 {
			w.write(4, 3)
		} else {
			w.write(0, 3)
		}
	}
	var clLen [16]uint8
	var clCode [16]uint16
	for i := range clLen {
		clLen[i] = 4
	}
	canonicalCodes(clLen[:], clCode[:])
	for _, l := range append(c.litLen[:], c.distLen[:]...) {
		w.write(uint64(clCode[l]), 4)
	}
	c.header, c.tail, c.tailBits = w.out, w.bits, w.n
	c.dec = sync.OnceValue(func() *decoder { return newDecoder(c) })
	return c
}

// huffmanLengths returns the code lengths of a Huffman code for freq (all
// above zero), of at most maxBits: frequencies are flattened until it
// fits.
func huffmanLengths(freq []int, maxBits int) []uint8 {
	freq = append([]int(nil), freq...)
	for {
		lengths := huffmanTree(freq)
		if int(slices.Max(lengths)) <= maxBits {
			return lengths
		}
		for i := range freq {
			freq[i] = freq[i]/2 + 1
		}
	}
}

// huffmanTree returns the depth of each symbol in a Huffman tree of freq,
// built with two queues: the leaves by weight, and the inner nodes, made
// in order of weight.
func huffmanTree(freq []int) []uint8 {
	weight := append([]int(nil), freq...)
	parent := make([]int, len(freq), 2*len(freq))
	leaves := make([]int, len(freq))
	for i := range freq {
		parent[i], leaves[i] = -1, i
	}
	sort.SliceStable(leaves, func(a, b int) bool { return freq[leaves[a]] < freq[leaves[b]] })
	var inner []int
	smallest := func() int {
		if len(inner) == 0 || len(leaves) > 0 && weight[leaves[0]] <= weight[inner[0]] {
			x := leaves[0]
			leaves = leaves[1:]
			return x
		}
		x := inner[0]
		inner = inner[1:]
		return x
	}
	for len(leaves)+len(inner) > 1 {
		x, y := smallest(), smallest()
		p := len(weight)
		weight = append(weight, weight[x]+weight[y])
		parent = append(parent, -1)
		parent[x], parent[y] = p, p
		inner = append(inner, p)
	}
	lengths := make([]uint8, len(freq))
	for i := range freq {
		for p := parent[i]; p >= 0; p = parent[p] {
			lengths[i]++
		}
	}
	return lengths
}

// canonicalCodes sets codes to deflate's canonical codes of lengths
// (RFC 1951, 3.2.2), bit-reversed.
func canonicalCodes(lengths []uint8, codes []uint16) {
	var count [16]int
	for _, l := range lengths {
		count[l]++
	}
	count[0] = 0
	var next [16]int
	code := 0
	for l := 1; l < 16; l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	for i, l := range lengths {
		if l == 0 {
			continue
		}
		codes[i] = bits.Reverse16(uint16(next[l])) >> (16 - l)
		next[l]++
	}
}
