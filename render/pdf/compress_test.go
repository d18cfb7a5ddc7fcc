package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strconv"
	"testing"

	"github.com/jung-kurt/gofpdf"
)

// plainPDF returns a document of a few pages as gofpdf writes it without
// compression, and the content of its pages.
func plainPDF(t *testing.T) []byte {
	t.Helper()
	f := gofpdf.New("P", "mm", "A4", "")
	f.SetCompression(false)
	f.SetFont("Helvetica", "", 12)
	for p := 1; p <= 3; p++ {
		f.AddPage()
		for l := 0; l < 20; l++ {
			f.Cell(0, 8, fmt.Sprintf("page %d line %d", p, l))
			f.Ln(8)
		}
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var objectRE = regexp.MustCompile(`(?s)(\d+) 0 obj\n<<(/Filter /FlateDecode )?/Length (\d+)>>\nstream\n`)

// streams returns the data of a document's streams by object number,
// decompressed.
func streams(t *testing.T, pdf []byte) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, m := range objectRE.FindAllSubmatchIndex(pdf, -1) {
		n := string(pdf[m[2]:m[3]])
		length, _ := strconv.Atoi(string(pdf[m[6]:m[7]]))
		data := pdf[m[1] : m[1]+length]
		if m[4] >= 0 {
			r, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("object %s: %v", n, err)
			}
			if data, err = io.ReadAll(r); err != nil {
				t.Fatalf("object %s: %v", n, err)
			}
		}
		out[n] = data
	}
	return out
}

// TestCompressStreams checks that every stream comes out compressed, with
// the same content, and that the cross-reference table points at every
// object.
func TestCompressStreams(t *testing.T) {
	plain := plainPDF(t)
	got, err := compressStreams(plain, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) >= len(plain) {
		t.Errorf("%d bytes compressed from %d", len(got), len(plain))
	}
	before, after := streams(t, plain), streams(t, got)
	if len(before) < 3 || len(after) != len(before) {
		t.Fatalf("%d streams before, %d after", len(before), len(after))
	}
	for n, data := range before {
		if !bytes.Equal(after[n], data) {
			t.Errorf("stream of object %s changed", n)
		}
	}
	if bytes.Contains(got, []byte("<</Length")) {
		t.Error("a stream left uncompressed")
	}
	// Every entry of the new table points at its object.
	xref := bytes.LastIndex(got, []byte("\nxref\n")) + 1
	rows := bytes.Split(got[xref:], []byte("\n"))
	count, _ := strconv.Atoi(string(bytes.TrimPrefix(rows[1], []byte("0 "))))
	for n := 1; n < count; n++ {
		off, _ := strconv.Atoi(string(rows[2+n][:10]))
		if !bytes.HasPrefix(got[off:], []byte(strconv.Itoa(n)+" 0 obj\n")) {
			t.Errorf("xref entry %d points at %q", n, got[off:min(off+20, len(got))])
		}
	}
	if !bytes.HasSuffix(got, []byte("startxref\n"+strconv.Itoa(xref)+"\n%%EOF\n")) {
		t.Errorf("trailer: %q", got[len(got)-40:])
	}
}

// TestCompressStreamsUnlikePages: a stream that the fitted codes would
// make larger (random bytes) is compressed by compress/flate, and comes
// back the same either way.
func TestCompressStreamsUnlikePages(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, size := range []int{0, 1, 100, 70000} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		plain := onePDF(fmt.Sprintf("1 0 obj\n<</Length %d>>\nstream\n%s\nendstream\nendobj\n", size, data), "<<>>")
		got, err := compressStreams([]byte(plain), nil)
		if err != nil {
			t.Fatalf("%d bytes: %v", size, err)
		}
		if after := streams(t, got)["1"]; !bytes.Equal(after, data) {
			t.Errorf("%d random bytes came back as %d others", size, len(after))
		}
		if size > 1000 && len(got) > len(plain)+size/100+64 {
			t.Errorf("%d random bytes: the document grew from %d to %d bytes", size, len(plain), len(got))
		}
	}
}

// onePDF returns a document of one object, obj, with the given trailer.
func onePDF(obj, trailer string) string {
	head := "%PDF-1.3\n"
	return fmt.Sprintf("%s%sxref\n0 2\n0000000000 65535 f \n%010d 00000 n \ntrailer\n%s\nstartxref\n%d\n%%%%EOF\n",
		head, obj, len(head), trailer, len(head)+len(obj))
}

// TestCompressStreamsDamaged: what gofpdf did not write gets an error,
// never a panic or a damaged file.
func TestCompressStreamsDamaged(t *testing.T) {
	plain := plainPDF(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 3000; i++ {
		b := bytes.Clone(plain)
		switch i % 3 {
		case 0:
			b = b[:rng.IntN(len(b))]
		case 1:
			b[rng.IntN(len(b))] = byte(rng.IntN(256))
		case 2:
			k := rng.IntN(len(b))
			b = append(b[:k], b[min(len(b), k+rng.IntN(40)):]...)
		}
		out, err := compressStreams(b, nil)
		if err == nil && i%3 == 0 && len(b) < len(plain)-10 {
			t.Errorf("truncated to %d bytes: no error", len(b))
		}
		_ = out
	}
	if _, err := compressStreams([]byte(onePDF("1 0 obj\n<</Length 1>>\nstream\nx\nendstream\nendobj\n", "<<>>")), nil); err != nil {
		t.Fatalf("a sound document of one stream: %v", err)
	}
	// A length beyond the file: not a stream to compress, left as it is.
	compressStreams([]byte(onePDF("1 0 obj\n<</Length 9223372036854775800>>\nstream\nx\nendstream\nendobj\n", "<<>>")), nil)
	for _, b := range []string{
		"%PDF-1.3\nxref\n0 1\n0000000000 65535 f \ntrailer\n<<>>\nstartxref\n9\n%%EOF\n",
		"%PDF-1.3\nxref\n0 461168601842738791\n0000000000 65535 f \ntrailer\n<<>>\nstartxref\n9\n%%EOF\n",
		onePDF("1 0 obj\n<</Length 1>>\nstream\nx\nendstream\nendobj\n", "<</Encrypt 3 0 R>>"),
	} {
		if _, err := compressStreams([]byte(b), nil); err == nil {
			t.Errorf("no error for %q", b)
		}
	}
}
