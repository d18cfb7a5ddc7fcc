package okr

import "math"

// Statuses of key results, objectives and quarters (SPEC section 4). An
// empty status stands for JSON null: the quarter is over.
const (
	StatusDone       = "done"
	StatusOnTrack    = "on-track"
	StatusAtRisk     = "at-risk"
	StatusOffTrack   = "off-track"
	StatusNotStarted = "not-started"
)

// Grades of a score once a quarter is over.
const (
	GradeAchieved = "achieved"
	GradePartial  = "partial"
	GradeMissed   = "missed"
)

// Numbers is everything SPEC section 4 computes for a site on one day.
type Numbers struct {
	AsOf     Date
	Quarters []*QuarterNumbers // in the site's order
	CheckIns []*CheckIn        // those dated on or before AsOf, by date then path
	Later    []*CheckIn        // those dated after AsOf, left out of everything
	Current  *QuarterNumbers   // the quarter of the home page, nil without quarters
}

// QuarterNumbers are a quarter's numbers.
type QuarterNumbers struct {
	Quarter *Quarter
	Phase   Phase
	// Elapsed is the share of the quarter elapsed on AsOf (SPEC section 4).
	Elapsed float64
	// Expected is the weighted mean of its objectives' Expected; exactly
	// Elapsed when no KR has a due date.
	Expected   float64
	Progress   float64 // weighted mean of its objectives' progress
	Status     string
	Score      *float64 // once the quarter is over
	Grade      string
	Objectives []*ObjectiveNumbers
	// NextCheckIn is the day the next check-in is due (SPEC section 10):
	// nil when the quarter is not running or checkin_every_days is 0.
	NextCheckIn *Date
	// ComingUp is the "Coming up" list on AsOf, in date order: deadlines,
	// the next check-in and the quarter's end in the next ComingUpDays
	// days, and everything overdue.
	ComingUp []ComingUpItem
	// ForecastProgress is the weighted mean of its objectives'
	// ForecastProgress (SPEC section 11), nil unless the quarter runs.
	ForecastProgress *float64
	// Likely is the grade ForecastProgress would earn (aspirational
	// rules), "" where it is nil.
	Likely string
	// Calibration measures the confidence of the quarter's updates against
	// its key results' grades (SPEC section 11): nil until the quarter
	// ended, and when no counted update gave a confidence.
	Calibration *Calibration
}

// ObjectiveNumbers are an objective's numbers.
type ObjectiveNumbers struct {
	Objective *Objective
	Progress  float64 // weighted mean of its key results' clamped progress
	// Expected is the weighted mean of its key results' Expected; exactly
	// the quarter's Elapsed when none has a due date. Status uses it.
	Expected   float64
	Status     string
	Score      *float64
	Grade      string
	KeyResults []*KRNumbers
	// ForecastProgress is the weighted mean over its key results of their
	// clamped ForecastProgress, or of their clamped Progress where that is
	// nil (SPEC section 11); without key results, that of the objectives
	// aligned to it (QuarterNumbers.Align), else its clamped Progress. Nil
	// unless the quarter runs.
	ForecastProgress *float64
	// Likely is the grade ForecastProgress would earn (committed rules for
	// a committed objective), "" where it is nil.
	Likely string

	elapsed bool // Expected is exactly the quarter's Elapsed
}

// KRNumbers are a key result's numbers.
type KRNumbers struct {
	KR         *KeyResult
	Current    *float64 // metrics and thresholds
	Done       *bool    // milestones
	Progress   float64  // raw: may be below 0 or above 1
	Expected   float64  // to the due date when the KR has one, else the quarter's Elapsed
	Status     string
	Score      *float64
	Grade      string
	Confidence *int
	Stale      bool
	LastUpdate Date      // zero without updates
	History    []*Update // counted updates (check-ins' and data rows), oldest first
	// Blocker is the KR's blocker on AsOf (SPEC section 10), or nil when
	// it is not blocked.
	Blocker *Blocker
	// Due is the KR's due date (KR.Due), or nil.
	Due *Date
	// Overdue is true while the quarter runs, AsOf is after Due and the
	// KR's clamped progress is below 1.
	Overdue bool
	// Target is the target in force on AsOf (KR.TargetOn), which every
	// number here uses; nil for milestones.
	Target *float64
	// OriginalTarget is the target okr.toml gives (KR.Target), before any
	// revision; nil for milestones.
	OriginalTarget *float64
	// Revisions are the KR's revisions dated on or before AsOf, by date;
	// nil when none counts (milestones never have any).
	Revisions []Revision
	// ScoreOriginal is, once the quarter ended, the clamped progress
	// against OriginalTarget (equal to Score without revisions); nil
	// while it runs, and for milestones.
	ScoreOriginal *float64
	// Forecast is the value the least-squares line through the KR's
	// values reaches on its last day (its due date, else the quarter's
	// end; SPEC section 11): metric KRs of a running quarter with points
	// on at least two days only, else nil.
	Forecast *float64
	// ForecastProgress is the raw progress Forecast would make against
	// Target; nil where Forecast is.
	ForecastProgress *float64
	// Likely is the grade the clamped ForecastProgress would earn (by the
	// committed rule for a committed objective's KR); "" where it is nil.
	Likely string
}

// Phase is where a day falls relative to a quarter.
type Phase int

// Phases of a quarter.
const (
	Upcoming Phase = iota // not started yet
	Running
	Ended
)

// PhaseOf returns the phase of q on day d.
func PhaseOf(q *Quarter, d Date) Phase {
	switch {
	case d.Before(q.Start):
		return Upcoming
	case d.After(q.End):
		return Ended
	}
	return Running
}

// Compute returns the numbers of site as of the given day. Check-ins and
// data file rows dated after asOf are left out.
func Compute(site *Site, asOf Date) *Numbers {
	n := &Numbers{AsOf: asOf}
	for _, c := range site.CheckIns {
		if c.Date.After(asOf) {
			n.Later = append(n.Later, c)
			continue
		}
		n.CheckIns = append(n.CheckIns, c)
	}
	history := histories(site, asOf)
	for _, q := range site.Quarters {
		qn := computeQuarter(q, asOf, site.Config.StaleAfterDays, history)
		qn.NextCheckIn = nextCheckIn(q, asOf, site.Config.CheckinEvery, n.CheckIns)
		qn.ComingUp = comingUp(qn, asOf)
		n.Quarters = append(n.Quarters, qn)
	}
	n.Current = currentQuarter(n.Quarters, asOf)
	return n
}

// histories returns every key result's updates dated on or before asOf,
// oldest first: check-ins' updates and data file rows merged (see
// mergeRows).
func histories(site *Site, asOf Date) map[*KeyResult][]*Update {
	history := map[*KeyResult][]*Update{}
	for _, c := range site.CheckIns { // by date, then path
		if c.Date.After(asOf) {
			break
		}
		for _, u := range c.Updates {
			history[u.KR] = append(history[u.KR], u)
		}
	}
	for _, q := range site.Quarters {
		for _, o := range q.Objectives {
			for _, kr := range o.KeyResults {
				if rows := site.rows[kr]; len(rows) > 0 {
					history[kr] = mergeRows(history[kr], rows, asOf)
				}
			}
		}
	}
	return history
}

// currentQuarter is the quarter containing asOf, else the latest that
// started, else the first.
func currentQuarter(qs []*QuarterNumbers, asOf Date) *QuarterNumbers {
	var latest *QuarterNumbers
	for _, q := range qs {
		if q.Quarter.Contains(asOf) {
			return q
		}
		if !asOf.Before(q.Quarter.Start) && (latest == nil || !q.Quarter.Start.Before(latest.Quarter.Start)) {
			latest = q
		}
	}
	if latest != nil {
		return latest
	}
	if len(qs) > 0 {
		return qs[0]
	}
	return nil
}

func computeQuarter(q *Quarter, asOf Date, staleDays int, history map[*KeyResult][]*Update) *QuarterNumbers {
	elapsed := Expected(q, asOf)
	qn := &QuarterNumbers{Quarter: q, Phase: PhaseOf(q, asOf), Elapsed: elapsed}
	for _, o := range q.Objectives {
		on := &ObjectiveNumbers{Objective: o, elapsed: true}
		var osum, oweights, oesum, ofsum float64
		for _, kr := range o.KeyResults {
			kn := computeKR(kr, qn, asOf, staleDays, history[kr])
			on.KeyResults = append(on.KeyResults, kn)
			osum += kr.Weight * clamp01(kn.Progress)
			oesum += kr.Weight * kn.Expected
			ofsum += kr.Weight * forecastOrProgress(kn.ForecastProgress, kn.Progress)
			oweights += kr.Weight
			on.elapsed = on.elapsed && kr.Due == nil
		}
		on.Expected = elapsed // exactly, when no KR has due (SPEC section 4)
		if oweights > 0 {
			on.Progress = osum / oweights
			if !on.elapsed {
				on.Expected = oesum / oweights
			}
		}
		on.Status = status(qn.Phase, on.Progress, on.Expected)
		on.Score, on.Grade = grade(qn.Phase, on.Progress, o.Kind == Committed)
		if qn.Phase == Running {
			fp := clamp01(on.Progress)
			if oweights > 0 {
				fp = ofsum / oweights
			}
			on.setForecast(fp)
		}
		qn.Objectives = append(qn.Objectives, on)
	}
	qn.total()
	qn.Calibration = calibrate(qn)
	return qn
}

// total sets the quarter's progress, expected, status and grade from its
// objectives' numbers.
func (qn *QuarterNumbers) total() {
	var sum, weights, esum float64
	elapsed := true
	for _, on := range qn.Objectives {
		w := on.Objective.Weight
		sum += w * on.Progress
		esum += w * on.Expected
		weights += w
		elapsed = elapsed && on.elapsed
	}
	qn.Progress, qn.Expected = 0, qn.Elapsed
	if weights > 0 {
		qn.Progress = sum / weights
		if !elapsed {
			qn.Expected = esum / weights
		}
	}
	qn.Status = status(qn.Phase, qn.Progress, qn.Expected)
	qn.Score, qn.Grade = grade(qn.Phase, qn.Progress, false)
	qn.totalForecast()
}

func computeKR(kr *KeyResult, qn *QuarterNumbers, asOf Date, staleDays int, hist []*Update) *KRNumbers {
	return computeKRWith(kr, qn, asOf, staleDays, hist, true)
}

// computeKRWith is computeKR, leaving the forecast out (Forecast,
// ForecastProgress and Likely nil) unless withForecast: the blocker and
// the progress of a day in the past do not depend on it, and fitting it
// to every prefix of a long history costs time and memory.
func computeKRWith(kr *KeyResult, qn *QuarterNumbers, asOf Date, staleDays int, hist []*Update, withForecast bool) *KRNumbers {
	kn := &KRNumbers{KR: kr, Expected: qn.Elapsed, History: hist, Due: kr.Due}
	if kr.Kind != Milestone {
		kn.Target, kn.OriginalTarget = kr.TargetOn(asOf), kr.Target
		if rs := kr.RevisionsBy(asOf); len(rs) > 0 {
			kn.Revisions = rs
		}
	}
	if kr.Due != nil {
		kn.Expected = ExpectedBy(qn.Quarter.Start, *kr.Due, asOf)
	}
	var latestValue *float64
	if len(hist) > 0 {
		last := hist[len(hist)-1]
		kn.Confidence = last.Confidence
		kn.LastUpdate = last.Date
	}
	met, metOriginal, measured := 0, 0, 0
	for _, u := range hist {
		if u.Value != nil {
			latestValue = u.Value
			measured++
			if kn.Meets(*u.Value) {
				met++
			}
			if kr.Meets(*u.Value) {
				metOriginal++
			}
		}
		if u.Done != nil {
			kn.Done = u.Done
		}
	}
	switch kr.Kind {
	case Metric:
		kn.Current = kr.Start
		if latestValue != nil {
			kn.Current = latestValue
		}
		kn.Progress = finite((*kn.Current - *kr.Start) / (*kn.Target - *kr.Start))
		if qn.Phase == Ended {
			so := clamp01(finite((*kn.Current - *kr.Start) / (*kr.Target - *kr.Start)))
			kn.ScoreOriginal = &so
		}
		if qn.Phase == Running && withForecast {
			kn.setForecast(forecast(kr, qn.Quarter, asOf, hist), kr.Objective.Kind == Committed)
		}
	case Milestone:
		if kn.Done == nil {
			f := false
			kn.Done = &f
		}
		if *kn.Done {
			kn.Progress = 1
		}
	case Threshold:
		kn.Current = latestValue
		so := 0.0
		if measured > 0 {
			kn.Progress = float64(met) / float64(measured)
			so = float64(metOriginal) / float64(measured)
		}
		if qn.Phase == Ended {
			kn.ScoreOriginal = &so
		}
	}
	if kr.Kind == Milestone {
		// Done stays a copy: an update's pointer is not ours to share.
		d := *kn.Done
		kn.Done = &d
	} else {
		kn.Done = nil
	}
	p := clamp01(kn.Progress)
	kn.Status = status(qn.Phase, p, kn.Expected)
	if kr.Kind == Threshold && qn.Phase == Running && latestValue != nil {
		kn.Status = StatusOffTrack
		if kn.Meets(*latestValue) {
			kn.Status = StatusOnTrack
		}
	}
	kn.Score, kn.Grade = grade(qn.Phase, p, kr.Objective.Kind == Committed)
	if qn.Phase == Running && kn.Status != StatusDone {
		since := qn.Quarter.Start
		if !kn.LastUpdate.IsZero() {
			since = kn.LastUpdate
		}
		kn.Stale = asOf.Sub(since) > staleDays
	}
	if qn.Phase != Ended && p < 1 {
		kn.Blocker = blockerOf(hist)
	}
	kn.Overdue = qn.Phase == Running && kr.Due != nil && asOf.After(*kr.Due) && p < 1
	return kn
}

// Meets reports whether value meets a threshold key result's target as
// okr.toml gives it, before any revision: KRNumbers.Meets judges against
// the target in force, as the numbers do.
func (kr *KeyResult) Meets(value float64) bool { return meets(kr.Direction, kr.Target, value) }

// Meets reports whether value meets a threshold key result's target in
// force on AsOf (SPEC section 11): every update of its history is judged
// against it, those before a revision included.
func (kn *KRNumbers) Meets(value float64) bool { return meets(kn.KR.Direction, kn.Target, value) }

func meets(direction string, target *float64, value float64) bool {
	if target == nil {
		return false
	}
	if direction == AtMost {
		return value <= *target
	}
	return value >= *target
}

// Expected returns the share of q elapsed on day asOf, counting whole days
// inclusively: 0 before q starts, 1 from its last day on.
func Expected(q *Quarter, asOf Date) float64 { return ExpectedBy(q.Start, q.End, asOf) }

// ExpectedBy returns the share of the days from start to due (inclusive)
// elapsed on asOf: 0 before start, 1 from due on (SPEC section 10).
func ExpectedBy(start, due, asOf Date) float64 {
	if asOf.Before(start) {
		return 0
	}
	return clamp01(float64(asOf.Sub(start)+1) / float64(due.Sub(start)+1))
}

// status applies the status rules to a clamped progress.
func status(ph Phase, progress, expected float64) string {
	switch ph {
	case Upcoming:
		return StatusNotStarted
	case Ended:
		return ""
	}
	if progress == 1 {
		return StatusDone
	}
	gap := expected - progress
	switch {
	case gap <= 0.10:
		return StatusOnTrack
	case gap <= 0.25:
		return StatusAtRisk
	}
	return StatusOffTrack
}

// grade returns the score and grade of a clamped progress once the quarter
// is over; committed ones are achieved only at 1.
func grade(ph Phase, progress float64, committed bool) (*float64, string) {
	if ph != Ended {
		return nil, ""
	}
	score := progress
	return &score, gradeOf(score, committed)
}

// gradeOf returns the grade a clamped score earns (SPEC section 4):
// achieved at 0.7 (committed: only at 1), partial at 0.4, else missed.
func gradeOf(score float64, committed bool) string {
	switch {
	case committed && score == 1, !committed && score >= 0.7:
		return GradeAchieved
	case score >= 0.4:
		return GradePartial
	}
	return GradeMissed
}

// finite keeps a ratio of extreme inputs (a start and target 1e-300 apart)
// representable: infinities become the largest floats.
func finite(v float64) float64 {
	switch {
	case math.IsInf(v, 1):
		return math.MaxFloat64
	case math.IsInf(v, -1):
		return -math.MaxFloat64
	}
	return v
}

func clamp01(v float64) float64 {
	switch {
	case v < 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}
