package main

import (
	"strings"
	"testing"
	"time"

	"github.com/okrgen/okrgen/render"
)

// TestProgress: a long build's progress is one line, rewritten in place,
// and cleared at the end; a quick one shows nothing.
func TestProgress(t *testing.T) {
	var out syncBuffer
	p := startProgress(&out)
	p.Output = &render.Site{}
	time.Sleep(450 * time.Millisecond)
	for i := 0; i < 3; i++ {
		p.Put("a.html", nil)
	}
	time.Sleep(150 * time.Millisecond)
	p.stop()
	s := out.String()
	if !strings.Contains(s, "\r\033[Kokrgen: rendering: 3 files written") || strings.Contains(s, "\n") || !strings.HasSuffix(s, "\r\033[K") {
		t.Errorf("progress wrote %q", s)
	}

	var quick syncBuffer
	q := startProgress(&quick)
	q.stop()
	if quick.String() != "\r\033[K" {
		t.Errorf("a quick build showed %q", quick.String())
	}
	if isTerminal(&quick) {
		t.Error("a buffer is not a terminal")
	}
}
