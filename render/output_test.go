package render

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/okrgen/okrgen/okr"
)

// TestParallelHeavyBound runs jobs of which some are heavy and checks,
// with a counter, that no more than maxHeavy heavy jobs run at once (and
// that many do), that every job runs once, and that the other jobs run
// while heavy ones do, although the heavy jobs are the last of the list.
func TestParallelHeavyBound(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4)) // 8 workers
	tests := []struct {
		name          string
		n, heavy, max int
		wantMost      int
		lightMeantime bool // light jobs run while heavy ones do
	}{
		{"one at once", 40, 8, 1, 1, true},
		{"two at once", 40, 8, 2, 2, true},
		{"none asked: one", 40, 8, 0, 1, true},
		{"as many as workers", 40, 8, 8, 8, false},
		{"fewer than the bound", 40, 3, 10, 3, false},
		{"no heavy job", 40, 0, 1, 0, false},
		{"only heavy jobs", 6, 6, 2, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			running, most, meantime := 0, 0, 0
			ran := make([]int, tt.n)
			// Each heavy job waits until wantMost run at once (reached)
			// and, with lightMeantime, until a light job has run while
			// one did (seen); light jobs wait until a heavy one started.
			reached, seen, started := make(chan struct{}), make(chan struct{}), make(chan struct{})
			var reachedOnce, seenOnce, startedOnce sync.Once
			wait := func(c chan struct{}) {
				select {
				case <-c:
				case <-time.After(10 * time.Second): // a guard against a hang; the counts fail the test
				}
			}
			isHeavy := func(i int) bool { return i >= tt.n-tt.heavy }
			err := parallel(tt.n, isHeavy, tt.max, func(i int) error {
				heavy := isHeavy(i)
				mu.Lock()
				ran[i]++
				if heavy {
					running++
					most = max(most, running)
					startedOnce.Do(func() { close(started) })
					if running == tt.wantMost {
						reachedOnce.Do(func() { close(reached) })
					}
				} else if running > 0 {
					meantime++
					seenOnce.Do(func() { close(seen) })
				}
				mu.Unlock()
				if heavy {
					wait(reached)
					if tt.lightMeantime {
						wait(seen)
					}
				} else if tt.lightMeantime {
					wait(started)
				}
				mu.Lock()
				if heavy {
					running--
				}
				mu.Unlock()
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for i, k := range ran {
				if k != 1 {
					t.Errorf("job %d ran %d times", i, k)
				}
			}
			if most != tt.wantMost {
				t.Errorf("at most %d heavy jobs ran at once, want %d", most, tt.wantMost)
			}
			if tt.lightMeantime && meantime == 0 {
				t.Errorf("no light job ran while heavy ones did")
			}
		})
	}
}

// TestParallelFirstError checks that every job runs and the first error
// is returned, with heavy jobs too.
func TestParallelFirstError(t *testing.T) {
	var mu sync.Mutex
	ran := 0
	err := parallel(20, func(i int) bool { return i%5 == 0 }, 1, func(i int) error {
		mu.Lock()
		ran++
		mu.Unlock()
		if i == 7 {
			return fmt.Errorf("job %d: %w", i, errBoom)
		}
		return nil
	})
	if !errors.Is(err, errBoom) || ran != 20 {
		t.Errorf("err %v after %d jobs, want boom after 20", err, ran)
	}
}

var errBoom = errors.New("boom")

// TestPDFJobs checks how many PDFs are rendered at once for the length of
// the longest quarter's log: the check-ins of its days and those that
// update its key results.
func TestPDFJobs(t *testing.T) {
	q1 := &okr.Quarter{ID: "2026-Q1", Start: okr.NewDate(2026, 1, 1), End: okr.NewDate(2026, 3, 31)}
	q2 := &okr.Quarter{ID: "2026-Q2", Start: okr.NewDate(2026, 4, 1), End: okr.NewDate(2026, 6, 30)}
	q2KR := &okr.KeyResult{ID: "kr", Objective: &okr.Objective{ID: "o", Quarter: q2}}
	tests := []struct {
		name   string
		q1, q2 int // check-ins of each quarter's days
		q1For2 int // check-ins of q1's days that update q2's key result, twice
		want   int
	}{
		{"no check-ins", 0, 0, 0, pdfCheckIns},
		{"10,000 check-ins", 1250, 1250, 0, 8},
		{"a long quarter decides", 1250, 5000, 0, 2},
		{"updates count in their quarter's log", 1250, 1250, 3750, 2},
		{"100,000 check-ins", 12500, 12500, 0, 1},
		{"more than the budget", 30000, 1, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := &okr.Numbers{Quarters: []*okr.QuarterNumbers{{Quarter: q1}, {Quarter: q2}}}
			add := func(count int, q *okr.Quarter, kr *okr.KeyResult) {
				for i := 0; i < count; i++ {
					c := &okr.CheckIn{Date: q.Start.AddDays(i % 90)}
					if kr != nil {
						c.Updates = []*okr.Update{{CheckIn: c, KR: kr}, {CheckIn: c, KR: kr}}
					}
					n.CheckIns = append(n.CheckIns, c)
				}
			}
			add(tt.q1, q1, nil)
			add(tt.q2, q2, nil)
			add(tt.q1For2, q1, q2KR)
			if got := pdfJobs(n); got != tt.want {
				t.Errorf("pdfJobs = %d, want %d", got, tt.want)
			}
		})
	}
}
