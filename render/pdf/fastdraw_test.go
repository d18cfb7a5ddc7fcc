package pdf

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestAppendFixed2: appendFixed2 formats as strconv does, ties, signs,
// page coordinates and values strconv has to take included.
func TestAppendFixed2(t *testing.T) {
	values := []float64{
		0, math.Copysign(0, -1), 0.001, -0.001, 0.004, 0.005, -0.005, 0.125, 0.375, 0.625, 0.875, -0.125,
		1.005, 2.675, 1.115, 0.0625, 0.03125, 1e-9, 4503599627370496, 1e300, -1e300,
		math.Inf(1), math.Inf(-1), math.NaN(), math.SmallestNonzeroFloat64, 841.89, 595.28, 56.69,
		99.995, 99.994999, 999999.995,
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		values = append(values,
			(r.Float64()-0.3)*1000,
			float64(r.IntN(1<<20))/8-1000,       // exact ties
			float64(r.IntN(100000))/100*72/25.4, // millimetres in points
			(297-float64(r.IntN(29700))/100)*72/25.4,
			math.Float64frombits(r.Uint64()))
	}
	for _, v := range values {
		want := strconv.AppendFloat(nil, v, 'f', 2, 64)
		if got := appendFixed2(nil, v); string(got) != string(want) {
			t.Fatalf("appendFixed2(%v) = %s, want %s", v, got, want)
		}
	}
}
