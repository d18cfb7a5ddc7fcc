package okr

// Blocker is what blocks a key result (SPEC section 10).
type Blocker struct {
	Text  string // non-empty
	Since Date   // the first day of the last unbroken run of updates with Text
}

// BlockerChange is a key result becoming blocked or unblocked on a day:
// a feed entry and a line of the digest (SPEC section 10).
type BlockerChange struct {
	Date Date
	KR   *KeyResult
	// Blocker is the new blocker, nil when the KR became unblocked. A KR
	// blocked by a new text without being cleared in between changes too.
	Blocker *Blocker
	// Was is the blocker before the change, nil when it was not blocked.
	Was *Blocker
}

// BlockerChanges returns, in date order (then in okr.toml order), the days
// on or before asOf on which a key result of the site became blocked,
// unblocked, or blocked by another text. A KR that stops being blocked
// only because its quarter ended is not listed.
func BlockerChanges(site *Site, asOf Date) []BlockerChange {
	return nil // implemented in step 2
}
