//go:build unix

package render

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// fileIDs returns the inode and modification time of every file and
// folder below dir, dir included, by path.
func fileIDs(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		ino := uint64(0)
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			ino = uint64(st.Ino)
		}
		out[filepath.ToSlash(rel)] = fmt.Sprintf("%d %d %v", ino, fi.ModTime().UnixNano(), fi.Mode())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// inode returns the inode number of the file p.
func inode(t *testing.T, p string) uint64 {
	t.Helper()
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}

// randomSite returns a site of n files in nested folders.
func randomSite(r *rand.Rand, n int) map[string]string {
	files := map[string]string{"index.html": "home"}
	for len(files) < n {
		files[randomPath(r)] = randomBody(r)
	}
	return files
}

func randomPath(r *rand.Rand) string {
	return fmt.Sprintf("q%d/o%d/kr%d.html", r.IntN(4), r.IntN(6), r.IntN(20))
}

func randomBody(r *rand.Rand) string {
	return strings.Repeat(string(rune('a'+r.IntN(26))), 1+r.IntN(200))
}

// TestIncrementalSameAsClean: whatever was in the destination, built
// over or written into, the output is byte for byte a clean build's;
// files that did not change keep their inode, and a build that changes
// nothing leaves the destination as it was, inodes and times included.
//
// With a spare (NewDirWriterSpare), the same holds, some builds failing
// after they wrote into it; and each swap brings in the folder the one
// before last swapped out: the spare was made into the new site.
func TestIncrementalSameAsClean(t *testing.T) {
	for _, mode := range []string{"swap", "into", "spare"} {
		t.Run(mode, func(t *testing.T) {
			r := rand.New(rand.NewPCG(17, uint64(len(mode))))
			dir := t.TempDir()
			dest := filepath.Join(dir, "public")
			root := dest // where the files are
			if mode == "into" {
				root = filepath.Join(dir, "www")
				os.Mkdir(root, 0o755)
				if err := os.Symlink(root, dest); err != nil {
					t.Skip(err)
				}
			}
			spare := ""
			if mode == "spare" {
				spare = filepath.Join(t.TempDir(), "cache", "spare")
			}
			build := func(dest string, force bool, files map[string]string) error {
				if dest != filepath.Join(dir, "public") {
					return build(dest, force, files) // the clean build
				}
				return buildSpare(dest, spare, files)
			}
			files := randomSite(r, 150)
			if err := build(dest, false, files); err != nil {
				t.Fatal(err)
			}
			var swapped []uint64 // the destination folder after each swap
			for round := range 60 {
				if mode == "spare" && r.IntN(4) == 0 {
					// A build that fails after writing into the spare
					// leaves the destination as it was.
					was := tree(t, root)
					w, err := NewDirWriterSpare(dest, spare)
					if err != nil {
						t.Fatal(err)
					}
					for range 5 {
						w.Put(randomPath(r), []byte(randomBody(r)))
					}
					w.Put("q0/o9/a.html/b.html", []byte("under a file"))
					w.Abort()
					if !maps.Equal(tree(t, root), was) {
						t.Fatalf("round %d: a build that failed in the spare changed the destination", round)
					}
				}
				before := tree(t, root)
				ids := fileIDs(t, root)
				next := maps.Clone(files)
				edits := r.IntN(4) // 0: nothing changes
				var handEdited []string
				// byHand picks, with r so that a seed gives one run, a file
				// of the output not yet edited by hand this round: writing
				// through a link made by case 5 would create the file it
				// names, one okrgen did not write.
				byHand := func() (string, bool) {
					var can []string
					for _, q := range slices.Sorted(maps.Keys(files)) {
						if !slices.Contains(handEdited, q) {
							can = append(can, q)
						}
					}
					if len(can) == 0 {
						return "", false
					}
					q := can[r.IntN(len(can))]
					handEdited = append(handEdited, q)
					return q, true
				}
				for range edits {
					switch p := randomPath(r); r.IntN(7) {
					case 0: // other bytes, other size
						next[p] = randomBody(r) + "!"
					case 1: // same size, other bytes
						if b, ok := next[p]; ok {
							next[p] = strings.Repeat("Z", len(b))
						}
					case 2:
						delete(next, p)
					case 3: // a file where a folder was, or the other way
						next[strings.TrimSuffix(p, "/"+filepath.Base(p))] = "a file now"
						for q := range next {
							if strings.HasPrefix(q, p+"/") {
								delete(next, q)
							}
						}
					case 4: // a file edited by hand in the output
						if q, ok := byHand(); ok {
							writeTestFile(t, filepath.Join(root, q), "edited by hand")
						}
					case 5: // a file of the output removed, or made a link
						if q, ok := byHand(); ok {
							os.Remove(filepath.Join(root, q))
							if r.IntN(2) == 0 {
								os.Symlink("index.html", filepath.Join(root, q))
							}
						}
					default:
						next[p] = randomBody(r)
					}
				}
				// A folder replaced by a file: none of its files stays.
				for p := range next {
					for d := filepath.Dir(p); d != "."; d = filepath.Dir(d) {
						if _, ok := next[filepath.ToSlash(d)]; ok {
							delete(next, filepath.ToSlash(d))
						}
					}
				}
				if err := build(dest, false, next); err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
				clean := filepath.Join(t.TempDir(), "public")
				if err := build(clean, false, next); err != nil {
					t.Fatal(err)
				}
				got, want := tree(t, root), tree(t, clean)
				if !maps.Equal(got, want) {
					t.Fatalf("round %d: incremental build differs from a clean one:\n got %v\nwant %v", round, got, want)
				}
				if mode != "into" {
					if got, want := modes(t, root), modes(t, clean); !maps.Equal(got, want) {
						t.Fatalf("round %d: incremental build's folders differ from a clean one's:\n got %v\nwant %v", round, got, want)
					}
				}
				if ino := inode(t, root); mode == "spare" && (len(swapped) == 0 || ino != swapped[len(swapped)-1]) {
					if len(swapped) >= 2 && ino != swapped[len(swapped)-2] {
						t.Fatalf("round %d: the swap did not bring the spare in", round)
					}
					swapped = append(swapped, ino)
				}
				if n := names(t, dir); n != "public" && n != "public www" {
					t.Fatalf("round %d: beside: %s", round, n)
				}
				if maps.Equal(files, next) && len(handEdited) == 0 {
					after := fileIDs(t, root)
					if mode == "into" {
						// The stage inside it came and went.
						delete(after, ".")
						delete(ids, ".")
					}
					if !maps.Equal(after, ids) {
						t.Fatalf("round %d: nothing changed, yet the destination did:\n%v\n%v", round, after, ids)
					}
					if !maps.Equal(before, got) {
						t.Fatalf("round %d: nothing changed, yet the files did", round)
					}
					continue
				}
				// Unchanged files are the same files.
				for p, b := range next {
					if files[p] == b && !slices.Contains(handEdited, p) && !strings.HasPrefix(ids[p], fmt.Sprint(inode(t, filepath.Join(root, p)))+" ") {
						t.Errorf("round %d: %s did not change, yet was written again", round, p)
					}
				}
				files = next
			}
		})
	}
}

// buildSpare is build with a spare.
func buildSpare(dest, spare string, files map[string]string) error {
	w, err := NewDirWriterSpare(dest, spare)
	if err != nil {
		return err
	}
	for p, body := range files {
		if err := putSome(w, p, body); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Commit()
}

// modes returns the kind and permissions of every file and folder below
// dir, by path.
func modes(t *testing.T, dir string) map[string]fs.FileMode {
	t.Helper()
	out := map[string]fs.FileMode{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		fi, err := os.Lstat(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = fi.Mode()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNoChangeMakesNoFolder: a build that changes nothing makes no
// folder in its stage, and leaves the destination as it was, its
// folder's inode and time included, with nothing beside it.
func TestNoChangeMakesNoFolder(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	files := randomSite(rand.New(rand.NewPCG(1, 2)), 100)
	if err := build(dest, false, files); err != nil {
		t.Fatal(err)
	}
	ids := fileIDs(t, dest)
	w, err := NewDirWriter(dest)
	if err != nil {
		t.Fatal(err)
	}
	for p, b := range files {
		if err := w.Put(p, []byte(b)); err != nil {
			t.Fatal(err)
		}
	}
	if n := names(t, w.stage.path); n != stageMarker {
		t.Errorf("the stage of a build that changed nothing holds %s", n)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := fileIDs(t, dest); !maps.Equal(got, ids) {
		t.Errorf("the destination changed")
	}
	if n := names(t, dir); n != "public" {
		t.Errorf("beside: %s", n)
	}
	// With --force too, and a file removed from the site is a change.
	delete(files, "index.html")
	if err := build(dest, true, files); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); got["index.html"] != "" || got[Manifest] != string(manifest(sortedKeys(files))) {
		t.Errorf("a file removed from the site: %v", got[Manifest])
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestFailedBuildLeavesDestination: a Put that fails, or a build aborted
// after some files changed and others were linked, leaves the destination
// byte for byte as it was, the same inodes and times; a file put twice,
// the first time the same as the destination's, is never written into
// the destination's file it was linked to.
func TestFailedBuildLeavesDestination(t *testing.T) {
	tests := []struct {
		name string
		puts func(w *DirWriter) error
	}{
		{"put error", func(w *DirWriter) error {
			w.Put("index.html", []byte("changed"))
			w.Put("a.html", []byte("file"))
			return w.Put("a.html/b.html", []byte("under a file"))
		}},
		{"aborted after changes", func(w *DirWriter) error {
			w.Put("q0/o0/new.html", []byte("new"))
			w.Put("index.html", []byte("home"))
			return nil
		}},
		{"stream error", func(w *DirWriter) error {
			w.Put("q9/new.html", []byte("new"))
			return w.PutStream("index.html", func(out io.Writer) error {
				out.Write([]byte("ho"))
				out.Write([]byte("me, and more"))
				return errors.New("the stream broke")
			})
		}},
		{"put twice", func(w *DirWriter) error {
			w.Put("index.html", []byte("home"))
			w.Put("q9/new.html", []byte("new"))
			w.Put("index.html", []byte("HOME"))
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			dest := filepath.Join(dir, "public")
			if err := build(dest, false, randomSite(rand.New(rand.NewPCG(3, 4)), 80)); err != nil {
				t.Fatal(err)
			}
			want, ids := tree(t, dest), fileIDs(t, dest)
			w, err := NewDirWriter(dest)
			if err != nil {
				t.Fatal(err)
			}
			err = tt.puts(w)
			if (tt.name == "put error" || tt.name == "stream error") && err == nil {
				t.Errorf("%s: no error", tt.name)
			}
			if got := tree(t, dest); !maps.Equal(got, want) {
				t.Errorf("before Abort, the destination changed: %v", got)
			}
			w.Abort()
			if got := tree(t, dest); !maps.Equal(got, want) {
				t.Errorf("the destination changed: %v", got)
			}
			if got := fileIDs(t, dest); !maps.Equal(got, ids) {
				t.Errorf("the destination's files changed")
			}
			if n := names(t, dir); n != "public" {
				t.Errorf("beside: %s", n)
			}
		})
	}
}

// TestSpareUnderAnotherUmask: folders a spare holds from a build under
// another umask get the permissions a clean build's have.
func TestSpareUnderAnotherUmask(t *testing.T) {
	dir := t.TempDir()
	dest, spare := filepath.Join(dir, "public"), filepath.Join(dir, "cache", "spare")
	files := randomSite(rand.New(rand.NewPCG(5, 6)), 60)
	old := syscall.Umask(0o077)
	for i := range 2 { // the second build leaves a spare
		files["index.html"] = fmt.Sprint("home ", i)
		if err := buildSpare(dest, spare, files); err != nil {
			syscall.Umask(old)
			t.Fatal(err)
		}
	}
	syscall.Umask(0o022)
	defer syscall.Umask(old)
	files["index.html"] = "home again"
	if err := buildSpare(dest, spare, files); err != nil {
		t.Fatal(err)
	}
	clean := filepath.Join(t.TempDir(), "public")
	if err := build(clean, false, files); err != nil {
		t.Fatal(err)
	}
	got, want := modes(t, dest), modes(t, clean)
	if !maps.Equal(got, want) {
		t.Errorf("permissions differ from a clean build's:\n got %v\nwant %v", got, want)
	}
	if want["q0"] != fs.ModeDir|0o755 {
		t.Errorf("a clean build's folder: %v", want["q0"])
	}
}

// TestSpareFolderModeBits: a folder of the spare made setgid or sticky
// by hand is as a clean build's once the spare is the site again.
func TestSpareFolderModeBits(t *testing.T) {
	dir := t.TempDir()
	dest, spare := filepath.Join(dir, "public"), filepath.Join(dir, "cache", "spare")
	files := randomSite(rand.New(rand.NewPCG(7, 8)), 40)
	rebuild := func(i int) {
		files["index.html"] = fmt.Sprint("home ", i)
		if err := buildSpare(dest, spare, files); err != nil {
			t.Fatal(err)
		}
	}
	rebuild(0)
	rebuild(1)
	if err := os.Chmod(filepath.Join(dest, "q0"), 0o755|fs.ModeSetgid|fs.ModeSticky); err != nil {
		t.Fatal(err)
	}
	rebuild(2) // public/ becomes the spare
	rebuild(3) // and the spare the site
	clean := filepath.Join(t.TempDir(), "public")
	if err := build(clean, false, files); err != nil {
		t.Fatal(err)
	}
	if got, want := modes(t, dest), modes(t, clean); !maps.Equal(got, want) {
		t.Errorf("modes differ from a clean build's:\n got %v\nwant %v", got["q0"], want["q0"])
	}
}

// TestSpareForcedForeignFile: a file the user saved into the output, which
// a build with Force replaces, never comes back through the spare: the old
// output holding it is not kept as the spare, whose Manifest the next
// build would trust.
func TestSpareForcedForeignFile(t *testing.T) {
	dir := t.TempDir()
	dest, spare := filepath.Join(dir, "public"), filepath.Join(dir, "cache", "spare")
	files := randomSite(rand.New(rand.NewPCG(9, 10)), 40)
	files["q0/o0/kr0.html"] = "in the folder the user saves into"
	forced := func(i int) {
		t.Helper()
		files["index.html"] = fmt.Sprint("home ", i)
		w, err := NewDirWriterSpare(dest, spare)
		if err != nil {
			t.Fatal(err)
		}
		w.Force = true
		for p, body := range files {
			if err := putSome(w, p, body); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	forced(0)
	forced(1) // the first output is now the spare
	if err := os.WriteFile(filepath.Join(dest, "q0", "user.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 2; i < 5; i++ {
		forced(i)
		if _, err := os.Lstat(filepath.Join(dest, "q0", "user.txt")); err == nil {
			t.Fatalf("build %d: the user's file came back into the output", i)
		}
	}
	clean := filepath.Join(t.TempDir(), "public")
	if err := build(clean, false, files); err != nil {
		t.Fatal(err)
	}
	if got, want := tree(t, dest), tree(t, clean); !maps.Equal(got, want) {
		t.Error("the output differs from a clean build's")
	}
}
