package render

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// The escaping of html/template, for markup that funcs build in Go: a
// list of a thousand items costs a template several actions per item, each
// a reflective call, where building it here costs a few string copies. The
// result is byte for byte what the template would have written.

// textEscapes are the replacements of html/template's htmlEscaper and
// attrEscaper for text in an element or a quoted attribute, by byte: all
// are ASCII, so that escaping byte by byte leaves every other byte, and
// invalid UTF-8, as it is, as they do.
var textEscapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escapeText escapes s for an element's text or a quoted attribute.
func escapeText(s string) string {
	i := 0
	for i < len(s) && textEscapes[s[i]] == "" {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8 + 8)
	b.WriteString(s[:i])
	writeEscapedFrom(&b, s, i)
	return b.String()
}

// writeEscaped writes s into w escaped as escapeText escapes it.
func writeEscaped(w io.StringWriter, s string) { writeEscapedFrom(w, s, 0) }

// writeEscapedBytes writes s into b escaped as escapeText escapes it.
func writeEscapedBytes(b *bytes.Buffer, s []byte) {
	written := 0
	for i, c := range s {
		if r := textEscapes[c]; r != "" {
			b.Write(s[written:i])
			b.WriteString(r)
			written = i + 1
		}
	}
	b.Write(s[written:])
}

// writeEscapedFrom writes s[from:] into w escaped as escapeText escapes it.
func writeEscapedFrom(w io.StringWriter, s string, from int) {
	written := from
	for i := from; i < len(s); i++ {
		if r := textEscapes[s[i]]; r != "" {
			w.WriteString(s[written:i])
			w.WriteString(r)
			written = i + 1
		}
	}
	w.WriteString(s[written:])
}

// escapeHref escapes the URL root+path for an href attribute, as
// html/template does with href="{{root}}{{path}}": each part with a scheme
// other than http, https or mailto is refused, then both are normalised.
func escapeHref(root, path string) string {
	return escapeText(normalizeURL(filterURL(root)) + normalizeURL(filterURL(path)))
}

// escapeURL escapes the URL s for an attribute it starts, as html/template
// does with href="{{s}}...": refused when its scheme is unsafe, then
// normalised.
func escapeURL(s string) string { return escapeText(normalizeURL(filterURL(s))) }

// filterURL returns s, or "#ZgotmplZ" for a URL with an unsafe scheme.
func filterURL(s string) string {
	if !isSafeURL(s) {
		return "#ZgotmplZ"
	}
	return s
}

// isSafeURL reports whether s has no scheme or a safe one.
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		return strings.EqualFold(protocol, "http") || strings.EqualFold(protocol, "https") || strings.EqualFold(protocol, "mailto")
	}
	return true
}

// normalizeURL percent-encodes the bytes of s that may not stand in a URL,
// leaving reserved characters and existing escapes alone.
func normalizeURL(s string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0,
			'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue // an escape already
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", c)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
