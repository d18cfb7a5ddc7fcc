package okr

import "fmt"

// ParseConfig parses the text of an okr.toml alone (file names it in
// errors) and returns the quarters it defines, sorted by start, or every
// error of its definitions: what okrgen new quarter checks of the text it
// is about to write. The files okr.toml names (data files, pdf_font) and
// the check-ins are left to Load.
func ParseConfig(file string, src []byte) ([]*Quarter, error) {
	var list ErrorList
	if len(src) > MaxConfigSize {
		return nil, ErrorList{{File: file, Msg: fmt.Sprintf("%s; expected at most %s", size(int64(len(src))), size(MaxConfigSize))}}
	}
	if line, msg := textProblem(src); msg != "" {
		return nil, ErrorList{{File: file, Line: line, Msg: msg + "; expected TOML text"}}
	}
	_, qs, _ := parseConfigTable(file, src, &list)
	if err := list.Err(); err != nil {
		return nil, err
	}
	return qs, nil
}
