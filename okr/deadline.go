package okr

// Kinds of reminders.
const (
	ReminderDeadlineSoon   = "deadline-soon"    // 7 days before a KR's due date
	ReminderQuarterEndSoon = "quarter-end-soon" // 7 days before a quarter's last day
	ReminderDeadlineMissed = "deadline-missed"  // the day after a due date the KR missed
)

// ReminderDays is how many days before a deadline or a quarter's end the
// feed reminds of it.
const ReminderDays = 7

// Reminder is a dated feed entry about a deadline or a quarter's end
// (SPEC section 10).
type Reminder struct {
	Date    Date   // the day of the entry
	Kind    string // ReminderDeadlineSoon, ReminderQuarterEndSoon or ReminderDeadlineMissed
	Quarter *Quarter
	KR      *KeyResult // nil for ReminderQuarterEndSoon
	Due     Date       // the deadline: the KR's due date or the quarter's end
}

// Reminders returns the site's reminders dated on or before asOf, in date
// order, then by kind as listed above, then in okr.toml order. A deadline
// reminder is left out when the KR is done by that day.
func Reminders(site *Site, asOf Date) []Reminder {
	return nil // implemented in step 2
}
