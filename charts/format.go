package charts

import (
	"math"
	"strconv"
	"strings"

	"github.com/okrgen/okrgen/okr"
)

// The numbers people read, one function for each kind:
//
//   - a value as typed in okr.toml or a check-in (a start, a target, an
//     update's value, a weight): Number, and Value with its unit, exact;
//   - a value computed from a key result's values (the expected pace, an
//     axis tick): Fixed, and ValueAt with its unit, at the precision of
//     the inputs (see Precision);
//   - a share (progress, expected): Percent; a change of one: Points;
//   - a score: Score;
//   - a confidence: ConfidenceText.
//
// data.json keeps every number exact; these are for pages, tables, the PDF,
// the digest and the feed.

// maxDecimals bounds the decimals a number is shown with.
const maxDecimals = 20

// Number formats a number as typed: its shortest exact decimal form (182,
// 99.95, 0.1), which reads back as the same float64, in exponent form when
// very large or very small (1e+20, -1e-05). Negative zero is "0". A value
// computed from others goes through Fixed, which rounds off the noise of
// binary arithmetic first.
func Number(v float64) string {
	if v == 0 {
		return "0"
	}
	if a := math.Abs(v); a >= 1e15 || a < 1e-4 {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Fixed formats a computed v rounded to at most dec decimals, without
// trailing zeros, and to the 15 significant digits a float64 holds
// exactly: Fixed(140.2173913, 1) is "140.2", Fixed(165.0001, 2) is "165",
// Fixed(0.1+0.2, 20) is "0.3".
func Fixed(v float64, dec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	dec = min(max(dec, 0), maxDecimals)
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', dec, 64), 64)
	return Number(denoise(r))
}

// denoise rounds v to 15 significant digits, as many as a float64 holds
// exactly: the binary noise of arithmetic (0.5499999999999999) goes.
func denoise(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if err != nil {
		return v // rounded up beyond the largest float64
	}
	return r
}

// Decimals returns the number of decimals v has as typed: 140.2 has 1, 200
// has 0, 0.125 has 3.
func Decimals(v float64) int {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	s := strconv.FormatFloat(denoise(v), 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return min(len(s)-i-1, maxDecimals)
	}
	return 0
}

// Precision returns the decimals that a value computed from a key
// result's values is shown with: the most that its inputs have, among its
// start, its target and the values of its counted updates. A key result
// going from 200 to 100 ms, read at 140.2, shows its expected pace as
// 165.2 ms.
func Precision(kn *okr.KRNumbers) int {
	dec := 0
	for _, v := range []*float64{kn.KR.Start, kn.KR.Target, kn.Target} {
		if v != nil {
			dec = max(dec, Decimals(*v))
		}
	}
	for _, u := range kn.History {
		if u.Value != nil {
			dec = max(dec, Decimals(*u.Value))
		}
	}
	return dec
}

// Value formats a value as typed, with its unit: "182 ms", "99.95%".
func Value(v float64, unit string) string { return withUnit(Number(v), unit) }

// ValueAt formats a computed value at dec decimals (see Precision), with
// its unit: "165.2 ms".
func ValueAt(v float64, dec int, unit string) string { return withUnit(Fixed(v, dec), unit) }

func withUnit(n, unit string) string {
	switch unit {
	case "":
		return n
	case "%":
		return n + "%"
	}
	return n + " " + unit
}

// Percent formats a share as a whole percentage: 0.42 is "42%", 0.425 is
// "43%", 1.2 is "120%".
func Percent(p float64) string { return wholeNumber(p*100) + "%" }

// Points formats a change of a share in percentage points: "+12 pts",
// "-3 pts", "no change".
func Points(d float64) string {
	n := wholeNumber(d * 100)
	switch {
	case n == "0":
		return "no change"
	case strings.HasPrefix(n, "-"):
		return n + " pts"
	}
	return "+" + n + " pts"
}

// wholeNumber rounds v, free of binary noise (54.99999999999999 is 55), to
// a whole number, half away from zero.
func wholeNumber(v float64) string {
	if math.IsInf(v, 0) {
		v = math.Copysign(math.MaxFloat64, v)
	}
	return Fixed(math.Round(denoise(v)), 0)
}

// Score formats a score with two decimals: 0.72, 1.00.
func Score(s float64) string {
	if s == 0 {
		s = 0 // no "-0.00"
	}
	return strconv.FormatFloat(s, 'f', 2, 64)
}

// ConfidenceText formats a confidence: "7/10".
func ConfidenceText(c int) string { return strconv.Itoa(c) + "/10" }
