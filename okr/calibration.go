package okr

// Calibration measures how well a quarter's confidence predicted its
// outcomes (SPEC section 11). Each counted update with a confidence c of
// a key result of the quarter is a forecast p = c/10 of the outcome o: 1
// if the key result's grade is achieved, else 0.
type Calibration struct {
	Brier   float64 // mean of (p - o)²: 0 is perfect, always saying 5 scores 0.25
	Bias    float64 // mean of p minus mean of o: positive is over-confident
	Updates int     // how many updates gave a confidence
	// Bins group the updates by confidence: 0-3, 4-6 and 7-10.
	Bins [3]CalibrationBin
}

// CalibrationBin is the updates of a Calibration whose confidence is From
// to To (inclusive).
type CalibrationBin struct {
	From, To int
	Updates  int
	Stated   *float64 // mean p of its updates; nil when it has none
	Achieved *float64 // mean o of its updates; nil when it has none
}

// calibrationBins are the confidence ranges of Calibration.Bins.
var calibrationBins = [3][2]int{{0, 3}, {4, 6}, {7, 10}}

// calibrate returns the calibration of an ended quarter: nil while it has
// not ended, and when no counted update of its key results gave a
// confidence. Sums run over objectives and key results in file order, and
// over each key result's history oldest first.
func calibrate(qn *QuarterNumbers) *Calibration {
	if qn.Phase != Ended {
		return nil
	}
	c := &Calibration{}
	var sq, sp, so float64
	var bp, bo [3]float64
	for i, r := range calibrationBins {
		c.Bins[i].From, c.Bins[i].To = r[0], r[1]
	}
	for _, on := range qn.Objectives {
		for _, kn := range on.KeyResults {
			o := 0.0
			if kn.Grade == GradeAchieved {
				o = 1
			}
			for _, u := range kn.History {
				if u.Confidence == nil {
					continue
				}
				p := float64(*u.Confidence) / 10
				sq += float64((p - o) * (p - o)) // rounded as written: no fused multiply-add
				sp += p
				so += o
				c.Updates++
				for i, r := range calibrationBins {
					if *u.Confidence >= r[0] && *u.Confidence <= r[1] {
						bp[i] += p
						bo[i] += o
						c.Bins[i].Updates++
					}
				}
			}
		}
	}
	if c.Updates == 0 {
		return nil
	}
	n := float64(c.Updates)
	c.Brier = sq / n
	c.Bias = sp/n - so/n
	for i := range c.Bins {
		if k := float64(c.Bins[i].Updates); k > 0 {
			stated, achieved := bp[i]/k, bo[i]/k
			c.Bins[i].Stated, c.Bins[i].Achieved = &stated, &achieved
		}
	}
	return c
}
