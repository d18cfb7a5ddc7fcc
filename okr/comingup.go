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
