package okr

import (
	"strconv"
	"strings"
	"testing"
)

func TestCheckBaseURL(t *testing.T) {
	tests := []struct {
		in  string
		msg string // "" when valid
	}{
		{"/", ""},
		{"/okrs/", ""},
		{"/okrs", ""},
		{"/team%20okrs/", ""},
		{"https://acme.github.io/okrs/", ""},
		{"http://localhost:1313/", ""},
		{"HTTPS://Acme.Example", ""},
		{"https://[::1]:8080/okrs/", ""},
		{"", "is empty"},
		{"example.com/okrs", `is neither an absolute URL nor a path starting with / (did you mean "https://example.com/okrs"?)`},
		{"okrs", "is neither an absolute URL nor a path starting with /; expected"},
		{" /okrs/", "has spaces around it"},
		{"/okrs/ ", "has spaces around it"},
		{"/my okrs/", "contains a space"},
		{"/okrs?x=1", "has a query"},
		{"/okrs/?", "has a query"},
		{"https://acme.github.io/okrs/#top", "has a fragment"},
		{"/okrs#", "has a fragment"},
		{"//evil.example/okrs", "names a host without a scheme"},
		{`/\evil.example`, "contains a backslash"},
		{"ftp://acme.example/", "is a ftp: URL"},
		{"javascript:alert(1)", "is a javascript: URL"},
		{"https://", "has no host"},
		{"https:okrs", "has no host"},
		{"https://:443/", "has no host"},
		{"https://user:secret@acme.example/", "has user information"},
		{"/okrs/%zz", "is not a valid URL"},
		{"https://acme.example/\x7f", "is not a valid URL"},
	}
	for _, tt := range tests {
		err := CheckBaseURL(tt.in)
		switch {
		case tt.msg == "" && err != nil:
			t.Errorf("CheckBaseURL(%q) = %v, want nil", tt.in, err)
		case tt.msg != "" && err == nil:
			t.Errorf("CheckBaseURL(%q) = nil, want %q", tt.in, tt.msg)
		case tt.msg != "" && (!strings.HasPrefix(err.Error(), strconv.Quote(tt.in)+" ") || !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), "; expected")):
			t.Errorf("CheckBaseURL(%q) = %q, want the value quoted, then %q and what is expected", tt.in, err, tt.msg)
		}
	}
}
