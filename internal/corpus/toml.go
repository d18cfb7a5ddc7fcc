package corpus

import (
	"io/fs"
	"testing"

	tomltest "github.com/toml-lang/toml-test"
)

// MinTOMLInvalid is the number of invalid documents in toml-test v1.6.0:
// fewer means the suite was not read whole.
const MinTOMLInvalid = 377

// Document is one document of a corpus.
type Document struct {
	Name string // slash-separated, e.g. "invalid/array/double-comma-1.toml"
	Src  []byte
}

// TOMLInvalid returns every document of toml-test's invalid suite, as
// embedded in its Go module: the .toml files and the few others (e.g.
// .multi, several invalid lines in one file), each whole.
func TOMLInvalid(t testing.TB) []Document {
	t.Helper()
	fsys := tomltest.EmbeddedTests()
	var docs []Document
	err := fs.WalkDir(fsys, "invalid", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		docs = append(docs, Document{Name: p, Src: src})
		return nil
	})
	if err != nil {
		t.Fatalf("reading toml-test's embedded invalid suite: %v", err)
	}
	if len(docs) < MinTOMLInvalid {
		t.Fatalf("toml-test's embedded invalid suite has %d documents, want %d or more", len(docs), MinTOMLInvalid)
	}
	return docs
}
