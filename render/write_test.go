package render

import (
	"bufio"
	"bytes"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// build writes files (path → content) to dest as okrgen build does.
func build(dest string, force bool, files map[string]string) error {
	w, err := NewDirWriter(dest)
	if err != nil {
		return err
	}
	w.Force = force
	for p, body := range files {
		if err := putSome(w, p, body); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Commit()
}

// putSome puts a file whole, or, for half the paths, in pieces of a few
// bytes (PutStream): the tests of the writer cover both.
func putSome(w *DirWriter, p, body string) error {
	if len(p)%2 == 0 {
		return w.Put(p, []byte(body))
	}
	return w.PutStream(p, func(out io.Writer) error {
		for b := []byte(body); len(b) > 0; {
			n := min(len(b), 1+len(p)%7)
			if _, err := out.Write(b[:n]); err != nil {
				return err
			}
			b = b[n:]
		}
		return nil
	})
}

// tree returns the files below dir as path → content, links as "-> target".
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.Type()&fs.ModeSymlink != 0 {
			l, _ := os.Readlink(p)
			out[rel] = "-> " + l
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func names(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func writeTestFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCheckDestRefusesSources: a destination inside what the site reads
// (and build --watch watches) would feed the output back into the site;
// a file as destination is never replaced, --force or not.
func TestCheckDestRefusesSources(t *testing.T) {
	src := t.TempDir()
	writeTestFile(t, filepath.Join(src, "okr.toml"), "title = \"T\"\n")
	writeTestFile(t, filepath.Join(src, "notes.txt"), "mine")
	os.MkdirAll(filepath.Join(src, "content", "checkins"), 0o755)
	os.MkdirAll(filepath.Join(src, "themes", "mine"), 0o755)
	os.Symlink(filepath.Join(src, "content"), filepath.Join(src, "linked"))
	tests := []struct{ dest, want string }{
		{"content", "inside the site's content/"},
		{"content/out", "inside the site's content/"},
		{"content/checkins/x", "inside the site's content/"},
		{"themes/mine/static", "inside the site's themes/"},
		{"linked/out", "inside the site's content/"},
		{"okr.toml", "okr.toml"},
		{"notes.txt", "is a file, not a folder"},
		{"public", ""},
		{"contents", ""},
	}
	for _, tt := range tests {
		err := CheckDest(src, filepath.Join(src, tt.dest))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.dest, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one saying %q", tt.dest, err, tt.want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(src, "notes.txt")); string(b) != "mine" {
		t.Errorf("notes.txt = %q", b)
	}
}

// TestForeignFileSavedDuringBuild: Commit checks the destination again,
// so a file the user saves into it while a build runs is not deleted.
func TestForeignFileSavedDuringBuild(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := build(dest, false, map[string]string{"index.html": "one"}); err != nil {
		t.Fatal(err)
	}
	w, err := NewDirWriter(dest)
	if err != nil {
		t.Fatal(err)
	}
	w.Put("index.html", []byte("two"))
	writeTestFile(t, filepath.Join(dest, "mine.txt"), "saved while building")
	err = w.Commit()
	if err == nil || !strings.Contains(err.Error(), "mine.txt") {
		t.Fatalf("Commit = %v, want the foreign-file error", err)
	}
	got := tree(t, dest)
	if got["mine.txt"] != "saved while building" || got["index.html"] != "one" {
		t.Errorf("destination changed: %v", got)
	}
	if n := names(t, filepath.Dir(dest)); n != "public" {
		t.Errorf("left beside: %s", n)
	}
	// --force replaces it.
	if err := build(dest, true, map[string]string{"index.html": "three"}); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); got["mine.txt"] != "" || got["index.html"] != "three" {
		t.Errorf("--force: %v", got)
	}
}

// TestLeftoversRemoved: folders an interrupted build left beside the
// destination go at the next build; a running build's folder stays.
func TestLeftoversRemoved(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	writeTestFile(t, filepath.Join(dir, ".public.new-123", stageMarker), "")
	writeTestFile(t, filepath.Join(dir, ".public.new-123", "index.html"), "half")
	writeTestFile(t, filepath.Join(dir, ".public.old-456", Manifest), "index.html\n")
	writeTestFile(t, filepath.Join(dir, ".public.old-456", "index.html"), "old")
	writeTestFile(t, filepath.Join(dir, ".other.new-1", "x"), "not ours")
	running, err := NewDirWriter(dest)
	if err != nil {
		t.Fatal(err)
	}
	running.Put("a.html", []byte("running"))
	if err := build(dest, false, map[string]string{"index.html": "new"}); err != nil {
		t.Fatal(err)
	}
	after := names(t, dir)
	if strings.Contains(after, ".public.new-123") || strings.Contains(after, ".public.old-456") {
		t.Errorf("leftovers not removed: %s", after)
	}
	if !strings.Contains(after, ".other.new-1") {
		t.Errorf("another folder's leftover removed: %s", after)
	}
	if err := running.Commit(); err != nil {
		t.Fatalf("the running build's folder was removed: %v", err)
	}
	if got := tree(t, dest); got["a.html"] != "running" {
		t.Errorf("after the running build: %v", got)
	}
	if n := names(t, dir); n != ".other.new-1 public" {
		t.Errorf("left beside: %s", n)
	}
}

// TestKilledBuildLeftoverRemoved: a build killed with SIGKILL while
// writing leaves its folder; the next build removes it.
func TestKilledBuildLeftoverRemoved(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL")
	}
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHalfBuild$")
	cmd.Env = append(os.Environ(), "OKRGEN_HALF_BUILD="+dest)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "writing\n" {
		cmd.Process.Kill()
		t.Fatalf("helper said %q", line)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("the helper ended with %v, not killed", err)
	}
	if n := names(t, dir); !strings.HasPrefix(n, ".public.new-") {
		t.Fatalf("the killed build left %q", n)
	}
	if err := build(dest, false, map[string]string{"index.html": "new"}); err != nil {
		t.Fatal(err)
	}
	if n := names(t, dir); n != "public" {
		t.Errorf("after the next build: %s", n)
	}
}

// TestHelperHalfBuild is the build TestKilledBuildLeftoverRemoved kills.
func TestHelperHalfBuild(t *testing.T) {
	dest := os.Getenv("OKRGEN_HALF_BUILD")
	if dest == "" {
		t.Skip("helper process")
	}
	w, err := NewDirWriter(dest)
	if err != nil {
		t.Fatal(err)
	}
	w.Put("index.html", []byte("half"))
	os.Stdout.WriteString("writing\n")
	time.Sleep(time.Minute) // until killed
}

// TestSwapNeverLeavesNoDestination: while builds replace the destination,
// it is always there (one rename exchanges the trees where the OS can).
func TestSwapNeverLeavesNoDestination(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("atomic exchange on Linux only")
	}
	dest := filepath.Join(t.TempDir(), "public")
	if err := build(dest, false, map[string]string{"index.html": "0"}); err != nil {
		t.Fatal(err)
	}
	var stop, missing atomic.Int64
	done := make(chan bool)
	go func() {
		for stop.Load() == 0 {
			if _, err := os.Lstat(filepath.Join(dest, "index.html")); err != nil {
				missing.Add(1)
			}
		}
		close(done)
	}()
	for i := range 300 {
		if err := build(dest, false, map[string]string{"index.html": string(rune('a' + i%26))}); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(1)
	<-done
	if n := missing.Load(); n > 0 {
		t.Errorf("%d looks found no %s", n, dest)
	}
}

// TestOldTreeNotRemovable: when the previous output cannot be deleted,
// the build says so and leaves it in place, with nothing beside it.
func TestOldTreeNotRemovable(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if err := build(dest, false, map[string]string{"index.html": "old", "sub/a.html": "old"}); err != nil {
		t.Fatal(err)
	}
	undo := pin(t, filepath.Join(dest, "sub"))
	defer undo()
	err := build(dest, false, map[string]string{"index.html": "new"})
	if err == nil || !strings.Contains(err.Error(), "sub") || !strings.Contains(err.Error(), "left as it was") {
		t.Fatalf("build = %v, want an error naming sub and saying the old output stays", err)
	}
	undo()
	if got := tree(t, dest); got["index.html"] != "old" || got["sub/a.html"] != "old" {
		t.Errorf("destination: %v", got)
	}
	if n := names(t, dir); n != "public" {
		t.Errorf("left beside: %s", n)
	}
}

// TestSymlinkDest: a destination that is a link to another folder (a web
// root) is built into: the link stays, okrgen's old files are replaced,
// the folder's own files stay, and the foreign-file rule applies to it.
func TestSymlinkDest(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "www")
	dest := filepath.Join(dir, "site", "public")
	os.MkdirAll(root, 0o755)
	os.MkdirAll(filepath.Dir(dest), 0o755)
	if err := os.Symlink(root, dest); err != nil {
		t.Skipf("cannot make a link: %v", err)
	}
	check := func(want map[string]string) {
		t.Helper()
		if fi, err := os.Lstat(dest); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Fatalf("the link was replaced: %v %v", fi.Mode(), err)
		}
		got := tree(t, root)
		delete(got, Manifest)
		if len(got) != len(want) {
			t.Errorf("web root: %v, want %v", got, want)
		}
		for p, w := range want {
			if got[p] != w {
				t.Errorf("%s = %q, want %q", p, got[p], w)
			}
		}
		if n := names(t, filepath.Dir(dest)); n != "public" {
			t.Errorf("left beside the link: %s", n)
		}
	}
	if err := build(dest, false, map[string]string{"index.html": "one", "a/b.html": "one", "a/c/d.html": "one"}); err != nil {
		t.Fatal(err)
	}
	check(map[string]string{"index.html": "one", "a/b.html": "one", "a/c/d.html": "one"})
	if err := build(dest, false, map[string]string{"index.html": "two", "e.html": "two"}); err != nil {
		t.Fatal(err)
	}
	check(map[string]string{"index.html": "two", "e.html": "two"})

	writeTestFile(t, filepath.Join(root, "keep.txt"), "the web root's")
	err := build(dest, false, map[string]string{"index.html": "three"})
	if err == nil || !strings.Contains(err.Error(), "keep.txt") {
		t.Fatalf("build over a foreign file = %v", err)
	}
	check(map[string]string{"index.html": "two", "e.html": "two", "keep.txt": "the web root's"})
	if err := CheckReplace(dest); err == nil || !strings.Contains(err.Error(), "keep.txt") {
		t.Errorf("CheckReplace through the link = %v", err)
	}
	// --force builds anyway, and still deletes no file it did not write.
	if err := build(dest, true, map[string]string{"index.html": "four"}); err != nil {
		t.Fatal(err)
	}
	check(map[string]string{"index.html": "four", "keep.txt": "the web root's"})

	// A link to nothing, or to a file, is refused.
	dangling := filepath.Join(dir, "dangling")
	os.Symlink(filepath.Join(dir, "none"), dangling)
	if err := build(dangling, true, map[string]string{"index.html": "x"}); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("dangling link: %v", err)
	}
	if fi, err := os.Lstat(dangling); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("dangling link replaced")
	}
}

// TestRenameTwice: where folders cannot be exchanged in one rename (other
// OSes, file systems that refuse it), the swap takes two, and leaves
// nothing beside the destination.
func TestRenameTwice(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if err := build(dest, false, map[string]string{"index.html": "old", "sub/a.html": "old"}); err != nil {
		t.Fatal(err)
	}
	w, err := NewDirWriter(dest)
	if err != nil {
		t.Fatal(err)
	}
	w.Put("index.html", []byte("new"))
	if err := w.renameTwice(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); len(got) != 1 || got["index.html"] != "new" {
		t.Errorf("destination: %v", got)
	}
	if n := names(t, dir); n != "public" {
		t.Errorf("left beside: %s", n)
	}
}

// TestParentNotWritable: a destination of its own in a folder okrgen may
// not write to (/var/www/html) is built into.
func TestParentNotWritable(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "www")
	dest := filepath.Join(parent, "html")
	if err := build(dest, false, map[string]string{"index.html": "one", "old.html": "one"}); err != nil {
		t.Fatal(err)
	}
	undo := pin(t, parent)
	defer undo()
	if err := build(dest, false, map[string]string{"index.html": "two"}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	delete(got, Manifest)
	if len(got) != 1 || got["index.html"] != "two" {
		t.Errorf("destination: %v", got)
	}
	if n := names(t, parent); n != "html" {
		t.Errorf("beside: %s", n)
	}
}

// TestInterrupt: a build stopped before Commit leaves the destination as it
// was and nothing beside it; once Commit has begun it completes.
func TestInterrupt(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if err := build(dest, false, map[string]string{"index.html": "old"}); err != nil {
		t.Fatal(err)
	}
	w, err := NewDirWriter(dest)
	if err != nil {
		t.Fatal(err)
	}
	w.Put("index.html", []byte("new"))
	if !w.Interrupt() {
		t.Fatal("Interrupt before Commit did nothing")
	}
	if err := w.Commit(); err == nil {
		t.Error("Commit after Interrupt succeeded")
	}
	if got := tree(t, dest); got["index.html"] != "old" {
		t.Errorf("destination: %v", got)
	}
	if n := names(t, dir); n != "public" {
		t.Errorf("beside: %s", n)
	}
	w, _ = NewDirWriter(dest)
	w.Put("index.html", []byte("new"))
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if w.Interrupt() {
		t.Error("Interrupt after Commit reported true")
	}
	if got := tree(t, dest); got["index.html"] != "new" {
		t.Errorf("destination: %v", got)
	}
}

// TestMoveInto: a destination found to be a mount point only when the
// swap fails (EBUSY) gets the new site moved into it.
func TestMoveInto(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if err := build(dest, false, map[string]string{"index.html": "old", "gone/a.html": "old"}); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(dest, "keep.txt"), "mine")
	w, err := NewDirWriter(dest)
	if err != nil {
		t.Fatal(err)
	}
	w.Put("index.html", []byte("new"))
	w.Put("sub/b.html", []byte("new"))
	w.paths = []string{"index.html", "sub/b.html"}
	if err := w.moveInto(dest); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	if len(got) != 4 || got["index.html"] != "new" || got["sub/b.html"] != "new" || got["keep.txt"] != "mine" {
		t.Errorf("destination: %v", got)
	}
	if got[Manifest] != string(manifest([]string{"index.html", "sub/b.html"})) {
		t.Errorf("manifest: %q", got[Manifest])
	}
	if n := names(t, dir); n != "public" {
		t.Errorf("beside: %s", n)
	}
}

// TestForeignFileSavedDuringSwap: a file saved after Commit's check, in
// the moment before the swap, is found in the old tree once swapped out:
// the swap is undone and the file stays in place.
func TestForeignFileSavedDuringSwap(t *testing.T) {
	for name, swap := range map[string]func(*DirWriter) error{
		"exchange": (*DirWriter).commitSwap,
		"two renames": func(w *DirWriter) error {
			if err := os.WriteFile(filepath.Join(w.stage.path, Manifest), manifest(w.paths), 0o644); err != nil {
				return err
			}
			return w.renameTwice()
		},
	} {
		dir := t.TempDir()
		dest := filepath.Join(dir, "public")
		if err := build(dest, false, map[string]string{"index.html": "one"}); err != nil {
			t.Fatal(err)
		}
		w, err := NewDirWriter(dest)
		if err != nil {
			t.Fatal(err)
		}
		w.Put("index.html", []byte("two"))
		w.paths = []string{"index.html"}
		writeTestFile(t, filepath.Join(dest, "sub", "mine.txt"), "saved in the moment")
		err = swap(w) // Commit without its check: as if saved right after it
		if err == nil || !strings.Contains(err.Error(), "sub") {
			t.Errorf("%s: %v, want the foreign-file error", name, err)
		}
		if got := tree(t, dest); got["sub/mine.txt"] != "saved in the moment" || got["index.html"] != "one" {
			t.Errorf("%s: destination %v", name, got)
		}
		if n := names(t, dir); n != "public" {
			t.Errorf("%s: beside: %s", name, n)
		}
	}
}

// TestSameLargeFilesLinked: a large file with the same bytes as one
// already written (each team's echarts) is a hard link to it; a file of
// the same size with other bytes is written on its own.
func TestSameLargeFilesLinked(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	w, err := NewDirWriter(dest)
	if err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte("echarts "), minLinked/8+1)
	other := bytes.Repeat([]byte("ECHARTS "), minLinked/8+1)
	for p, data := range map[string][]byte{"assets/e.js": big, "teams/a/assets/e.js": append([]byte{}, big...), "teams/b/assets/e.js": other} {
		if err := w.PutShared(p, data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	stat := func(p string) os.FileInfo {
		fi, err := os.Stat(filepath.Join(dest, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	if !os.SameFile(stat("assets/e.js"), stat("teams/a/assets/e.js")) {
		t.Error("teams/a/assets/e.js is not a link to assets/e.js")
	}
	if os.SameFile(stat("assets/e.js"), stat("teams/b/assets/e.js")) {
		t.Error("teams/b/assets/e.js, other bytes, is a link to assets/e.js")
	}
	for p, want := range map[string][]byte{"assets/e.js": big, "teams/a/assets/e.js": big, "teams/b/assets/e.js": other} {
		if got, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(p))); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes, %v; want %d bytes", p, len(got), err, len(want))
		}
	}
}
