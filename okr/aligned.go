package okr

// Align gives an objective without key results of its own the numbers of
// the team objectives aligned to it (SPEC section 9), then the quarter
// its new totals: progress is the weighted mean of their clamped
// progress, expected the weighted mean of their expected (their weights),
// and status and grade follow section 4 on those numbers, in this
// quarter's phase. While this quarter runs, its ForecastProgress is the
// weighted mean of theirs, each's clamped progress where it has none (its
// quarter not running), and Likely follows (SPEC section 11). With nothing
// aligned, or on an objective with key results, it changes nothing.
func (qn *QuarterNumbers) Align(on *ObjectiveNumbers, aligned []*ObjectiveNumbers) {
	if len(on.Objective.KeyResults) > 0 || len(aligned) == 0 {
		return
	}
	var sum, esum, fsum, weights float64
	for _, a := range aligned {
		w := a.Objective.Weight
		sum += w * clamp01(a.Progress)
		esum += w * a.Expected
		fsum += w * forecastOrProgress(a.ForecastProgress, a.Progress)
		weights += w
	}
	on.Progress = sum / weights
	on.Expected = esum / weights
	// When every aligned objective is exactly at this quarter's share
	// elapsed (teams on the organisation's dates, no due KRs), so is this
	// one: the same number section 4 gives, not a mean a bit off it.
	on.elapsed = true
	for _, a := range aligned {
		on.elapsed = on.elapsed && a.Expected == qn.Elapsed
	}
	if on.elapsed {
		on.Expected = qn.Elapsed
	}
	on.Status = status(qn.Phase, on.Progress, on.Expected)
	on.Score, on.Grade = grade(qn.Phase, on.Progress, on.Objective.Kind == Committed)
	on.ForecastProgress, on.Likely = nil, ""
	if qn.Phase == Running {
		on.setForecast(fsum / weights)
	}
	qn.total()
}
