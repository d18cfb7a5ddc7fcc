package okr

import (
	"reflect"
	"testing"
)

// TestDigestSkipsPrompts: the digest quotes what people wrote under
// Challenges, never the prompt a new check-in holds there.
func TestDigestSkipsPrompts(t *testing.T) {
	checkIn := func(day, challenges string) string {
		return "+++\ndate = " + day + "\n+++\n\n## Progress\n\n" + PromptLine(ProgressPrompt) +
			"\n\n## Challenges\n\n" + challenges + "\n\n## Next steps\n\n" + PromptLine(NextStepsPrompt) + "\n"
	}
	site := mustLoad(t, map[string]string{
		"okr.toml": `title = "T"
[[objectives]]
id = "O1"
quarter = "2026-Q3"
title = "O"
  [[objectives.key_results]]
  id = "KR1"
  title = "K"
  kind = "milestone"
`,
		"content/checkins/2026-07-01-skeleton.md": checkIn("2026-07-01", PromptLine(ChallengesPrompt)),
		"content/checkins/2026-07-02-indented.md": checkIn("2026-07-02", "  "+PromptLine(ChallengesPrompt)+"  \n\n"),
		"content/checkins/2026-07-03-plain.md":    checkIn("2026-07-03", ChallengesPrompt),
		"content/checkins/2026-07-04-written.md":  checkIn("2026-07-04", PromptLine(ChallengesPrompt)+"\nThe vendor's SDK is late.\n\n- a list"),
		"content/checkins/2026-07-05-own.md":      checkIn("2026-07-05", "What is in the way: nothing."),
	})
	d := NewDigest(site, date(t, "2026-06-30"), date(t, "2026-07-06"))
	var got []string
	for _, c := range d.Challenges {
		got = append(got, c.CheckIn.Stem+": "+c.Text)
	}
	want := []string{
		"2026-07-04-written: The vendor's SDK is late.\n\n- a list",
		"2026-07-05-own: What is in the way: nothing.",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("challenges:\n got %q\nwant %q", got, want)
	}
	if len(d.CheckIns) != 5 {
		t.Errorf("%d check-ins in the period, want 5", len(d.CheckIns))
	}
}

// TestWithoutPrompts: only whole lines that are a prompt go.
func TestWithoutPrompts(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{PromptLine(ChallengesPrompt), ""},
		{PromptLine(ProgressPrompt) + "\n\n" + PromptLine(NextStepsPrompt), ""},
		{"\t" + ChallengesPrompt + " ", ""},
		{PromptLine(ChallengesPrompt) + "\nBlocked on review.", "Blocked on review."},
		{"Blocked.\n" + PromptLine(ChallengesPrompt) + "\nStill.", "Blocked.\nStill."},
		{"> " + ChallengesPrompt, "> " + ChallengesPrompt},
		{ChallengesPrompt + " None.", ChallengesPrompt + " None."},
		{"[//]: # \"my own comment\"", "[//]: # \"my own comment\""},
	} {
		if got := WithoutPrompts(tc.in); got != tc.want {
			t.Errorf("WithoutPrompts(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
