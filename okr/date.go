package okr

import (
	"fmt"
	"time"
)

// Date is a calendar day without time of day or time zone. The zero Date is
// not a valid day; use IsZero to test for it.
type Date struct {
	days int  // days since 1970-01-01
	set  bool // false for the zero Date
}

// NewDate returns the Date for year y, month m, day d. Out-of-range values
// are normalised as time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date{days: int(t.Unix() / 86400), set: true}
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseDate parses a date in the form YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("invalid date %q: expected YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return !d.set }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Unix(int64(d.days)*86400, 0).UTC() }

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2006-01-02")
}

// Sub returns the number of days from e to d (d - e).
func (d Date) Sub(e Date) int { return d.days - e.days }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return Date{days: d.days + n, set: true} }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.days < e.days }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.days > e.days }

// MarshalText formats d as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
