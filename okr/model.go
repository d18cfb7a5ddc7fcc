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
}

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
	Body     []byte // Markdown after the front matter
	BodyLine int    // line of the body's first line in the file
}

// Update is one [[updates]] entry of a check-in.
type Update struct {
	CheckIn    *CheckIn
	Index      int // position within the check-in
	KR         *KeyResult
	Value      *float64
	Done       *bool
	Confidence *int
	Note       string
	Line       int
}

// Page is a Markdown content page or retrospective.
type Page struct {
	Source   string // path relative to the site, with slashes
	Slug     string // output path without slashes at either end: "planning"
	Title    string
	Body     []byte
	BodyLine int
}
