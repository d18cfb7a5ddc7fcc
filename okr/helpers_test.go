package okr

import (
	"testing"

	"github.com/okrgen/okrgen/internal/sitetest"
)

// mustLoad loads a site made of files, failing the test on errors.
func mustLoad(t *testing.T, files map[string]string) *Site {
	t.Helper()
	site, err := Load(sitetest.Write(t, files))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return site
}

func date(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// kr returns the numbers of the key result ref ("2026-Q3/O1.KR1").
func kr(t *testing.T, n *Numbers, ref string) *KRNumbers {
	t.Helper()
	for _, q := range n.Quarters {
		for _, o := range q.Objectives {
			for _, k := range o.KeyResults {
				if k.KR.FullRef() == ref {
					return k
				}
			}
		}
	}
	t.Fatalf("no key result %s", ref)
	return nil
}
