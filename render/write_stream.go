package render

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// PutStream writes the file p with what write writes, in pieces, so that
// a large file (data.json) is never held whole (StreamOutput). It is
// compared with the previous output's file as it comes, as Put compares,
// and written only once a piece differs, the bytes before it copied from
// the previous file.
func (w *DirWriter) PutStream(p string, write func(io.Writer) error) error {
	if err := w.begin(p); err != nil {
		return err
	}
	defer w.writing.Done()
	s := &streamFile{w: w, p: p}
	s.prev, s.prevSize = w.prev.open(p)
	defer s.close()
	if err := write(s); err != nil {
		return err
	}
	if s.out == nil && s.prev != nil && s.matched == s.prevSize {
		s.close()
		return w.keepSame(p)
	}
	if s.out == nil {
		if err := s.diverge(); err != nil {
			return err
		}
	}
	err := s.bw.Flush()
	if err1 := s.out.Close(); err == nil {
		err = err1
	}
	s.out = nil
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", p, cause(err))
	}
	return nil
}

// streamFile is the io.Writer of PutStream: it compares what comes with
// the previous file until a piece differs, then writes into the stage.
type streamFile struct {
	w                 *DirWriter
	p                 string
	prev              *os.File // the previous output's file, or nil
	prevSize, matched int64    // its size, and how many of its bytes came again
	out               *os.File // the file written, once a piece differed
	bw                *bufio.Writer
}

func (s *streamFile) Write(b []byte) (int, error) {
	if s.out == nil && s.prev != nil && s.same(b) {
		s.matched += int64(len(b))
		return len(b), nil
	}
	if s.out == nil {
		if err := s.diverge(); err != nil {
			return 0, err
		}
	}
	return s.bw.Write(b)
}

// same reports whether the previous file holds b where the bytes that
// came so far end.
func (s *streamFile) same(b []byte) bool {
	if s.matched+int64(len(b)) > s.prevSize {
		return false
	}
	bp := compareBufs.Get().(*[]byte)
	defer compareBufs.Put(bp)
	buf := *bp
	for off := s.matched; len(b) > 0; {
		n, err := s.prev.ReadAt(buf[:min(len(buf), len(b))], off)
		if n == 0 || !bytes.Equal(buf[:n], b[:n]) {
			return false
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return false
		}
		b, off = b[n:], off+int64(n)
	}
	return true
}

// diverge starts writing the file into the stage, with the bytes that
// came the same so far.
func (s *streamFile) diverge() error {
	name, err := s.w.change(s.p)
	if err != nil {
		return err
	}
	f, err := s.w.createNew(name)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", s.p, cause(err))
	}
	s.out, s.bw = f, bufio.NewWriterSize(f, 64<<10)
	if s.matched > 0 {
		if _, err := io.Copy(s.bw, io.NewSectionReader(s.prev, 0, s.matched)); err != nil {
			return fmt.Errorf("cannot write %s: %w", s.p, cause(err))
		}
	}
	return nil
}

// close closes what is still open.
func (s *streamFile) close() {
	if s.prev != nil {
		s.prev.Close()
		s.prev = nil
	}
	if s.out != nil {
		s.out.Close()
		s.out = nil
	}
}

// createNew creates the file name in the stage for writing, as writeNew
// does: what is there goes first, never written into.
func (w *DirWriter) createNew(name string) (*os.File, error) {
	create := func() (*os.File, error) { return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644) }
	f, err := create()
	if errors.Is(err, fs.ErrExist) {
		remove := os.Remove
		if w.stage.recycled {
			remove = os.RemoveAll // a folder of an earlier output, maybe
		}
		if err = remove(name); err == nil {
			f, err = create()
		}
	}
	return f, err
}
