package pdf

import (
	"bytes"
	"compress/zlib"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"sync"

	fitted "github.com/okrgen/okrgen/internal/deflate"
)

// gofpdf compresses each page with a new zlib writer, and a new writer
// allocates and clears some 650 KB: for a quarter of a large organisation
// (hundreds of pages, eight quarters) that was a third of the PDFs' cost.
// So gofpdf writes the pages uncompressed, and compressStreams compresses
// them afterwards, with Huffman codes fitted once to a page of a
// retrospective (pagesample.bin, a page of the example's notes) rather
// than built for each page as compress/flate does (internal/deflate): half
// the time of compress/flate's fastest level, for some 7% more bytes.

//go:embed pagesample.bin
var pageSample []byte

// pageCodes returns the codes, fitted on first use. Codes of up to 15
// bits: a PDF reader's inflater is not compress/flate.
var pageCodes = sync.OnceValue(func() *fitted.Codes { return fitted.Fit(pageSample, 15) })

// writers are zlib writers for reuse, at gofpdf's level, for a stream
// unlike a page, that pageCodes would not make smaller.
var writers = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return w
}}

// pagesAlias is what the footer of every page writes for the number of
// pages, as a font of gofpdf's AddUTF8Font writes it (UTF-16BE);
// compressStreams puts the number in its place. gofpdf's AliasNbPages
// would do it by copying every page twice, and would also replace the
// text of a check-in that holds "{nb}".
var pagesAlias = []byte("\x00{\x00n\x00b\x00}")

// compressStreams returns pdf, a document as gofpdf writes it (objects
// listed in one cross-reference table), with its unfiltered streams
// compressed, the page contents among them, and the table rewritten. It
// returns an error when pdf is not laid out so. In each stream the last
// pagesAlias, the footer's when the stream is a page's, becomes pages
// (UTF-16BE, as pagesAlias); with pages nil, streams keep their bytes.
func compressStreams(pdf, pages []byte) ([]byte, error) {
	// The cross-reference table: where each object starts.
	i := bytes.LastIndex(pdf, []byte("\nstartxref\n"))
	if i < 0 {
		return nil, fmt.Errorf("no startxref")
	}
	rest := pdf[i+len("\nstartxref\n"):]
	xref, err := strconv.Atoi(string(rest[:max(0, bytes.IndexByte(rest, '\n'))]))
	if err != nil || xref <= 0 || xref >= len(pdf) || !bytes.HasPrefix(pdf[xref:], []byte("xref\n0 ")) {
		return nil, fmt.Errorf("no cross-reference table")
	}
	table := pdf[xref+len("xref\n0 "):]
	nl := bytes.IndexByte(table, '\n')
	count, err := strconv.Atoi(string(table[:max(0, nl)]))
	const entry = 20 // "0000000123 00000 n \n"
	if err != nil || count < 2 || count > len(table)/entry || len(table) < nl+1+count*entry {
		return nil, fmt.Errorf("bad cross-reference table")
	}
	entries := table[nl+1:]
	trailer := entries[count*entry:]
	if bytes.Contains(trailer, []byte("/Encrypt")) {
		return nil, fmt.Errorf("encrypted streams")
	}
	offsets := make([]int, count) // by object number; 0 for object 0
	for n := 1; n < count; n++ {
		e := entries[n*entry : (n+1)*entry]
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || string(e[10:]) != " 00000 n \n" || off <= 0 || off >= xref {
			return nil, fmt.Errorf("bad cross-reference entry %d", n)
		}
		offsets[n] = off
	}
	// Objects in the order written; each ends where the next starts.
	order := make([]int, 0, count-1)
	for n := 1; n < count; n++ {
		order = append(order, n)
	}
	slices.SortFunc(order, func(a, b int) int { return offsets[a] - offsets[b] })
	out := bytes.NewBuffer(make([]byte, 0, len(pdf)/3))
	out.Write(pdf[:offsets[order[0]]])
	codes := pageCodes()
	var z, joined []byte
	newOffsets := make([]int, count)
	for k, n := range order {
		end := xref
		if k+1 < len(order) {
			end = offsets[order[k+1]]
		}
		obj := pdf[offsets[n]:end]
		if end <= offsets[n] || !bytes.HasPrefix(obj, []byte(strconv.Itoa(n)+" 0 obj\n")) {
			return nil, fmt.Errorf("object %d is not where the table says", n)
		}
		newOffsets[n] = out.Len()
		head, data, tail, ok := plainStream(obj)
		if !ok {
			out.Write(obj)
			continue
		}
		if a := bytes.LastIndex(data, pagesAlias); pages != nil && a >= 0 {
			joined = append(append(append(joined[:0], data[:a]...), pages...), data[a+len(pagesAlias):]...)
			data = joined
		}
		z = codes.AppendZlib(z[:0], data)
		if len(z) > len(data) {
			z = flateZlib(z[:0], data)
		}
		out.Write(head)
		fmt.Fprintf(out, "<</Filter /FlateDecode /Length %d>>\nstream\n", len(z))
		out.Write(z)
		out.Write(tail)
	}
	newXref := out.Len()
	fmt.Fprintf(out, "xref\n0 %d\n0000000000 65535 f \n", count)
	for n := 1; n < count; n++ {
		fmt.Fprintf(out, "%010d 00000 n \n", newOffsets[n])
	}
	t := trailer
	j := bytes.Index(t, []byte("startxref\n"))
	if j < 0 {
		return nil, fmt.Errorf("no trailer")
	}
	out.Write(t[:j])
	fmt.Fprintf(out, "startxref\n%d\n%%%%EOF\n", newXref)
	return out.Bytes(), nil
}

// flateZlib appends to dst src as a zlib stream of compress/flate.
func flateZlib(dst, src []byte) []byte {
	w := writers.Get().(*zlib.Writer)
	defer writers.Put(w)
	b := bytes.NewBuffer(dst)
	w.Reset(b)
	w.Write(src) // a bytes.Buffer does not fail
	w.Close()
	return b.Bytes()
}

// plainStream splits an object "N 0 obj\n<</Length L>>\nstream\n<data>\nendstream\nendobj\n"
// into its first line, its data and what follows the data. It reports
// false for any other object, filtered streams among them.
func plainStream(obj []byte) (head, data, tail []byte, ok bool) {
	nl := bytes.IndexByte(obj, '\n')
	rest := obj[nl+1:]
	if !bytes.HasPrefix(rest, []byte("<</Length ")) {
		return nil, nil, nil, false
	}
	dict := rest[len("<</Length "):]
	k := bytes.Index(dict, []byte(">>\nstream\n"))
	if k < 0 {
		return nil, nil, nil, false
	}
	length, err := strconv.Atoi(string(dict[:k]))
	start := len("<</Length ") + k + len(">>\nstream\n")
	if err != nil || length < 0 || length > len(rest) || start+length > len(rest) || !bytes.HasPrefix(rest[start+length:], []byte("\nendstream\n")) {
		return nil, nil, nil, false
	}
	return obj[:nl+1], rest[start : start+length], rest[start+length:], true
}

// utf16BE returns s, ASCII, as UTF-16BE: how gofpdf writes the text of a
// font of AddUTF8Font.
func utf16BE(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, 0, s[i])
	}
	return b
}
