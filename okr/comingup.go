package okr

// DefaultCheckinEvery is checkin_every_days when okr.toml does not set it.
const DefaultCheckinEvery = 14

// ComingUpDays is how far ahead "Coming up" looks: as_of .. as_of + 14.
const ComingUpDays = 14

// Kinds of coming-up items.
const (
	ComingDeadline   = "deadline"
	ComingCheckIn    = "checkin"
	ComingQuarterEnd = "quarter-end"
)

// ComingUpItem is one line of the "Coming up" list (SPEC section 10).
type ComingUpItem struct {
	Date    Date       // the due day
	Kind    string     // ComingDeadline, ComingCheckIn or ComingQuarterEnd
	KR      *KRNumbers // the key result of a deadline, else nil
	Overdue bool       // the day has passed (a deadline missed, a check-in late)
}

// nextCheckIn returns the day the next check-in of q is due: every days
// after the latest check-in dated from q's start to asOf (checkIns are
// those counted, by date), else after q's start; nil when q is not
// running on asOf or every is 0.
func nextCheckIn(q *Quarter, asOf Date, every int, checkIns []*CheckIn) *Date {
	if every <= 0 || PhaseOf(q, asOf) != Running {
		return nil
	}
	from := q.Start
	for i := len(checkIns) - 1; i >= 0; i-- {
		if d := checkIns[i].Date; !d.After(asOf) {
			if !d.Before(q.Start) {
				from = d
			}
			break
		}
	}
	next := from.AddDays(every)
	return &next
}

// comingUp returns the "Coming up" list of a quarter on asOf.
func comingUp(qn *QuarterNumbers, asOf Date) []ComingUpItem {
	horizon := asOf.AddDays(ComingUpDays)
	within := func(d Date) bool { return !d.Before(asOf) && !d.After(horizon) }
	var out []ComingUpItem
	for _, on := range qn.Objectives {
		for _, kn := range on.KeyResults {
			switch {
			case kn.Due == nil:
			case kn.Overdue:
				out = append(out, ComingUpItem{Date: *kn.Due, Kind: ComingDeadline, KR: kn, Overdue: true})
			case within(*kn.Due) && clamp01(kn.Progress) < 1:
				out = append(out, ComingUpItem{Date: *kn.Due, Kind: ComingDeadline, KR: kn})
			}
		}
	}
	if d := qn.NextCheckIn; d != nil && !d.After(horizon) {
		out = append(out, ComingUpItem{Date: *d, Kind: ComingCheckIn, Overdue: d.Before(asOf)})
	}
	if within(qn.Quarter.End) {
		out = append(out, ComingUpItem{Date: qn.Quarter.End, Kind: ComingQuarterEnd})
	}
	sortByDateThenKind(out, func(it ComingUpItem) (Date, string) { return it.Date, it.Kind },
		ComingDeadline, ComingCheckIn, ComingQuarterEnd)
	return out
}
