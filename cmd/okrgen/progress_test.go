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
	for i := 0; i < 3; i++ {
		p.Put("a.html", nil)
	}
	// The line shows on the first tick after 300 ms: wait for it, however
	// busy the machine.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), "3 files written"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no progress shown: %q", out.String())
		}
	}
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
