package main

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/okrgen/okrgen/okr"
	"github.com/okrgen/okrgen/themes"
)

// actionRef is the GitHub Action the Pages workflow of a new site builds
// with, as owner/repo@ref: the action.yml of this repository, which builds
// okrgen from its own source. A fork names itself here (see README.md,
// "Publishing on GitHub Pages"); a tag or commit pins a version.
const actionRef = "okrgen/okrgen@main"

// scaffold holds the files of a new site.
//
//go:embed scaffold
var scaffold embed.FS

func runInit(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("init", "DIR", stdout, stderr)
	force := flags.Bool("force", false, "write into DIR even if it is not empty (never replacing a file)")
	theme := flags.Bool("theme", false, "also copy the built-in theme into themes/default/, to edit")
	team := flags.String("team", "", "the team's `NAME`, with --org the organisation's (default the folder's name)")
	org := flags.Bool("org", false, "start an organisation: its okr.toml, its Pages workflow, and two example teams in teams/, each a site of its own")
	// Flags may come after DIR: okrgen init mysite --theme.
	var dir string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		dir, args = args[0], args[1:]
	}
	if code, ok := flags.parse(args); !ok {
		return code
	}
	if dir == "" && flags.NArg() > 0 {
		dir = flags.Arg(0)
	} else if flags.NArg() > 0 {
		return flags.usageError("unexpected argument %q", flags.Arg(0))
	}
	if dir == "" {
		return flags.usageError("which folder? expected a folder to create, or an empty one")
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 && !*force {
		fmt.Fprintf(stderr, "okrgen init: %s is not empty; choose a new folder, or pass --force to add the site's files to it (no file is replaced)\n", dir)
		return exitError
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return report(stderr, "init", err)
	}
	if *team != "" && !oneLine(*team) {
		fmt.Fprintf(stderr, "okrgen init: --team %q holds a control character or bytes that are not UTF-8; expected a name on one line\n", *team)
		return exitUsage
	}
	title := siteTitle(*team)
	if *team == "" {
		abs, _ := filepath.Abs(dir)
		*team, title = siteNames(filepath.Base(abs))
	}
	scaffold := scaffoldFiles
	if *org {
		scaffold = orgScaffoldFiles
	}
	files, err := scaffold(*team, title, okr.DateOf(time.Now()))
	if err != nil {
		return report(stderr, "init", err)
	}
	// The sample check-in names the sample's key results: beside an
	// okr.toml of the team's own it would break the site.
	existing := false
	if _, err := os.Lstat(filepath.Join(dir, okr.ConfigFile)); err == nil && *org {
		// Teams an okr.toml of its own does not list would be left out.
		fmt.Fprintf(stderr, "okrgen init: %s exists; --org starts a new organisation: choose a new folder, or add [[teams]] to it (see docs/reference.md)\n", filepath.Join(dir, okr.ConfigFile))
		return exitError
	} else if err == nil {
		existing = true
		for name := range files {
			if strings.HasPrefix(name, okr.CheckInsDir+"/") {
				delete(files, name)
			}
		}
	}
	if *theme {
		theme := themes.Default()
		err := fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(theme, p)
			files["themes/default/"+p] = b
			return err
		})
		if err != nil {
			return report(stderr, "init", err)
		}
	}
	var written []string
	for _, name := range sortedKeys(files) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return report(stderr, "init", err)
		}
		if err := writeNew(p, files[name]); errors.Is(err, fs.ErrExist) {
			fmt.Fprintf(stderr, "okrgen init: %s exists; left as it is\n", p)
			continue
		} else if err != nil {
			return report(stderr, "init", err)
		}
		written = append(written, name)
	}
	if existing {
		fmt.Fprintf(stdout, "okrgen: added %d files to the site in %s; okr.toml exists: no sample check-in added\n", len(written), dir)
		return exitOK
	}
	if *org {
		var ids []string
		for _, t := range orgTeams {
			ids = append(ids, t.ID)
		}
		fmt.Fprintf(stdout, "okrgen: a new organisation in %s, with the teams %s in teams/ (%d files). Next:\n", dir, strings.Join(ids, " and "), len(written))
		fmt.Fprintf(stdout, "  cd %s\n  okrgen serve        # the organisation and its teams at http://127.0.0.1:1414/, live as you edit;\n"+
			"                      # it keeps running: the next commands in a second terminal\n", dir)
		fmt.Fprintf(stdout, "  okrgen new checkin --team %s  # a check-in of one team\n", orgTeams[0].ID)
		fmt.Fprintf(stdout, "  okrgen build -s teams/%s       # a team builds alone too\n", orgTeams[0].ID)
		fmt.Fprintln(stdout, "  okrgen build        # every team in public/; push to GitHub: .github/workflows/pages.yml publishes it")
		return exitOK
	}
	fmt.Fprintf(stdout, "okrgen: a new site in %s (%d files). Next:\n", dir, len(written))
	fmt.Fprintf(stdout, "  cd %s\n  okrgen serve        # the dashboard at http://127.0.0.1:1414/, live as you edit okr.toml;\n"+
		"                      # it keeps running: the next commands in a second terminal\n", dir)
	fmt.Fprintln(stdout, "  okrgen new checkin  # a check-in listing every key result with its current value")
	fmt.Fprintln(stdout, "  okrgen build        # the site in public/; push to GitHub: .github/workflows/pages.yml publishes it")
	return exitOK
}

// scaffoldFiles returns the files of a new site titled title, for a team
// (an empty name names none), with a quarter that contains today, so that
// it builds at once.
func scaffoldFiles(team, title string, today okr.Date) (map[string][]byte, error) {
	return siteFiles(scaffoldData(team, title, today))
}

// siteFiles returns the files of a new site, its templates filled in with
// data (scaffoldData).
func siteFiles(data map[string]any) (map[string][]byte, error) {
	return scaffoldSite(data, map[string]string{
		"okr.toml.tmpl":   "okr.toml",
		"checkin.md.tmpl": "content/checkins/" + data["Today"].(string) + "-baseline.md",
		"pages.yml.tmpl":  ".github/workflows/pages.yml",
		"gitignore":       ".gitignore",
	}, "content/retros/.gitkeep")
}

// scaffoldTeam is an example team of a new organisation.
type scaffoldTeam struct{ ID, Name string }

// orgTeams are the example teams of a new organisation, in teams/<id>/.
var orgTeams = []scaffoldTeam{{"payments", "Payments"}, {"search", "Search"}}

// orgScaffoldFiles returns the files of a new organisation (SPEC section
// 9) named name (an empty name names none) and titled title: its
// okr.toml with [[teams]] and three objectives without key results, its
// Pages workflow, which checks out git submodules, and the example teams,
// each a site as scaffoldFiles writes one whose objectives serve the
// organisation's (aligns_to). It passes okrgen check --strict as it is.
func orgScaffoldFiles(name, title string, today okr.Date) (map[string][]byte, error) {
	data := scaffoldData(name, title, today)
	data["Org"] = true
	data["Teams"] = orgTeams
	out, err := scaffoldSite(data, map[string]string{
		"org.toml.tmpl":  "okr.toml",
		"pages.yml.tmpl": ".github/workflows/pages.yml",
		"gitignore":      ".gitignore",
	})
	if err != nil {
		return nil, err
	}
	for _, t := range orgTeams {
		data := scaffoldData(t.Name, siteTitle(t.Name), today)
		data["Aligned"] = true // aligns_to on each objective
		files, err := siteFiles(data)
		if err != nil {
			return nil, err
		}
		for name, b := range files {
			out["teams/"+t.ID+"/"+name] = b
		}
	}
	return out, nil
}

// scaffoldData returns what the scaffold's templates fill in for a site
// of a team (an empty name names none) titled title, with a quarter that
// contains today.
func scaffoldData(team, title string, today okr.Date) map[string]any {
	t := today.Time()
	n := (int(t.Month())-1)/3 + 1
	start, end := okr.QuarterDates(t.Year(), n, 1)
	// The sample deadline: the last day of the quarter's second month.
	due := okr.DateOf(start.Time().AddDate(0, 2, 0)).AddDays(-1)
	// The sample revision: halfway through the quarter's second month.
	revised := okr.DateOf(start.Time().AddDate(0, 1, 14))
	// The quarter before, which a carried objective names.
	prev := fmt.Sprintf("%d-Q%d", t.Year(), n-1)
	if n == 1 {
		prev = fmt.Sprintf("%d-Q4", t.Year()-1)
	}
	owner := "Team lead"
	if u, err := user.Current(); err == nil && u.Username != "" && u.Username != "root" {
		if name := titleWords(u.Username); name != "" {
			owner = name // DOMAIN\user on Windows: quoted below
		}
	}
	return map[string]any{
		"Team": team, "Title": title, "Owner": owner, "Today": today.String(), "Action": actionRef,
		"Quarter": fmt.Sprintf("%d-Q%d", t.Year(), n), "Start": start.String(), "End": end.String(),
		"Due": due.String(), "Revised": revised.String(), "Prev": prev, "Org": false, "Aligned": false,
	}
}

// scaffoldSite returns the files the templates of the scaffold folder
// (by name) write (to their destination, by name) with data, and the
// empty files empty.
func scaffoldSite(data map[string]any, names map[string]string, empty ...string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, name := range empty {
		out[name] = []byte{}
	}
	for name, dest := range names {
		src, err := scaffold.ReadFile("scaffold/" + name)
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(name, ".tmpl") {
			tmpl, err := template.New(name).Funcs(template.FuncMap{"toml": tomlString, "line": commentedLine}).Parse(string(src))
			if err != nil {
				return nil, err
			}
			var b bytes.Buffer
			if err := tmpl.Execute(&b, data); err != nil {
				return nil, err
			}
			src = b.Bytes()
		}
		out[dest] = src
	}
	return out, nil
}

// commentedLine returns a line of okr.toml with a comment, which starts in
// column 39 as the scaffold's others do, or after one space.
func commentedLine(line, comment string) string {
	pad := max(1, 38-utf8.RuneCountInString(line))
	return line + strings.Repeat(" ", pad) + "# " + comment
}

// oneLine reports whether s is UTF-8 without control characters: a name
// that fits on one line of okr.toml, a comment included.
func oneLine(s string) bool {
	return utf8.ValidString(s) && strings.IndexFunc(s, unicode.IsControl) < 0
}

// tomlString quotes s as a TOML basic string. strconv.Quote is not TOML:
// it writes \x and \U escapes TOML lacks, or not in TOML's form.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
