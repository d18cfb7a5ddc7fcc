package okr

import "sort"

// MaxDataFileSize bounds a data file (SPEC section 10): a daily row for
// years fits many times over.
const MaxDataFileSize = 16 << 20

// mergeRows merges a key result's check-in updates (oldest first) with its
// data file rows dated on or before asOf, oldest first. On one date the
// rows come first, in file order, so that a check-in's update wins (SPEC
// section 10: a person's word over a feed).
func mergeRows(updates, rows []*Update, asOf Date) []*Update {
	var rs []*Update
	for _, r := range rows {
		if !r.Date.After(asOf) {
			rs = append(rs, r)
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Date.Before(rs[j].Date) })
	out := make([]*Update, 0, len(updates)+len(rs))
	i := 0
	for _, u := range updates {
		for i < len(rs) && !rs[i].Date.After(u.Date) {
			out = append(out, rs[i])
			i++
		}
		out = append(out, u)
	}
	return append(out, rs[i:]...)
}
