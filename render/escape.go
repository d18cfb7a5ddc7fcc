package render

import (
	"fmt"
	"strings"
)

// The escaping of html/template, for markup that funcs build in Go: a
// list of a thousand items costs a template several actions per item, each
// a reflective call, where building it here costs a few string copies. The
// result is byte for byte what the template would have written.

// textEscaper escapes text in an element or a quoted attribute, as
// html/template's htmlEscaper and attrEscaper do.
var textEscaper = strings.NewReplacer(
	"\x00", "\uFFFD",
	`"`, "&#34;",
	"&", "&amp;",
	"'", "&#39;",
	"+", "&#43;",
	"<", "&lt;",
	">", "&gt;",
)

// escapeText escapes s for an element's text or a quoted attribute.
func escapeText(s string) string { return textEscaper.Replace(s) }

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
