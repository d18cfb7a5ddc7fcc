package render

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// oddOutputNames are output paths a site can make from its file names that are
// not plain lines of text: invalid UTF-8, control characters, a leading
// quote or hash.
var oddOutputNames = []string{
	"checkins/2026-11-30-caf\xe9/index.html",
	"checkins/a\nb/index.html",
	"static/tab\there.css",
	"#notes.html",
	`"quoted".html`,
	"plain/index.html",
	"ok/\u00e9t\u00e9.html",
}

// TestManifestOddNames: a build over the output of a build with odd file
// names takes every file for okrgen's own, swapped or written into a link's
// target, and the second build deletes what the first wrote and it did not.
func TestManifestOddNames(t *testing.T) {
	for _, mode := range []string{"swap", "link"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			dest := filepath.Join(dir, "public")
			if mode == "link" {
				if err := os.Mkdir(filepath.Join(dir, "target"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink("target", dest); err != nil {
					t.Skip(err)
				}
			}
			files := map[string]string{}
			for _, p := range oddOutputNames {
				files[p] = p
			}
			if err := build(dest, false, files); err != nil {
				t.Skipf("the file system takes no such names: %v", err)
			}
			delete(files, oddOutputNames[0])
			delete(files, oddOutputNames[1])
			for i := 0; i < 2; i++ {
				if err := CheckReplace(dest); err != nil {
					t.Fatalf("build %d: %v", i+2, err)
				}
				if err := build(dest, false, files); err != nil {
					t.Fatalf("build %d: %v", i+2, err)
				}
			}
			real, _ := filepath.EvalSymlinks(dest)
			got := tree(t, real)
			delete(got, Manifest)
			if !reflect.DeepEqual(got, files) {
				t.Errorf("after three builds: %q, want %q", got, files)
			}
		})
	}
}

// TestReadManifestRefusesTraversal: a Manifest lists only paths inside its
// folder, quoted or not; a line that leads out, or that is not a path,
// lists nothing.
func TestReadManifestRefusesTraversal(t *testing.T) {
	dir := t.TempDir()
	body := "# Written by okrgen\n" +
		"a.html\n" +
		`"caf\xe9.html"` + "\n" +
		`"a\nb.html"` + "\n" +
		"../outside.html\n" +
		`"../outside.html"` + "\n" +
		"/etc/passwd\n" +
		`"/etc/passwd"` + "\n" +
		"a//b.html\n" +
		"a/./b.html\n" +
		"x/..\n" +
		"./x\n" +
		`"unterminated` + "\n" +
		`"\x00"` + "\n"
	if err := os.WriteFile(filepath.Join(dir, Manifest), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	got := readManifest(dir)
	want := []string{"a.html", "caf\xe9.html", "a\nb.html"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("readManifest = %q, want %q", got, want)
	}
}
