package pdf

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/jung-kurt/gofpdf"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"

	"github.com/okrgen/okrgen/charts"
	"github.com/okrgen/okrgen/okr"
)

// Options are what a retrospective needs besides the numbers.
type Options struct {
	Title     string // the site's title
	Team      string
	Generator string // "okrgen v1.2.3", the PDF's creator
	Font      []byte // a TrueType font for all text (okr.toml's pdf_font), or nil for the Go fonts
	Markdown  goldmark.Markdown
	// Links, when set, returns the goldmark parser context for the
	// Markdown of a file (okr.toml for descriptions): it rewrites links.
	Links func(source string) parser.Context
	// Teams are the sections an organisation's retrospective adds after
	// its own objectives and before its notes, one per team in this order
	// (SPEC section 9), each in the outline under "Teams"; nil for a site
	// without teams, whose PDF is as before.
	Teams []Team
}

// Team is one team's section of an organisation's retrospective: its
// summary table and score chart for the quarter of the same id.
type Team struct {
	Name    string
	Quarter *okr.QuarterNumbers // the team's quarter of the same id, or nil when it has none
}

// Result is a rendered PDF.
type Result struct {
	PDF     []byte
	Missing []rune // characters the font lacks, printed as "?"
}

// Page geometry, in millimetres (A4 portrait).
const (
	pageW, pageH = 210.0, 297.0
	marginL      = 20.0
	marginR      = 20.0
	marginT      = 24.0
	marginB      = 20.0
	contentW     = pageW - marginL - marginR
	lineH        = 5.0 // body text at 10 pt
)

type rgb struct{ r, g, b int }

var (
	colText   = rgb{28, 35, 48}
	colMuted  = rgb{90, 100, 117}
	colAccent = rgb{36, 87, 197}
	colRule   = rgb{210, 215, 224}
	colTrack  = rgb{230, 234, 240}
	colFill   = rgb{47, 111, 219}
	colGood   = rgb{29, 122, 70}
	colWarn   = rgb{154, 91, 0}
	colBad    = rgb{180, 35, 24}
	colShade  = rgb{244, 246, 249}
	colTarget = rgb{192, 57, 43}
	colPace   = rgb{122, 134, 153}
	colTrend  = rgb{47, 111, 176}
)

// stateColour is the colour of a status or grade; words always go with it.
func stateColour(s string) rgb {
	switch s {
	case okr.StatusDone, okr.StatusOnTrack, okr.GradeAchieved:
		return colGood
	case okr.StatusAtRisk, okr.GradePartial:
		return colWarn
	case okr.StatusOffTrack, okr.GradeMissed:
		return colBad
	}
	return colMuted
}

// document is one retrospective being written.
type document struct {
	f       *gofpdf.Fpdf
	o       Options
	num     *okr.Numbers
	qn      *okr.QuarterNumbers
	fonts   *fonts
	cov     *coverage
	interim bool
	kind    string // "Retrospective" or "Progress report (interim)"
	// raw is reused for what fastdraw.go writes, rawReader to write it.
	raw       []byte
	rawReader bytes.Reader
	colours   map[colourKey][]byte // see colour
	text      rgb                  // the text colour (textColour)
}

// Retrospective writes the PDF of quarter qn: a retrospective once the
// quarter is over, an interim progress report with the same layout before.
// The same numbers and options give the same bytes.
func Retrospective(n *okr.Numbers, qn *okr.QuarterNumbers, o Options) (res *Result, err error) {
	defer func() {
		// gofpdf panics on some input it cannot handle; no input may make
		// okrgen panic.
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("pdf %s: %v", qn.Quarter.ID, r)
		}
	}()
	if o.Markdown == nil {
		o.Markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))
	}
	d := &document{num: n, qn: qn, o: o, interim: qn.Phase != okr.Ended}
	d.kind = "Retrospective"
	if d.interim {
		d.kind = "Progress report (interim)"
	}
	f := gofpdf.New("P", "mm", "A4", "")
	d.f = f
	fs, cov, err := newFonts(f, o.Font)
	if err != nil {
		return nil, err
	}
	d.fonts, d.cov = fs, cov
	stamp := n.AsOf.Time()
	f.SetCreationDate(stamp)
	f.SetModificationDate(stamp)
	f.SetCatalogSort(true)
	f.SetCompression(false) // compressStreams does it, faster
	f.SetTitle(d.clean(fmt.Sprintf("%s %s — %s", o.Title, qn.Quarter.ID, d.kind)), true)
	author := o.Team
	if author == "" {
		author = o.Title
	}
	f.SetAuthor(d.clean(author), true)
	f.SetSubject(d.clean(fmt.Sprintf("OKR %s of %s, %s to %s, as of %s", strings.ToLower(d.kind), qn.Quarter.ID, qn.Quarter.Start, qn.Quarter.End, n.AsOf)), true)
	f.SetCreator(d.clean(o.Generator), true)
	f.SetProducer(d.clean(o.Generator), true)
	f.SetKeywords(d.clean("OKR "+qn.Quarter.ID), true)
	f.SetMargins(marginL, marginT, marginR)
	f.SetAutoPageBreak(true, marginB)
	f.SetHeaderFuncMode(d.header, false)
	f.SetFooterFunc(d.footer)

	d.cover()
	d.summary()
	d.charts()
	d.objectives()
	d.teams()
	d.movedTargets()
	d.predictions()
	d.retro()
	d.log()

	d.syncText()
	var b keep
	if err := f.Output(&b); err != nil {
		return nil, fmt.Errorf("pdf %s: %w", qn.Quarter.ID, err)
	}
	pdf, err := compressStreams(b.b, utf16BE(strconv.Itoa(f.PageNo())))
	if err != nil {
		return nil, fmt.Errorf("pdf %s: compressing: %w", qn.Quarter.ID, err)
	}
	res = &Result{PDF: pdf}
	for r := range cov.missing {
		res.Missing = append(res.Missing, r)
	}
	sort.Slice(res.Missing, func(i, j int) bool { return res.Missing[i] < res.Missing[j] })
	return res, nil
}

// keep is the writer gofpdf's Output writes the document to: it keeps the
// bytes it is given rather than copying them (tens of megabytes for a
// large quarter), which is safe because Output writes its buffer once and
// the document is not used after.
type keep struct{ b []byte }

func (k *keep) Write(p []byte) (int, error) {
	if k.b == nil {
		k.b = p
	} else {
		k.b = append(k.b, p...)
	}
	return len(p), nil
}

func (d *document) clean(s string) string { return d.cov.clean(s) }

func (d *document) font(family, style string, size float64) { d.fonts.use(family, style, size) }

// textColour sets the text colour. gofpdf writes a text colour only with
// the next text, so setting the colour it has changes nothing: that is
// skipped, for gofpdf formats the colour anew at every call. (The draw and
// fill colours are written when set: those calls are all made.)
//
// gofpdf formats a text colour when it is set, though only cells use it;
// so the colour is only recorded here (d.text), and given to gofpdf
// (syncText) before a call of gofpdf that reads it: CellFormat,
// MultiCell, AddPage. The cells of fastdraw.go use d.text.
func (d *document) textColour(c rgb) { d.text = c }

// syncText gives gofpdf the text colour, when it has another.
func (d *document) syncText() {
	c := d.text
	if r, g, b := d.f.GetTextColor(); r == c.r && g == c.g && b == c.b {
		return
	}
	d.f.SetTextColor(c.r, c.g, c.b)
}

// addPage is gofpdf's AddPage.
func (d *document) addPage() {
	d.syncText()
	d.f.AddPage()
}

// multiCell is gofpdf's MultiCell.
func (d *document) multiCell(w, h float64, txt, border, align string, fill bool) {
	d.syncText()
	d.f.MultiCell(w, h, txt, border, align, fill)
}

// drawColour sets the draw colour. When it is the colour gofpdf has, the
// operator gofpdf would write is written without gofpdf's formatting.
func (d *document) drawColour(c rgb) {
	r, g, b := d.f.GetDrawColor()
	d.setColour(c, r, g, b, d.f.SetDrawColor, "G", "RG")
}

// fillColour sets the fill colour, as drawColour does the draw colour.
func (d *document) fillColour(c rgb) {
	r, g, b := d.f.GetFillColor()
	d.setColour(c, r, g, b, d.f.SetFillColor, "g", "rg")
}

// setColour sets colour c, which gofpdf has as r, g, b: through set when
// it differs (or before the first page), else by writing its operator
// (gray or full) as gofpdf would.
func (d *document) setColour(c rgb, r, g, b int, set func(r, g, b int), gray, full string) {
	if r != c.r || g != c.g || b != c.b || d.f.PageNo() == 0 {
		set(c.r, c.g, c.b)
		return
	}
	d.raw = append(d.raw[:0], d.colour(c, gray, full)...)
	d.write()
}

// ensure starts a new page unless h millimetres fit below the cursor.
func (d *document) ensure(h float64) {
	if d.f.GetY()+h > pageH-marginB {
		d.addPage()
	}
}

func (d *document) header() {
	if d.f.PageNo() == 1 {
		return
	}
	defer d.fonts.restore(d.fonts.state())
	defer d.textColour(d.text) // gofpdf restores its own
	f := d.f
	d.font(sans, "", 8)
	d.textColour(colMuted)
	f.SetXY(marginL, 10)
	d.cell(contentW/2, 5, d.clean(d.qn.Quarter.ID+" · "+d.o.Title), "", 0, "L", false, 0, "")
	d.cell(contentW/2, 5, d.clean(d.kind), "", 0, "R", false, 0, "")
	d.drawColour(colRule)
	d.lineWidth(0.2)
	d.line(marginL, 16, pageW-marginR, 16)
	f.SetXY(marginL, marginT)
	d.textColour(colText)
}

func (d *document) footer() {
	defer d.fonts.restore(d.fonts.state())
	defer d.textColour(d.text) // gofpdf restores its own
	f := d.f
	f.SetY(-13)
	d.font(sans, "", 8)
	d.textColour(colMuted)
	d.cell(contentW, 5, fmt.Sprintf("%d / {nb}", f.PageNo()), "", 0, "C", false, 0, "") // {nb}: compressStreams
}

// bodyH is the height of a page's body, between the margins.
const bodyH = pageH - marginT - marginB

// room returns the height left on the page below the cursor.
func (d *document) room() float64 { return pageH - marginB - d.f.GetY() }

// startBlock makes room for a block that starts with a heading: need is
// the height of the heading and of what must stay with it, whole the
// height of the whole block when known, else 0. The block goes on the page,
// after a gap, when it fits whole, or when need fits and at least a third
// of the page is left, so that pages are not left nearly empty; else on a
// new page.
func (d *document) startBlock(need, whole float64) {
	const gap = 10.0
	if d.f.GetY() <= marginT+0.5 {
		return // a page of its own already
	}
	if room := d.room(); (whole == 0 || room < gap+whole) && room < max(bodyH/3, gap+need) {
		d.addPage()
		return
	}
	d.f.Ln(gap)
}

// headingH returns the height heading(title, size) takes.
func (d *document) headingH(title string, size float64) float64 {
	d.font(sans, "B", size)
	n := max(1, len(d.f.SplitText(d.clean(title), contentW)))
	return float64(n)*size*0.5 + size*0.25
}

// section starts a top-level section on a new page, with its heading and
// bookmark.
func (d *document) section(title string) {
	d.addPage()
	d.f.Bookmark(d.clean(title), 0, -1)
	d.heading(title, 18)
}

// flowSection starts a top-level section after what precedes it, on the
// same page if it has room for the heading and a few lines (see
// startBlock); body is the height of the section's body when known, else 0.
func (d *document) flowSection(title string, body float64) {
	h := d.headingH(title, 18)
	whole := 0.0
	if body > 0 {
		whole = h + body
	}
	d.startBlock(h+3*lineH, whole)
	d.f.Bookmark(d.clean(title), 0, -1)
	d.heading(title, 18)
}

// heading writes a bold heading of the given size.
func (d *document) heading(title string, size float64) {
	d.font(sans, "B", size)
	d.textColour(colText)
	d.multiCell(contentW, size*0.5, d.clean(title), "", "L", false)
	d.f.Ln(size * 0.25)
}

// para writes a paragraph of plain text.
func (d *document) para(text string, style string, size float64, c rgb) {
	d.font(sans, style, size)
	d.textColour(c)
	d.f.SetX(marginL)
	d.multiCell(contentW, size*0.5, d.clean(text), "", "L", false)
	d.textColour(colText)
}

// longDate formats a day as "1 July 2026".
func longDate(x okr.Date) string { return x.Time().Format("2 January 2006") }

// state is the word for an item's state: its grade once scored, else its status.
func state(status, grade string) string {
	if grade != "" {
		return grade
	}
	return charts.StatusText(status)
}

func stateKey(status, grade string) string {
	if grade != "" {
		return grade
	}
	return status
}

func (d *document) cover() {
	f, qn, q := d.f, d.qn, d.qn.Quarter
	d.addPage()
	f.Bookmark("Cover", 0, -1)
	f.SetY(40)
	d.font(sans, "B", 10)
	d.textColour(colAccent)
	label := "OKR RETROSPECTIVE"
	if d.interim {
		label = "OKR PROGRESS REPORT · INTERIM"
	}
	d.cell(contentW, 6, label, "", 1, "L", false, 0, "")
	f.Ln(2)
	d.font(sans, "B", 40)
	d.textColour(colText)
	d.cell(contentW, 18, d.clean(q.ID), "", 1, "L", false, 0, "")
	d.para(d.o.Title, "", 18, colText)
	if d.o.Team != "" {
		d.para(d.o.Team, "", 13, colMuted)
	}
	f.Ln(3)
	d.para(fmt.Sprintf("%s to %s", longDate(q.Start), longDate(q.End)), "", 11, colMuted)
	if d.interim {
		d.para(fmt.Sprintf("Interim: as of %s, %s of the quarter has elapsed. Numbers will move until the quarter ends.", longDate(d.num.AsOf), charts.Percent(qn.Elapsed)), "I", 10, colWarn)
	}

	// The headline number.
	f.SetY(112)
	d.fillColour(colShade)
	d.rect(marginL, 110, contentW, 34, "F")
	f.SetXY(marginL+6, 114)
	d.font(sans, "", 9)
	d.textColour(colMuted)
	big, caption := charts.Percent(qn.Progress), "PROGRESS"
	if qn.Score != nil {
		big, caption = charts.Score(*qn.Score), "OVERALL SCORE"
	}
	d.cell(70, 5, caption, "", 0, "L", false, 0, "")
	d.cell(0, 5, "STATE", "", 1, "L", false, 0, "")
	f.SetX(marginL + 6)
	d.font(sans, "B", 30)
	d.textColour(colText)
	d.cell(70, 16, big, "", 0, "L", false, 0, "")
	d.font(sans, "B", 16)
	d.textColour(stateColour(stateKey(qn.Status, qn.Grade)))
	d.cell(0, 16, d.clean(state(qn.Status, qn.Grade)), "", 1, "L", false, 0, "")
	f.SetX(marginL + 6)
	d.font(sans, "", 9)
	d.textColour(colMuted)
	counts := fmt.Sprintf("%d objectives, %d key results", len(qn.Objectives), countKRs(qn))
	if len(d.o.Teams) > 0 {
		counts += ", " + countOf(len(d.o.Teams), "team") // each in a section of its own
	}
	d.cell(0, 5, d.clean(fmt.Sprintf("%s; %s of the quarter elapsed", counts, charts.Percent(qn.Elapsed))), "", 1, "L", false, 0, "")

	// The objectives at a glance.
	f.SetY(154)
	d.font(sans, "B", 11)
	d.textColour(colText)
	d.cell(contentW, 7, "Objectives", "", 1, "L", false, 0, "")
	for _, on := range qn.Objectives {
		d.objectiveLine(on)
	}
	f.SetY(pageH - 40)
	d.para(fmt.Sprintf("As of %s · %s", longDate(d.num.AsOf), d.o.Generator), "", 8, colMuted)
}

func countKRs(qn *okr.QuarterNumbers) int {
	n := 0
	for _, on := range qn.Objectives {
		n += len(on.KeyResults)
	}
	return n
}

// objectiveLine writes an objective with its number, state and a bar.
func (d *document) objectiveLine(on *okr.ObjectiveNumbers) {
	value := charts.Percent(on.Progress)
	if on.Score != nil {
		value = charts.Score(*on.Score)
	}
	expected := on.Expected // to its key results' due dates (SPEC section 4)
	if d.qn.Phase != okr.Running {
		expected = -1
	}
	d.glanceLine(on.Objective.ID+"  "+on.Objective.Title, value, stateKey(on.Status, on.Grade), state(on.Status, on.Grade), on.Progress, expected, true)
}

// glanceLine writes a line of a list at a glance: a title cut to one line,
// its number and its state word (in the colour of stateKey), and with bar
// a progress bar under them; expected < 0 leaves out the bar's pace mark.
func (d *document) glanceLine(title, value, stateKey, stateWord string, progress, expected float64, bar bool) {
	f := d.f
	d.ensure(12)
	y := f.GetY()
	d.font(sans, "", 10)
	d.textColour(colText)
	lines := f.SplitText(d.clean(title), contentW-60)
	if len(lines) > 0 {
		title = lines[0]
		if len(lines) > 1 {
			title = strings.TrimRight(title, " ") + "…"
		}
	}
	f.SetXY(marginL, y)
	d.cell(contentW-60, 6, title, "", 0, "L", false, 0, "")
	d.font(sans, "B", 10)
	d.cell(18, 6, value, "", 0, "R", false, 0, "")
	d.font(sans, "B", 9)
	d.textColour(stateColour(stateKey))
	d.cell(42, 6, d.clean("  "+stateWord), "", 1, "L", false, 0, "")
	if bar {
		d.bar(marginL, f.GetY(), contentW-60, 2, progress, expected)
	}
	f.SetY(f.GetY() + 4)
	d.textColour(colText)
}

// bar draws a progress bar; expected < 0 leaves out the pace mark.
func (d *document) bar(x, y, w, h, progress, expected float64) {
	d.fillColour(colTrack)
	d.rect(x, y, w, h, "F")
	p := max(0, min(1, progress))
	if p > 0 {
		d.fillColour(colFill)
		d.rect(x, y, w*p, h, "F")
	}
	if expected >= 0 {
		d.drawColour(colText)
		d.lineWidth(0.4)
		d.line(x+w*expected, y-0.8, x+w*expected, y+h+0.8)
	}
}
