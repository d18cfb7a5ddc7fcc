package okr

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
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

// Load reads the site in dir, as the package's Load does.
func (ld *Loader) Load(dir string) (*Site, error) {
	var list ErrorList
	name := func(rel string) string { return displayName(dir, rel) }
	src, err := os.ReadFile(filepath.Join(dir, ConfigFile))
	if err != nil {
		msg := fmt.Sprintf("cannot read: %v", unwrapPathError(err))
		if errors.Is(err, fs.ErrNotExist) {
			msg = "not found; expected the OKR definitions of a site (run okrgen in a site folder, or pass -s DIR)"
		}
		return nil, ErrorList{{File: name(ConfigFile), Msg: msg}}
	}
	site := &Site{Dir: dir}
	if len(src) > MaxConfigSize {
		return nil, ErrorList{{File: name(ConfigFile), Line: 1, Msg: fmt.Sprintf("file is %s; expected at most %s", size(len(src)), size(MaxConfigSize))}}
	}
	if line, msg := textProblem(src); msg != "" {
		return nil, ErrorList{{File: name(ConfigFile), Line: line, Msg: msg + "; expected TOML text"}}
	}
	sum := sha256.Sum256(src)
	if ld.files == nil || ld.dir != dir || sum != ld.configSum {
		// New definitions: check-ins resolve their key results afresh.
		cfg, qs, cfgTable := parseConfigTable(name(ConfigFile), src, &list)
		*ld = Loader{dir: dir, configSum: sum, config: cfg, quarters: qs, cfgTable: cfgTable, files: map[string]cachedFile{}}
		if len(list) > 0 {
			ld.files = nil // not a load to build on
		}
	}
	site.Config, site.Quarters = ld.config, ld.quarters
	for _, q := range site.Quarters {
		q.Retro = nil
	}
	if ld.cfgTable != nil {
		ld.cfgTable.e.list = &list
		site.PDFFont = loadNamedFiles(dir, site.Config, ld.cfgTable)
	}
	if len(list) > 0 {
		// Check-ins refer to the definitions: report what is wrong with
		// them first rather than a cascade of unknown KRs.
		return nil, list.Err()
	}
	x := newKRIndex(site.Quarters)
	stems := map[string]string{}
	slugs := map[string]string{}
	root := filepath.Join(dir, ContentDir)
	// Find the Markdown files, then read and parse them on every core, then
	// take them in path order.
	var files []string // site-relative paths
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		rel := ContentDir + "/" + filepath.ToSlash(strings.TrimPrefix(strings.TrimPrefix(p, root), string(filepath.Separator)))
		rel = strings.TrimSuffix(rel, "/")
		if err != nil {
			if p == root && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			list = append(list, &Error{File: name(rel), Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))})
			return nil
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if path.Ext(rel) == ".md" && !strings.HasPrefix(d.Name(), ".") {
			files = append(files, rel)
		}
		return nil
	})
	parsed := make([]parsedFile, len(files))
	stats := make([]fs.FileInfo, len(files)) // of the files parsed afresh
	each(len(files), func(i int) {
		rel := files[i]
		fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel))) // follows a link to a file
		if c, ok := ld.files[rel]; ok && err == nil && fi.Size() == c.size && fi.ModTime().Equal(c.mod) {
			parsed[i] = c.parsed
			return
		}
		stats[i] = fi
		parsed[i] = parseFile(dir, rel, name(rel), fi, err, x)
	})
	seen := map[string]bool{}
	for i, rel := range files {
		seen[rel] = true
		if fi := stats[i]; fi != nil && len(parsed[i].errs) == 0 {
			ld.files[rel] = cachedFile{size: fi.Size(), mod: fi.ModTime(), parsed: parsed[i]}
		} else if fi != nil {
			delete(ld.files, rel)
		}
	}
	for rel := range ld.files {
		if !seen[rel] {
			delete(ld.files, rel)
		}
	}
	for _, pf := range parsed {
		list = append(list, pf.errs...)
		rel := pf.rel
		switch {
		case pf.checkIn != nil:
			c := pf.checkIn
			if other, dup := stems[c.Stem]; dup {
				list = append(list, &Error{File: name(rel), Msg: fmt.Sprintf("check-in name %q is taken by %s; expected unique file names (each gets checkins/<name>/)", c.Stem, other)})
				continue
			}
			stems[c.Stem] = rel
			site.CheckIns = append(site.CheckIns, c)
		case pf.page != nil && strings.HasPrefix(rel, RetrosDir+"/"):
			pg := pf.page
			id := strings.TrimSuffix(path.Base(rel), ".md")
			q := x.byID[id]
			if q == nil {
				list = append(list, &Error{File: name(rel), Msg: fmt.Sprintf("retrospective for unknown quarter %q; expected content/retros/<QUARTER>.md with a quarter of okr.toml: %s", id, x.quarterList())})
				continue
			}
			if pg.Title == "" {
				pg.Title = q.ID + " retrospective"
			}
			pg.Slug = "quarters/" + strings.ToLower(q.ID) + "/retrospective"
			q.Retro = pg
			site.Retros = append(site.Retros, pg)
		case pf.page != nil:
			pg := pf.page
			pg.Slug = strings.TrimSuffix(strings.TrimPrefix(rel, ContentDir+"/"), ".md")
			if top, _, _ := strings.Cut(pg.Slug, "/"); reservedSlugs[strings.ToLower(top)] {
				list = append(list, &Error{File: name(rel), Msg: fmt.Sprintf("page path %q is reserved for okrgen's own pages; expected another file name", pg.Slug)})
				continue
			}
			if other, dup := slugs[strings.ToLower(pg.Slug)]; dup {
				list = append(list, &Error{File: name(rel), Msg: fmt.Sprintf("page path %q is taken by %s", pg.Slug, other)})
				continue
			}
			slugs[strings.ToLower(pg.Slug)] = rel
			if pg.Title == "" {
				pg.Title = titleFromSlug(path.Base(pg.Slug))
			}
			site.Pages = append(site.Pages, pg)
		}
	}
	if err != nil {
		list = append(list, &Error{File: name(ContentDir), Msg: err.Error()})
	}
	if len(list) > 0 {
		return nil, list.Err()
	}
	sortCheckIns(site.CheckIns)
	sort.Slice(site.Pages, func(i, j int) bool { return site.Pages[i].Source < site.Pages[j].Source })
	sort.Slice(site.Retros, func(i, j int) bool { return site.Retros[i].Source < site.Retros[j].Source })
	return site, nil
}

// parsedFile is what reading one Markdown file gave.
type parsedFile struct {
	rel     string
	checkIn *CheckIn
	page    *Page
	errs    ErrorList
}

// parseFile reads and parses the content file rel of the site in dir,
// given what os.Stat said of it.
func parseFile(dir, rel, file string, fi fs.FileInfo, err error, x *krIndex) parsedFile {
	pf := parsedFile{rel: rel}
	p := filepath.Join(dir, filepath.FromSlash(rel))
	switch {
	case err != nil || !fi.Mode().IsRegular():
		pf.errs = append(pf.errs, &Error{File: file, Msg: "not a regular file (or a link to one); expected a Markdown file"})
		return pf
	case fi.Size() > MaxMarkdownSize:
		pf.errs = append(pf.errs, &Error{File: file, Line: 1, Msg: fmt.Sprintf("file is %s; expected at most %s of Markdown: split it", size(int(fi.Size())), size(MaxMarkdownSize))})
		return pf
	}
	data, err := os.ReadFile(p)
	if err != nil {
		pf.errs = append(pf.errs, &Error{File: file, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))})
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
// the font of pdf_font, which it reads.
func loadNamedFiles(dir string, cfg Config, root *table) (font []byte) {
	if cfg.Theme != DefaultTheme && idPattern.MatchString(cfg.Theme) {
		if fi, err := os.Stat(filepath.Join(dir, "themes", cfg.Theme)); err != nil || !fi.IsDir() {
			root.errorf("theme", "theme %q not found; expected a folder themes/%s/, or theme = %q for the built-in one", cfg.Theme, cfg.Theme, DefaultTheme)
		}
	}
	if cfg.PDFFont == "" {
		return nil
	}
	p := cfg.PDFFont
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	font, err := os.ReadFile(p)
	if err != nil {
		root.errorf("pdf_font", "pdf_font %q: cannot read %s: %v; expected a TrueType (.ttf) file, relative to the site folder", cfg.PDFFont, p, unwrapPathError(err))
		return nil
	}
	return font
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
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return bytes.Count(data[:i], []byte("\n")) + 1, "binary file (a NUL byte)"
	}
	if !utf8.Valid(data) {
		return invalidUTF8Line(data), "invalid UTF-8"
	}
	return 0, ""
}

// size formats a byte count: "9.0 MB".
func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
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
