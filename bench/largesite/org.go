package largesite

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// OrgObjectives are the organisation's objectives in every quarter of a
// generated organisation: O1 is the shared objective, which teams of
// every kind serve; O1 to O4 have no key results of their own and take
// their numbers from the team objectives aligned to them (SPEC section 9);
// O5 has key results of its own.
var OrgObjectives = []string{
	"Expand into the European market",
	"Make every service fast",
	"Keep customers' data safe",
	"Ship what customers ask for",
	"Grow revenue",
}

// generateOrg writes an organisation of p.Teams teams into dir: the root
// site lists them in [[teams]] (teams/team-000, ...) and has the
// objectives of OrgObjectives in each of p.Quarters quarters, and no
// check-ins. The teams share p.CheckIns. Each team has two objectives a
// quarter of min(p.KRs, 3) key results each: O1 aligned to one of the
// organisation's O2 to O4, O2 to the shared O1 for every fourth team and
// to O5 for the others; every tenth team has a third objective without
// key results, aligned to O1. Team 1 has a fiscal year starting in
// February, and team 2 moves the dates of 2026-Q4: the quarters of those
// two run on other dates than the organisation's.
//
// With p.Flat, it writes the same objectives, key results and check-ins
// (drawn in the same order, so the same but for the dates of teams 1 and
// 2) into one site: each team's objectives with ids prefixed "T007-", all
// on the organisation's quarter dates, and no [[teams]] or aligns_to.
func generateOrg(dir string, p Params) error {
	rng := rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15))
	qs := quarters(p.Quarters, 1, nil)
	var b strings.Builder
	b.WriteString("title = \"Acme organisation OKRs\"\nteam = \"Acme\"\nstale_after_days = 21\n")
	for i := 0; i < p.Teams && !p.Flat; i++ {
		fmt.Fprintf(&b, "\n[[teams]]\nid = %q\npath = \"teams/%s\"\n", teamID(i), teamID(i))
		if i%2 == 0 {
			fmt.Fprintf(&b, "name = \"Team %d\"\n", i)
		}
	}
	for _, q := range qs {
		for o, title := range OrgObjectives {
			fmt.Fprintf(&b, "\n[[objectives]]\nid = \"O%d\"\nquarter = %q\ntitle = %q\nowner = \"Owner %d\"\n", o+1, q.id, title, o)
			if o < len(OrgObjectives)-1 {
				continue
			}
			for k := 1; k <= 3; k++ {
				fmt.Fprintf(&b, "  [[objectives.key_results]]\n  id = \"KR%d\"\n  title = \"Grow %s revenue from 100 to %d\"\n  owner = \"Owner %d\"\n  start = 100\n  target = %d\n", k, pick(rng), 120+10*k, k, 120+10*k)
			}
		}
	}
	if !p.Flat {
		if err := write(dir, "okr.toml", b.String()); err != nil {
			return err
		}
	}
	krs := min(p.KRs, 3)
	first := 0
	for i := 0; i < p.Teams; i++ {
		n := p.CheckIns / p.Teams
		if i < p.CheckIns%p.Teams {
			n++
		}
		fiscal, moved, dates := 1, map[string][2]time.Time(nil), ""
		switch i {
		case 1:
			fiscal, dates = 2, "fiscal_year_start_month = 2\n"
		case 2:
			start, end := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 18, 0, 0, 0, 0, time.UTC)
			moved = map[string][2]time.Time{"2026-Q4": {start, end}}
			dates = fmt.Sprintf("\n[quarters.\"2026-Q4\"]\nstart = %s\nend = %s\n", start.Format("2006-01-02"), end.Format("2006-01-02"))
		}
		objectives := 2
		if i%10 == 9 {
			objectives = 3
		}
		head := fmt.Sprintf("title = \"Team %d OKRs\"\nteam = \"Team %d\"\nstale_after_days = 21\n%s", i, i, dates)
		s := siteSpec{
			head: head, quarters: quarters(p.Quarters, fiscal, moved), objectives: objectives, krs: krs,
			checkIns: n, first: first, updates: p.Updates, updated: 2,
			objective: func(q quarter, o int) (string, bool) {
				switch {
				case o == 1:
					return fmt.Sprintf("aligns_to = \"O%d\"\n", 2+i%3), true
				case o == 2 && i%4 == 0:
					return "aligns_to = [\"O1\"]\n", true
				case o == 2:
					return fmt.Sprintf("aligns_to = [\"%s/O5\"]\n", q.id), true
				}
				return "aligns_to = \"O1\"\n", false
			},
		}
		if p.Flat {
			s.ids, s.quarters = fmt.Sprintf("T%03d-", i), qs
			aligned := s.objective
			s.objective = func(q quarter, o int) (string, bool) {
				_, krs := aligned(q, o)
				return "", krs
			}
			writeObjectives(&b, rng, s)
			if err := writeCheckIns(dir, rng, s); err != nil {
				return err
			}
		} else if err := writeSite(dir+"/teams/"+teamID(i), rng, s); err != nil {
			return err
		}
		first += n
	}
	if p.Flat {
		return write(dir, "okr.toml", b.String())
	}
	return nil
}

// teamID returns the id of team i.
func teamID(i int) string { return fmt.Sprintf("team-%03d", i) }
