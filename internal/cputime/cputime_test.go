package cputime

import (
	"testing"
	"time"
)

// TestUsedGrowsWithWork: CPU time spent spinning shows in Used.
func TestUsedGrowsWithWork(t *testing.T) {
	start := Used()
	x := 0
	for deadline := time.Now().Add(50 * time.Millisecond); time.Now().Before(deadline); {
		x++
	}
	if d := Used() - start; d < 10*time.Millisecond {
		t.Errorf("%v used while spinning 50 ms (%d turns)", d, x)
	}
}
