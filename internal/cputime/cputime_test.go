package cputime

import (
	"testing"
	"time"
)

// TestUsedGrowsWithWork: CPU time spent spinning shows in Used. The
// spinning goes on until it does, up to a deadline far beyond what it
// takes on a machine busy with other work.
func TestUsedGrowsWithWork(t *testing.T) {
	start := Used()
	deadline := time.Now().Add(20 * time.Second)
	for Used()-start < 20*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatalf("Used grew by %v in 20 s of spinning", Used()-start)
		}
	}
}
