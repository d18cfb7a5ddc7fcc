package okr

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"sort"
	"sync"
)

// compress/flate at its fastest spends most of its time on a check-in body
// (some KB) building the Huffman codes of its one block, and writes them
// at its start. shortDeflate writes instead one deflate block whose codes
// are fixed for all bodies (fitted once to typical Markdown prose), and
// leaves their description, the same for all, out of what it keeps:
// shortTables.header is put back in front to inflate it with compress/flate.

// shortTables are the Huffman codes of shortDeflate and the start of the
// block that describes them.
type shortTables struct {
	litCode  [286]uint16 // bit-reversed codes, to write least bit first
	litLen   [286]uint8
	distCode [30]uint16
	distLen  [30]uint8
	header   []byte // the block's first bytes, before its last few bits
	tail     uint64 // the header's last bits, fewer than 32, past them
	tailBits uint
}

// shortDeflateTables returns the tables, built on first use.
var shortDeflateTables = sync.OnceValue(buildShortTables)

// shortMinMatch is the shortest match shortDeflate looks for.
const shortMinMatch = 4

// shortWindow is how far back a match may start (deflate's window).
const shortWindow = 1 << 15

// shortMaxBits bounds the length of shortDeflate's codes: compress/flate
// decodes codes of up to 9 bits with one table lookup, and longer ones
// through tables it allocates for each stream (huffmanChunkBits), which
// made reading a body back slower than compress/flate's own.
const shortMaxBits = 9

// shortHashBits is the size of shortDeflate's table of 4-byte sequences.
const shortHashBits = 12

var shortHashes = sync.Pool{New: func() any { return new([1 << shortHashBits]int32) }}

func shortHash(u uint32) uint32 { return (u * 0x1e35a7bd) >> (32 - shortHashBits) }

func load32(b []byte, i int) uint32 {
	b = b[i : i+4]
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// lz77 calls lit for each literal byte of src and match for each match, in
// order: the LZ77 step of shortDeflate.
func lz77(src []byte, lit func(c byte), match func(length, dist int)) {
	table := shortHashes.Get().(*[1 << shortHashBits]int32)
	defer shortHashes.Put(table)
	clear(table[:])
	i := 0
	for i+shortMinMatch <= len(src) {
		u := load32(src, i)
		h := shortHash(u)
		c := int(table[h]) - 1 // positions are kept plus one: 0 is none
		table[h] = int32(i + 1)
		if c >= 0 && i-c <= shortWindow && load32(src, c) == u {
			n := shortMinMatch
			for n < 258 && i+n < len(src) && src[c+n] == src[i+n] {
				n++
			}
			match(n, i-c)
			i += n
			if i+shortMinMatch <= len(src) && i >= 2 {
				table[shortHash(load32(src, i-2))] = int32(i - 2 + 1)
			}
			continue
		}
		lit(src[i])
		i++
	}
	for ; i < len(src); i++ {
		lit(src[i])
	}
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

// shortDeflate appends to dst src compressed as the end of one final
// deflate block that t.header starts (see shortTables): t.header followed
// by what it appends is a raw deflate stream.
func shortDeflate(t *shortTables, dst, src []byte) []byte {
	w := bitWriter{out: dst, bits: t.tail, n: t.tailBits}
	lz77(src, func(c byte) {
		w.write(uint64(t.litCode[c]), uint(t.litLen[c]))
	}, func(n, d int) {
		s, e, nb := lengthSymbol(n)
		w.write(uint64(t.litCode[s]), uint(t.litLen[s]))
		w.write(e, nb)
		s, e, nb = distSymbol(d)
		w.write(uint64(t.distCode[s]), uint(t.distLen[s]))
		w.write(e, nb)
	})
	w.write(uint64(t.litCode[256]), uint(t.litLen[256])) // end of block
	w.flush()
	return w.out
}

// buildShortTables fits the codes to shortSample, every symbol having one,
// and writes the header that describes them.
func buildShortTables() *shortTables {
	lit, dist := make([]int, 286), make([]int, 30)
	for i := range lit {
		lit[i] = 1
	}
	for i := range dist {
		dist[i] = 1
	}
	lz77([]byte(shortSample), func(c byte) { lit[c] += 4 }, func(n, d int) {
		s, _, _ := lengthSymbol(n)
		lit[s] += 4
		s, _, _ = distSymbol(d)
		dist[s] += 4
	})
	lit[256] += 4
	t := &shortTables{}
	// Codes of at most 9 bits: compress/flate decodes longer ones
	// through tables it allocates for each stream.
	copy(t.litLen[:], huffmanLengths(lit, shortMaxBits))
	copy(t.distLen[:], huffmanLengths(dist, shortMaxBits))
	canonicalCodes(t.litLen[:], t.litCode[:])
	canonicalCodes(t.distLen[:], t.distCode[:])

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
	for _, l := range append(t.litLen[:], t.distLen[:]...) {
		w.write(uint64(clCode[l]), 4)
	}
	t.header, t.tail, t.tailBits = w.out, w.bits, w.n
	return t
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

// shortSample is Markdown prose of the kind check-ins hold, to fit
// shortDeflate's codes to.
const shortSample = `## Progress

We shipped the first version of the new onboarding flow to 20% of sign-ups on Tuesday, and the early numbers are encouraging: activation within the first week went from 31% to 38% for the cohort that saw it. The **billing** team finished the migration of the remaining accounts to the new invoicing service, so the old one can be switched off next week. Latency of the search endpoint (p95) is down to 240 ms after we added the index on ` + "`orders(customer_id, created_at)`" + ` and removed the N+1 query in the results page.

- **Onboarding**: rolled out to 20%, dashboard in Grafana, review with design on Friday
- **Billing**: 1,204 accounts migrated, 3 left with custom contracts
- **Search**: p95 240 ms (target 200 ms), p99 still spiky during the nightly batch
- Hired a second SRE; she starts on the 14th

## Challenges

The nightly batch job still saturates the database for about 40 minutes, and during that window the error rate of the API goes above the 0.5% budget. We tried to move it to the read replica but the replica lag made the reports inconsistent. The vendor for the payment gateway changed their webhook format without notice, which broke refunds for two days; we now validate the payload and alert on unknown fields.

1. The batch job needs a redesign: incremental updates instead of a full rebuild.
2. Refunds: add a contract test against the vendor's sandbox.
3. We lost a week on the security review of the SSO integration.

> Customers in the EU asked again for data residency; this is not in scope for this quarter, but sales wants an answer by the end of the month.

## Next steps

Next week we will raise the onboarding rollout to 50% if the error rate stays flat, finish the runbook for the failover drill, and start the load test of the new checkout. See the [design doc](https://example.com/docs/checkout) and the notes from the retro for details. The confidence on O2.KR3 drops to 5 because the hiring pipeline is slower than planned; everything else is on track.

| Metric | Last week | This week |
|---|---|---|
| Activation | 31% | 38% |
| p95 latency | 310 ms | 240 ms |
| Error rate | 0.7% | 0.4% |

_Thanks to everyone who helped with the incident on Thursday night._
`
