package okr

import (
	"fmt"
	"net/url"
	"strings"
)

// CheckBaseURL says why s cannot be a site's base URL, or returns nil. A
// base URL is an absolute http or https URL with a host and no user
// information, query or fragment ("https://acme.github.io/okrs/"), or a
// path that starts with a single slash ("/okrs/"). It is pasted into every
// link of the site and feed, so anything else would break them all.
//
// okr.toml's base_url and the --base-url flag are both checked with it.
// The error's text starts with s, quoted, for the caller to prefix with
// the setting's name: `base_url "example.com/okrs" is not ...`. The empty
// string is refused; callers treat an empty setting as unset first.
func CheckBaseURL(s string) error {
	const want = "expected an absolute http(s) URL such as https://acme.github.io/okrs/ or a path starting with / such as /okrs/"
	switch {
	case s == "":
		return fmt.Errorf("%q is empty; %s", s, want)
	case strings.TrimSpace(s) != s:
		return fmt.Errorf("%q has spaces around it; %s", s, want)
	case strings.ContainsAny(s, " \t\r\n"):
		return fmt.Errorf("%q contains a space; %s, with spaces written as %%20", s, want)
	case strings.Contains(s, `\`):
		return fmt.Errorf("%q contains a backslash; %s", s, want)
	case strings.HasPrefix(s, "//"):
		return fmt.Errorf("%q names a host without a scheme; %s", s, want)
	case strings.Contains(s, "?"):
		return fmt.Errorf("%q has a query (?...); %s, without one", s, want)
	case strings.Contains(s, "#"):
		return fmt.Errorf("%q has a fragment (#...); %s, without one", s, want)
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a valid URL (%v); %s", s, unwrapURLError(err), want)
	}
	switch {
	case strings.HasPrefix(s, "/"):
		return nil
	case u.Scheme == "":
		hint := ""
		if host, _, _ := strings.Cut(s, "/"); strings.Contains(host, ".") {
			hint = fmt.Sprintf(" (did you mean \"https://%s\"?)", s)
		}
		return fmt.Errorf("%q is neither an absolute URL nor a path starting with /%s; %s", s, hint, want)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%q is a %s: URL; %s", s, u.Scheme, want)
	case u.Host == "" || u.Hostname() == "":
		return fmt.Errorf("%q has no host; %s", s, want)
	case u.User != nil:
		return fmt.Errorf("%q has user information (user@); %s, without it", s, want)
	}
	return nil
}

// unwrapURLError returns the reason of a *url.Error without the URL, which
// the message already quotes.
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
