package okr

import "strings"

// The prompts of a new check-in's sections: `okrgen new checkin` writes
// each under its heading, as a Markdown comment (PromptLine), to say what
// the section is for until someone writes it. The digest never quotes a
// prompt (WithoutPrompts). No prompt holds a double quote.
const (
	ProgressPrompt   = "What moved since the last check-in, with numbers?"
	ChallengesPrompt = "What is in the way? Blockers, risks, help needed."
	NextStepsPrompt  = "What happens before the next check-in, and who does it?"
)

// PromptLine is a prompt as a line of Markdown that no page shows: a link
// reference definition, which CommonMark renders as nothing.
func PromptLine(prompt string) string {
	return `[//]: # "` + prompt + `"`
}

// WithoutPrompts returns Markdown text without the lines that hold only a
// prompt, as a comment (PromptLine) or as plain text, trimmed: "" for a
// section nobody wrote.
func WithoutPrompts(text string) string {
	lines := strings.Split(text, "\n")
	out := lines[:0]
	for _, l := range lines {
		if !isPrompt(l) {
			out = append(out, l)
		}
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// isPrompt reports whether a line holds only a prompt.
func isPrompt(line string) bool {
	line = strings.TrimSpace(line)
	for _, p := range []string{ProgressPrompt, ChallengesPrompt, NextStepsPrompt} {
		if line == p || line == PromptLine(p) {
			return true
		}
	}
	return false
}
