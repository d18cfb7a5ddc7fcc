package okr

import "bytes"

// wideText returns "UTF-16" or "UTF-32" when data looks like text in that
// encoding (Notepad's "Unicode" is UTF-16), or "". It goes by the byte
// order mark, or without one, by the NUL bytes that every ASCII character
// brings along: at odd offsets only (little-endian) or at even ones only,
// in at least half of the characters.
func wideText(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}):
		return "UTF-32"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "UTF-16"
	}
	n := min(len(data), 4096) &^ 1
	var even, odd int // NUL bytes at even and odd offsets
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	if pairs := n / 2; even == 0 && odd >= 4 && 2*odd >= pairs || odd == 0 && even >= 4 && 2*even >= pairs {
		return "UTF-16"
	}
	return ""
}
