package pdf

import (
	"os"
	"testing"

	"github.com/okrgen/okrgen/okr"
)

func TestExampleQuick(t *testing.T) {
	site, err := okr.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	n := okr.Compute(site, okr.NewDate(2026, 11, 23))
	for _, qn := range n.Quarters {
		res, err := Retrospective(n, qn, Options{Title: site.Config.Title, Team: site.Config.Team, Generator: "okrgen test"})
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile("/tmp/"+qn.Quarter.ID+".pdf", res.PDF, 0o644)
		t.Logf("%s: %d bytes, missing %q", qn.Quarter.ID, len(res.PDF), string(res.Missing))
	}
}
