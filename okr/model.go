package okr

// Kinds of objectives.
const (
	Aspirational = "aspirational"
	Committed    = "committed"
)

// Kinds of key results.
const (
	Metric    = "metric"
	Milestone = "milestone"
	Threshold = "threshold"
)

// Directions of threshold key results.
const (
	AtLeast = "at_least"
	AtMost  = "at_most"
)

// Site is everything okrgen reads from a site directory.
type Site struct {
	Dir      string // the folder it was loaded from, as given to Load
	Config   Config
	Quarters []*Quarter // sorted by start, then id
	CheckIns []*CheckIn // sorted by date, then source path
	Pages    []*Page    // content pages, sorted by source path
	Retros   []*Page    // content/retros/<QUARTER>.md, sorted by source path
	PDFFont  []byte     // the font file pdf_font names, or nil
	// DataFiles lists the data files key results name (SPEC section 10),
	// relative to the site with slashes, sorted, each once: what serve and
	// build --watch watch besides content/ and okr.toml.
	DataFiles []string

	// rows are the rows of each KR's data file dated within its quarter,
	// in file order: kept on the site, not on the KeyResult, because a
	// Loader shares key results between the sites of successive loads.
	rows map[*KeyResult][]*Update
}

// DataRows returns the rows of kr's data file dated within its quarter, in
// file order, as updates: each has CheckIn == nil and Source set to the
// file's site-relative path. Compute merges them with check-in updates
// into KRNumbers.History (use that to show them).
func (s *Site) DataRows(kr *KeyResult) []*Update { return s.rows[kr] }

// Name returns the path of a site file (relative, with slashes) as the user
// named the site's folder: for messages.
func (s *Site) Name(rel string) string { return displayName(s.Dir, rel) }

// Config holds the site settings of okr.toml.
type Config struct {
	Title                string
	Team                 string
	BaseURL              string
	Theme                string
	StaleAfterDays       int
	FiscalYearStartMonth int
	UnsafeHTML           bool
	PDFFont              string
	// CheckinEvery is checkin_every_days: the check-in cadence in days
	// for "Coming up" (SPEC section 10); DefaultCheckinEvery when unset,
	// 0 when off.
	CheckinEvery int
	// Teams are the team sites of an organisation ([[teams]], SPEC
	// section 9), in file order; nil for a site without teams.
	Teams []*TeamRef
}

// Quarter is one OKR period.
type Quarter struct {
	ID         string // YYYY-QN
	Start, End Date   // inclusive
	Objectives []*Objective
	Retro      *Page // the retrospective notes, or nil
}

// Objective is one objective of a quarter.
type Objective struct {
	ID          string
	Quarter     *Quarter
	Title       string
	Owner       string
	Kind        string // Aspirational or Committed
	Weight      float64
	Description string // Markdown
	KeyResults  []*KeyResult
	Line        int // line of its [[objectives]] header in okr.toml
	// AlignsTo are the parent site's objectives this one serves (SPEC
	// section 9), qualified ("2026-Q3/O1"), in the order given: nil when
	// okr.toml has no aligns_to, empty when it gives an empty list.
	AlignsTo []string
	// CarriedFrom is the objective of an earlier quarter this one carries
	// over (carried_from, SPEC section 11), or nil.
	CarriedFrom *Objective
	// CarriedInto are the objectives of later quarters carried over from
	// this one, in the site's quarter order, then file order; nil when none.
	CarriedInto []*Objective

	alignsLine, alignsCol int    // where okr.toml sets aligns_to
	carried               string // carried_from as written, "" without
	carriedLine           int    // where okr.toml sets carried_from
	carriedCol            int
}

// KeyResult is one key result of an objective.
type KeyResult struct {
	ID        string
	Objective *Objective
	Title     string
	Kind      string // Metric, Milestone or Threshold
	Unit      string
	Owner     string
	Weight    float64
	Start     *float64 // metrics only
	Target    *float64 // metrics and thresholds
	Direction string   // thresholds only: AtLeast or AtMost
	Line      int
	// Due is the KR's deadline (metrics and milestones only, within its
	// quarter), or nil: its expected pace runs to this day (SPEC section 10).
	Due *Date
	// Data is the data file the KR takes updates from, as okr.toml names
	// it ("data/api-uptime.csv"), or "". Its rows are Site.DataRows(kr).
	Data string
	// Revisions are the KR's moved targets (SPEC section 11), by date,
	// strictly increasing; nil without. Target stays the original target:
	// TargetOn gives the one in force on a day.
	Revisions []Revision

	dataLine, dataCol int // where okr.toml sets data
}

// Ref returns the key result's reference within its quarter, "O1.KR1".
func (kr *KeyResult) Ref() string { return kr.Objective.ID + "." + kr.ID }

// FullRef returns the qualified reference, "2026-Q3/O1.KR1".
func (kr *KeyResult) FullRef() string { return kr.Objective.Quarter.ID + "/" + kr.Ref() }

// CheckIn is one check-in file.
type CheckIn struct {
	Source   string // path relative to the site, with slashes
	Stem     string // file name without its extension (.md, .markdown); its page is checkins/<stem>/
	Date     Date
	Author   string
	Title    string
	Updates  []*Update
	BodyLine int // line of the body's first line in the file

	// body is the Markdown after the front matter (Markdown returns it),
	// held as bodyHeld says.
	body     []byte
	bodyHeld held
}

// Update is one [[updates]] entry of a check-in, or one row of a KR's data
// file (SPEC section 10).
//
// A check-in's update has CheckIn set and Source "". A data file's row has
// CheckIn == nil and Source set to the data file ("data/api-uptime.csv"):
// code that links an update to its check-in must check CheckIn first. Date
// is set on both; use it, not CheckIn.Date.
type Update struct {
	CheckIn    *CheckIn // nil for a data file's row
	Source     string   // the data file of a row; "" for a check-in's update
	Date       Date     // the day the update counts on: its check-in's date, or the row's
	Index      int      // position within the check-in, or the row's index in its file
	KR         *KeyResult
	Value      *float64
	Done       *bool
	Confidence *int
	Note       string
	// Blocker is the update's blocker key: nil when absent, "" when it
	// clears a blocker, else the blocker's text (SPEC section 10). Data
	// file rows have none.
	Blocker *string
	Line    int // line in the check-in file, or in the data file
}

// FromData reports whether u is a row of a data file rather than a
// check-in's update.
func (u *Update) FromData() bool { return u.CheckIn == nil }

// Page is a Markdown content page or retrospective.
type Page struct {
	Source   string // path relative to the site, with slashes
	Slug     string // output path without slashes at either end: "planning"
	Title    string
	Body     []byte
	BodyLine int
}
