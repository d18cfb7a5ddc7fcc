package okr

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Folders of content/ with a meaning of their own.
const (
	ContentDir  = "content"
	CheckInsDir = "content/checkins"
	RetrosDir   = "content/retros"
)

// Size limits: no real okr.toml or check-in comes near them, and they keep
// pathological Markdown (thousands of nesting levels) from taking minutes.
const (
	MaxMarkdownSize = 1 << 20 // bytes of a check-in or page
	MaxConfigSize   = 8 << 20 // bytes of okr.toml
)

// reservedSlugs are output paths that content pages may not take.
var reservedSlugs = map[string]bool{"quarters": true, "checkins": true, "assets": true, "index": true, "404": true}

// Load reads the site in dir: okr.toml and every Markdown file under
// content/. It returns every error it finds as an ErrorList; file names in
// errors are dir joined with the file's path.
func Load(dir string) (*Site, error) { return new(Loader).Load(dir) }

// Loader loads a site again and again, as okrgen serve does after every
// save: while okr.toml stays the same, content files whose size and
// modification time did not change are not read or parsed again. The zero
// Loader is ready to use; it is not safe for concurrent use.
type Loader struct {
	// Config, when set, is the text of okr.toml, read in place of the
	// file: okrgen new quarter checks the site with the text it is about
	// to write before it writes it.
	Config []byte
	// PlainBodies is how many bytes of check-in bodies a load keeps as
	// they are before it keeps the rest deflated (CheckIn.Markdown): 0
	// is DefaultPlainBodies; a negative number keeps them all plain.
	PlainBodies int64

	dir       string
	configSum [sha256.Size]byte
	config    Config
	quarters  []*Quarter
	cfgTable  *table
	files     map[string]cachedFile // by site-relative path
}

type cachedFile struct {
	size   int64
	mod    time.Time
	parsed parsedFile
}

// Load reads the site in dir, as the package's Load does. Errors that do
// not depend on each other are all reported: a broken okr.toml leaves out
// only what needs the definitions (the key results check-ins name, the
// quarters of retrospectives).
func (ld *Loader) Load(dir string) (*Site, error) {
	var list ErrorList
	name := func(rel string) string { return displayName(dir, rel) }
	root, err := newSiteRoot(dir, "")
	if err != nil {
		msg := err.(*SourceError).Msg
		if errors.Is(err, fs.ErrNotExist) {
			msg = "not found; expected the OKR definitions of a site (run okrgen in a site folder, or pass -s DIR)"
		}
		return nil, ErrorList{{File: name(ConfigFile), Msg: msg}}
	}
	site := &Site{Dir: dir}
	var x *krIndex // nil while okr.toml is broken
	if cfgTable, ok := ld.loadConfig(root, dir, &list); ok {
		site.Config, site.Quarters = ld.config, ld.quarters
		for _, q := range site.Quarters {
			q.Retro = nil
		}
		cfgTable.e.list = &list
		site.PDFFont = loadNamedFiles(dir, site.Config, cfgTable)
		site.rows = loadDataFiles(root, dir, site.Quarters, name(ConfigFile), &list)
		site.DataFiles = ld.DataFiles()
		x = newKRIndex(site.Quarters)
	}
	// Find the Markdown files, then read and parse them on every core, then
	// take them in path order. Parsed files are kept for the next load
	// only while okr.toml is right: they were resolved against it.
	files, walkErrs := findMarkdown(dir)
	list = append(list, walkErrs...)
	cache := ld.files
	if x == nil {
		cache = nil
	}
	parsed := make([]parsedFile, len(files))
	keep := make([]fs.FileInfo, len(files)) // of the files to keep for the next load
	budget := ld.PlainBodies
	if budget == 0 {
		budget = DefaultPlainBodies
	}
	bodies := newBodyBudget(budget)
	each(len(files), func(i int) {
		rel := files[i]
		real, fi, err := root.resolve(rel)
		if c, ok := cache[rel]; ok && err == nil && fi.Mode().IsRegular() && fi.Size() == c.size && fi.ModTime().Equal(c.mod) {
			parsed[i], keep[i] = c.parsed, fi
			return
		}
		var data []byte
		if err == nil {
			data, err = readResolved(rel, real, fi, MaxMarkdownSize)
		}
		parsed[i] = parseFile(rel, name(rel), data, err, x)
		if c := parsed[i].checkIn; c != nil {
			// Copied out of data, so that the file's front matter and
			// spare capacity are not kept with it.
			bodies.keep(c, c.body)
		}
		if err == nil && len(parsed[i].errs) == 0 {
			keep[i] = fi
		}
	})
	if cache != nil {
		clear(cache)
		for i, rel := range files {
			if fi := keep[i]; fi != nil {
				cache[rel] = cachedFile{size: fi.Size(), mod: fi.ModTime(), parsed: parsed[i]}
			}
		}
	}
	collect(site, parsed, x, name, &list)
	if len(list) > 0 {
		return nil, list.Err()
	}
	sortCheckIns(site.CheckIns)
	sort.Slice(site.Pages, func(i, j int) bool { return site.Pages[i].Source < site.Pages[j].Source })
	sort.Slice(site.Retros, func(i, j int) bool { return site.Retros[i].Source < site.Retros[j].Source })
	return site, nil
}

// loadConfig reads and parses okr.toml, or takes the last load's
// definitions when it did not change. It reports whether the definitions
// are sound, with the table of okr.toml for later checks.
func (ld *Loader) loadConfig(root *siteRoot, dir string, list *ErrorList) (*table, bool) {
	file := displayName(dir, ConfigFile)
	src, err := ld.Config, error(nil)
	switch {
	case src == nil:
		src, err = root.read(ConfigFile, MaxConfigSize)
	case len(src) > MaxConfigSize:
		err = &SourceError{Msg: fmt.Sprintf("%s; expected at most %s", size(int64(len(src))), size(MaxConfigSize))}
	}
	if err != nil {
		e := sourceError(file, err, "")
		if errors.Is(err, fs.ErrNotExist) {
			e.Msg = "not found; expected the OKR definitions of a site (run okrgen in a site folder, or pass -s DIR)"
		}
		*list = append(*list, e)
		ld.files = nil
		return nil, false
	}
	if line, msg := textProblem(src); msg != "" {
		*list = append(*list, &Error{File: file, Line: line, Msg: msg + "; expected TOML text"})
		ld.files = nil
		return nil, false
	}
	sum := sha256.Sum256(src)
	if ld.files == nil || ld.dir != dir || sum != ld.configSum {
		// New definitions: check-ins resolve their key results afresh.
		n := len(*list)
		cfg, qs, cfgTable := parseConfigTable(file, src, list)
		*ld = Loader{Config: ld.Config, PlainBodies: ld.PlainBodies, dir: dir, configSum: sum, config: cfg, quarters: qs, cfgTable: cfgTable, files: map[string]cachedFile{}}
		if len(*list) > n || cfgTable == nil {
			ld.files = nil // not a load to build on
			return nil, false
		}
	}
	return ld.cfgTable, true
}

// findMarkdown lists the Markdown files under content/ (site-relative
// paths, in order), and the entries that cannot be read: links out of the
// site wherever they are, and links to Markdown that cannot be followed.
// Names starting with a dot are left out, and so are links to folders.
func findMarkdown(dir string) ([]string, ErrorList) {
	var files []string
	var list ErrorList
	fsys := SourceFS(dir, ContentDir, MaxMarkdownSize)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		rel := path.Join(ContentDir, p)
		if err != nil {
			if p == "." && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			list = append(list, sourceError(displayName(dir, rel), err, ""))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir():
		case d.Type()&fs.ModeSymlink != 0:
			// A link SourceFS could not follow inside the site.
			if _, err := fs.Stat(fsys, p); err != nil {
				var se *SourceError
				if IsMarkdown(p) || errors.As(err, &se) && se.Outside {
					list = append(list, sourceError(displayName(dir, rel), err, "a Markdown file"))
				}
			}
		case IsMarkdown(p):
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		list = append(list, &Error{File: displayName(dir, ContentDir), Msg: err.Error()})
	}
	return files, list
}

// IsMarkdown reports whether a file name has a Markdown extension: .md or
// .markdown, in any case.
func IsMarkdown(name string) bool { return markdownExt(name) != "" }

// markdownExt returns the Markdown extension of name, or "".
func markdownExt(name string) string {
	ext := path.Ext(name)
	if strings.EqualFold(ext, ".md") || strings.EqualFold(ext, ".markdown") {
		return ext
	}
	return ""
}

// sourceError turns an error of ReadSource or SourceFS into an Error of
// file, saying what was expected there when expected is not "".
func sourceError(file string, err error, expected string) *Error {
	e := &Error{File: file, Msg: err.Error()}
	var se *SourceError
	if errors.As(err, &se) {
		e.Msg = se.Msg
		if se.Limit > 0 {
			e.Line = 1
		}
	}
	if expected != "" && (se == nil || se.Limit == 0 && !se.Outside && !saysExpected(se)) {
		e.Msg += "; expected " + expected
	}
	return e
}

// saysExpected reports whether the message of se already says what was
// expected (the links of a tree, hidden files), so that no other
// "expected" follows it.
func saysExpected(se *SourceError) bool { return strings.Contains(se.Msg, "; expected ") }

// collect takes the parsed files into site, in path order, checking the
// names they give pages and check-ins. x is nil when okr.toml is broken.
func collect(site *Site, parsed []parsedFile, x *krIndex, name func(string) string, list *ErrorList) {
	stems := map[string]string{} // by lower-case stem
	slugs := map[string]string{} // by lower-case slug
	retros := map[*Quarter]string{}
	for _, pf := range parsed {
		*list = append(*list, pf.errs...)
		rel := pf.rel
		switch {
		case pf.checkIn != nil:
			c := pf.checkIn
			if other, dup := stems[strings.ToLower(c.Stem)]; dup {
				*list = append(*list, &Error{File: name(rel), Msg: sameName("check-in name", c.Stem, name(other), "checkins/<name>/")})
				continue
			}
			stems[strings.ToLower(c.Stem)] = rel
			site.CheckIns = append(site.CheckIns, c)
		case pf.page != nil && strings.HasPrefix(rel, RetrosDir+"/"):
			if x == nil {
				continue // the quarters are unknown
			}
			pg := pf.page
			id := stem(rel)
			q := x.byID[id]
			if q == nil {
				*list = append(*list, &Error{File: name(rel), Msg: fmt.Sprintf("retrospective for unknown quarter %q; expected content/retros/<QUARTER>.md with a quarter of okr.toml: %s", id, x.quarterList())})
				continue
			}
			if other, dup := retros[q]; dup {
				*list = append(*list, &Error{File: name(rel), Msg: fmt.Sprintf("second retrospective of %s, after %s; expected one file content/retros/%s.md", q.ID, name(other), q.ID)})
				continue
			}
			retros[q] = rel
			if pg.Title == "" {
				pg.Title = q.ID + " retrospective"
			}
			pg.Slug = "quarters/" + strings.ToLower(q.ID) + "/retrospective"
			q.Retro = pg
			site.Retros = append(site.Retros, pg)
		case pf.page != nil:
			pg := pf.page
			pg.Slug = strings.TrimPrefix(path.Join(path.Dir(rel), stem(rel)), ContentDir+"/")
			if top, _, _ := strings.Cut(pg.Slug, "/"); reservedSlugs[strings.ToLower(top)] {
				*list = append(*list, &Error{File: name(rel), Msg: fmt.Sprintf("page path %q is reserved for okrgen's own pages; expected another file name", pg.Slug)})
				continue
			}
			if other, dup := slugs[strings.ToLower(pg.Slug)]; dup {
				*list = append(*list, &Error{File: name(rel), Msg: sameName("page path", pg.Slug, name(other), "<path>/")})
				continue
			}
			slugs[strings.ToLower(pg.Slug)] = rel
			if pg.Title == "" {
				pg.Title = titleFromSlug(path.Base(pg.Slug))
			}
			site.Pages = append(site.Pages, pg)
		}
	}
}

// sameName says that a check-in or page takes the name of the file other,
// exactly or but for case.
func sameName(what, name, other, url string) string {
	if stem(other) == path.Base(name) {
		return fmt.Sprintf("%s %q is taken by %s; expected unique file names (each gets %s)", what, name, other, url)
	}
	return fmt.Sprintf("%s %q differs from %s only in case; expected names that differ in more than case (they would share %s on macOS and Windows, and URLs on servers that ignore case)", what, name, other, url)
}

// stem returns a Markdown file's name without its extension.
func stem(rel string) string {
	base := path.Base(rel)
	return strings.TrimSuffix(base, markdownExt(base))
}

// parsedFile is what reading one Markdown file gave.
type parsedFile struct {
	rel     string
	checkIn *CheckIn
	page    *Page
	errs    ErrorList
}

// parseFile parses data, the content file rel, given the error, if any,
// of reading it. x is nil when okr.toml is broken.
func parseFile(rel, file string, data []byte, err error, x *krIndex) parsedFile {
	pf := parsedFile{rel: rel}
	if err != nil {
		e := sourceError(file, err, "a Markdown file")
		if e.Line > 0 {
			e.Msg += " of Markdown: split it"
		}
		pf.errs = append(pf.errs, e)
		return pf
	}
	if line, msg := textProblem(data); msg != "" {
		pf.errs = append(pf.errs, &Error{File: file, Line: line, Msg: msg + "; expected Markdown text"})
		return pf
	}
	if strings.HasPrefix(rel, CheckInsDir+"/") {
		pf.checkIn = parseCheckIn(file, rel, data, x, &pf.errs)
	} else {
		pf.page = parsePage(file, rel, data, &pf.errs)
	}
	return pf
}

// each calls f(0) .. f(n-1) on every core.
func each(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// loadNamedFiles checks the files okr.toml names: the theme's folder, and
// the font of pdf_font, which it reads. Both must be inside the site.
func loadNamedFiles(dir string, cfg Config, root *table) (font []byte) {
	if cfg.Theme != DefaultTheme && idPattern.MatchString(cfg.Theme) {
		rel := "themes/" + cfg.Theme
		fi, err := StatSource(dir, rel)
		switch {
		case errors.Is(err, fs.ErrNotExist) || err == nil && !fi.IsDir():
			root.errorf("theme", "theme %q not found; expected a folder themes/%s/, or theme = %q for the built-in one", cfg.Theme, cfg.Theme, DefaultTheme)
		case err != nil && saysExpected(err.(*SourceError)):
			se := err.(*SourceError)
			root.errorf("theme", "theme %q: %s %s", cfg.Theme, se.Path, se.Msg)
		case err != nil:
			se := err.(*SourceError)
			root.errorf("theme", "theme %q: %s %s; expected a folder themes/%s/ inside the site", cfg.Theme, se.Path, se.Msg, cfg.Theme)
		}
	}
	if cfg.PDFFont == "" {
		return nil
	}
	rel := siteRel(dir, cfg.PDFFont)
	if hidden := hiddenFolder(rel); hidden != "" {
		root.errorf("pdf_font", "pdf_font %q: is inside the hidden folder %s; expected a TrueType (.ttf) file inside the site folder, not in a folder whose name starts with a dot", cfg.PDFFont, hidden)
		return nil
	}
	font, err := ReadSource(dir, rel, MaxFontSize)
	if err != nil {
		var se *SourceError
		switch {
		case !errors.As(err, &se):
			root.errorf("pdf_font", "pdf_font %q: %v", cfg.PDFFont, err)
		case se.Outside || se.Limit > 0 || saysExpected(se):
			root.errorf("pdf_font", "pdf_font %q: %s", cfg.PDFFont, se.Msg)
		default:
			root.errorf("pdf_font", "pdf_font %q: %s; expected a TrueType (.ttf) file inside the site folder, its path relative to it", cfg.PDFFont, se.Msg)
		}
		return nil
	}
	if err := checkFont(font); err != nil {
		root.errorf("pdf_font", "pdf_font %q %v", cfg.PDFFont, err)
		return nil
	}
	return font
}

// hiddenFolder returns the first folder of the slash-separated path rel
// whose name starts with a dot (.git, .ssh), or "".
func hiddenFolder(rel string) string {
	elems := strings.Split(path.Clean(rel), "/")
	for _, e := range elems[:len(elems)-1] {
		if strings.HasPrefix(e, ".") && e != "." && e != ".." {
			return e
		}
	}
	return ""
}

var pageKeys = []string{"title"}

// parsePage reads a content page or retrospective: optional front matter
// with a title, then Markdown.
func parsePage(file, rel string, src []byte, list *ErrorList) *Page {
	fm, body, fmLine, bodyLine, has, msg := splitFrontMatter(src)
	if msg != "" {
		*list = append(*list, &Error{File: file, Line: 1, Col: 1, Msg: msg})
		return nil
	}
	pg := &Page{Source: rel, Body: body, BodyLine: bodyLine}
	checkMarkdown(errs{file: file, list: list}, body, bodyLine)
	if has {
		t := parseTable(file, fm, fmLine-1, list)
		if t == nil {
			return nil
		}
		t.unknown(pageKeys)
		pg.Title = strings.TrimSpace(t.str("title"))
	}
	return pg
}

// textProblem says why data is not a UTF-8 text file, and on which line,
// or returns "".
func textProblem(data []byte) (line int, msg string) {
	if enc := wideText(data); enc != "" {
		return 1, "file is " + enc + " text; save it as UTF-8"
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return bytes.Count(data[:i], []byte("\n")) + 1, "binary file (a NUL byte)"
	}
	if !utf8.Valid(data) {
		return invalidUTF8Line(data), "invalid UTF-8"
	}
	return 0, ""
}

// size formats a byte count: "9.0 MB".
func size(n int64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	if n < 1024 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}

// displayName joins a site folder and a file's path within it for messages.
func displayName(dir, rel string) string {
	if dir == "" || dir == "." {
		return rel
	}
	return filepath.ToSlash(filepath.Join(dir, rel))
}

func titleFromSlug(s string) string {
	s = strings.NewReplacer("-", " ", "_", " ").Replace(s)
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
