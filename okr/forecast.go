package okr

// LastDay returns a key result's last day: its due date, else its
// quarter's end. Its forecast is the value reached on this day, and its
// expected pace reaches the target on it (SPEC sections 10 and 11).
func (kr *KeyResult) LastDay() Date {
	if kr.Due != nil {
		return *kr.Due
	}
	return kr.Objective.Quarter.End
}

// ForecastPoint is a point a key result's forecast line is fitted to: X is
// days since the quarter's start, Y the value.
type ForecastPoint struct {
	X, Y float64
}

// ForecastPoints returns the points SPEC section 11 fits a metric key
// result's forecast to, by X: one a day from its quarter's start to asOf,
// the value of the latest update of that day that has one (hist is a
// KRNumbers.History, in section 4's order), and (0, start) unless an
// update with a value is dated on the start day. It is nil for milestones
// and thresholds.
func ForecastPoints(kr *KeyResult, asOf Date, hist []*Update) []ForecastPoint {
	if kr.Kind != Metric || kr.Start == nil {
		return nil
	}
	start := kr.Objective.Quarter.Start
	var pts []ForecastPoint
	var last Date
	for _, u := range hist {
		if u.Value == nil || u.Date.Before(start) || u.Date.After(asOf) {
			continue
		}
		p := ForecastPoint{X: float64(u.Date.Sub(start)), Y: *u.Value}
		if len(pts) > 0 && u.Date == last {
			pts[len(pts)-1] = p // a later update of the same day wins
			continue
		}
		pts = append(pts, p)
		last = u.Date
	}
	if len(pts) == 0 || pts[0].X != 0 {
		pts = append([]ForecastPoint{{X: 0, Y: *kr.Start}}, pts...)
	}
	return pts
}

// FitLine returns the least-squares line through pts as the value it
// reaches at x, computed as SPEC section 11 writes it: x̄ and ȳ the means,
// b = Σ(x-x̄)(y-ȳ) / Σ(x-x̄)², then ȳ + b·(x - x̄); sums in the order of
// pts. ok is false with fewer than two distinct X.
func FitLine(pts []ForecastPoint, x float64) (y float64, ok bool) {
	if len(pts) < 2 {
		return 0, false
	}
	n := float64(len(pts))
	var sx, sy float64
	for _, p := range pts {
		sx += p.X
		sy += p.Y
	}
	mx, my := sx/n, sy/n
	// The conversions round each product, as written: no fused
	// multiply-add on the platforms that have one.
	var sxy, sxx float64
	for _, p := range pts {
		sxy += float64((p.X - mx) * (p.Y - my))
		sxx += float64((p.X - mx) * (p.X - mx))
	}
	if sxx == 0 {
		return 0, false
	}
	b := sxy / sxx
	return my + float64(b*(x-mx)), true
}

// forecast returns a metric key result's forecast on asOf, its quarter q
// running, from its counted updates hist: nil with fewer than two points.
func forecast(kr *KeyResult, q *Quarter, asOf Date, hist []*Update) *float64 {
	pts := ForecastPoints(kr, asOf, hist)
	f, ok := FitLine(pts, float64(kr.LastDay().Sub(q.Start)))
	if !ok {
		return nil
	}
	f = finite(f)
	return &f
}

// setForecast sets the KR's Forecast, ForecastProgress against its target
// in force, and Likely; f nil leaves them nil.
func (kn *KRNumbers) setForecast(f *float64, committed bool) {
	if f == nil || kn.Target == nil || kn.KR.Start == nil {
		return
	}
	start := *kn.KR.Start
	fp := finite((*f - start) / (*kn.Target - start))
	kn.Forecast, kn.ForecastProgress = f, &fp
	kn.Likely = gradeOf(clamp01(fp), committed)
}

// setForecast sets the objective's ForecastProgress (already clamped) and
// Likely.
func (on *ObjectiveNumbers) setForecast(fp float64) {
	on.ForecastProgress = &fp
	on.Likely = gradeOf(fp, on.Objective.Kind == Committed)
}

// forecastOrProgress is what a key result or objective adds to the
// forecast of what holds it: its clamped forecast progress, or its
// clamped progress where it has none.
func forecastOrProgress(fp *float64, progress float64) float64 {
	if fp != nil {
		return clamp01(*fp)
	}
	return clamp01(progress)
}

// totalForecast sets the quarter's ForecastProgress, the weighted mean of
// its objectives', and Likely, while it runs; its clamped progress when it
// has no objectives.
func (qn *QuarterNumbers) totalForecast() {
	qn.ForecastProgress, qn.Likely = nil, ""
	if qn.Phase != Running {
		return
	}
	var sum, weights float64
	for _, on := range qn.Objectives {
		w := on.Objective.Weight
		sum += w * forecastOrProgress(on.ForecastProgress, on.Progress)
		weights += w
	}
	fp := clamp01(qn.Progress)
	if weights > 0 {
		fp = sum / weights
	}
	qn.ForecastProgress = &fp
	qn.Likely = gradeOf(fp, false)
}
