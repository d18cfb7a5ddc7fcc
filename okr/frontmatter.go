package okr

import (
	"bytes"
)

// splitFrontMatter splits a Markdown file into its TOML front matter (the
// lines between a first line "+++" and the next line "+++") and its body.
// fmLine is the line number of the front matter's first line, bodyLine that
// of the body's. has reports whether the file opens with front matter.
// A file that opens with "---" (YAML) or whose front matter is not closed
// gets an error message.
func splitFrontMatter(src []byte) (fm, body []byte, fmLine, bodyLine int, has bool, msg string) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	switch string(bytes.TrimRight(first, " \t\r")) {
	case "+++":
	case "---":
		return nil, src, 0, 1, false, "YAML front matter (---) is not supported; use TOML front matter between +++ lines"
	default:
		return nil, src, 0, 1, false, ""
	}
	line := 2
	off := 0
	for off <= len(rest) {
		l := rest[off:]
		next := bytes.IndexByte(l, '\n')
		if next >= 0 {
			l = l[:next]
		}
		if string(bytes.TrimRight(l, " \t\r")) == "+++" {
			body := []byte{}
			if next >= 0 {
				body = rest[off+next+1:]
			}
			return rest[:off], body, 2, line + 1, true, ""
		}
		if next < 0 {
			break
		}
		off += next + 1
		line++
	}
	return nil, nil, 2, 0, true, "front matter is not closed; expected a line +++ after it"
}
