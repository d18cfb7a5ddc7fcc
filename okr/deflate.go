package okr

import (
	"sync"

	fitted "github.com/okrgen/okrgen/internal/deflate"
)

// Check-in bodies past the load's budget are kept deflated with codes
// fitted once to typical Markdown prose (internal/deflate): for a body of
// some KB, compress/flate spends most of its time building codes of its
// own. Only what follows the codes' header is kept, and read back with
// the codes' own tables (Codes.Inflate).

// shortDeflateTables returns the codes, fitted on first use.
var shortDeflateTables = sync.OnceValue(func() *fitted.Codes {
	return fitted.Fit([]byte(shortSample), shortMaxBits)
})

// shortMaxBits bounds the length of the codes. Inflate looks a code up in
// a table of 1<<shortMaxBits entries: at 12 bits it is 8 KB, and bodies
// are held 11% smaller than with codes of 9 bits (the example's bodies:
// 6,433 bytes rather than 7,262), as small as with 15 (BenchmarkBodies).
const shortMaxBits = 12

// shortSample is Markdown prose of the kind check-ins hold, to fit
// shortDeflateTables' codes to.
const shortSample = `## Progress

We shipped the first version of the new onboarding flow to 20% of sign-ups on Tuesday, and the early numbers are encouraging: activation within the first week went from 31% to 38% for the cohort that saw it. The **billing** team finished the migration of the remaining accounts to the new invoicing service, so the old one can be switched off next week. Latency of the search endpoint (p95) is down to 240 ms after we added the index on ` + "`orders(customer_id, created_at)`" + ` and removed the N+1 query in the results page.

- **Onboarding**: rolled out to 20%, dashboard in Grafana, review with design on Friday
- **Billing**: 1,204 accounts migrated, 3 left with custom contracts
- **Search**: p95 240 ms (target 200 ms), p99 still spiky during the nightly batch
- Hired a second SRE; she starts on the 14th

## Challenges

The nightly batch job still saturates the database for about 40 minutes, and during that window the error rate of the API goes above the 0.5% budget. We tried to move it to the read replica but the replica lag made the reports inconsistent. The vendor for the payment gateway changed their webhook format without notice, which broke refunds for two days; we now validate the payload and alert on unknown fields.

1. The batch job needs a redesign: incremental updates instead of a full rebuild.
2. Refunds: add a contract test against the vendor's sandbox.
3. We lost a week on the security review of the SSO integration.

> Customers in the EU asked again for data residency; this is not in scope for this quarter, but sales wants an answer by the end of the month.

## Next steps

Next week we will raise the onboarding rollout to 50% if the error rate stays flat, finish the runbook for the failover drill, and start the load test of the new checkout. See the [design doc](https://example.com/docs/checkout) and the notes from the retro for details. The confidence on O2.KR3 drops to 5 because the hiring pipeline is slower than planned; everything else is on track.

| Metric | Last week | This week |
|---|---|---|
| Activation | 31% | 38% |
| p95 latency | 310 ms | 240 ms |
| Error rate | 0.7% | 0.4% |

_Thanks to everyone who helped with the incident on Thursday night._
`
