package render

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// pin makes dir impossible to delete, and returns what undoes it: chmod
// for a user, the immutable flag (chattr +i) for root, whom modes do not
// stop. It skips the test when neither is possible.
func pin(t *testing.T, dir string) (undo func()) { return pinWith(t, dir, fsImmutableFL) }

// pinWith is pin with the flag given for root: fsImmutableFL or fsAppendFL.
func pinWith(t *testing.T, dir string, flag uint32) (undo func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		return func() { os.Chmod(dir, 0o755) }
	}
	set := func(on bool) error {
		f, err := os.Open(dir)
		if err != nil {
			return err
		}
		defer f.Close()
		flags, err := unix.IoctlGetUint32(int(f.Fd()), unix.FS_IOC_GETFLAGS)
		if err != nil {
			return err
		}
		if on {
			flags |= flag
		} else {
			flags &^= flag
		}
		return unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, int(flags))
	}
	if err := set(true); err != nil {
		t.Skipf("as root, only chattr +i or +a stops a delete, and %s cannot have it: %v", dir, err)
	}
	undone := false
	undo = func() {
		if !undone {
			undone = true
			if err := set(false); err != nil {
				t.Errorf("clearing the flag of %s: %v", dir, err)
			}
		}
	}
	t.Cleanup(undo)
	return undo
}

// TestMountPointDest: a destination that is a mount point (docker -v
// ./out:/site/public) is built into, never "device or resource busy".
func TestMountPointDest(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root on Linux")
	}
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	os.MkdirAll(dest, 0o755)
	if err := syscall.Mount("okrgen-test", dest, "tmpfs", 0, ""); err != nil {
		t.Skipf("cannot mount a tmpfs: %v", err)
	}
	defer syscall.Unmount(dest, syscall.MNT_DETACH)
	for _, body := range []string{"one", "two"} {
		if err := build(dest, false, map[string]string{"index.html": body, "sub/" + body + ".html": body}); err != nil {
			t.Fatal(err)
		}
	}
	got := tree(t, dest)
	if got["index.html"] != "two" || got["sub/two.html"] != "two" || got["sub/one.html"] != "" {
		t.Errorf("mount point: %v", got)
	}
	if n := names(t, dir); n != "public" {
		t.Errorf("left beside: %s", n)
	}
	if n := names(t, dest); n != ".okrgen-files index.html sub" {
		t.Errorf("in the mount point: %s", n)
	}
	// A bind mount of a folder of the same file system.
	bound := filepath.Join(dir, "bound")
	os.MkdirAll(filepath.Join(dir, "out"), 0o755)
	os.MkdirAll(bound, 0o755)
	if err := syscall.Mount(filepath.Join(dir, "out"), bound, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind mount: %v", err)
	}
	defer syscall.Unmount(bound, syscall.MNT_DETACH)
	if err := build(bound, false, map[string]string{"index.html": "bound"}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "out", "index.html")); string(b) != "bound" {
		t.Errorf("bind mount: index.html = %q", b)
	}
}

// TestOldTreeAppendOnly: a file made append-only (chattr +a) cannot be
// deleted, by root either: the build leaves the old output in place.
func TestOldTreeAppendOnly(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("chattr +a needs root")
	}
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if err := build(dest, false, map[string]string{"index.html": "old", "sub/log.txt": "old"}); err != nil {
		t.Fatal(err)
	}
	undo := pinWith(t, filepath.Join(dest, "sub", "log.txt"), fsAppendFL)
	err := build(dest, false, map[string]string{"index.html": "new"})
	undo()
	if err == nil || !strings.Contains(err.Error(), "public/sub/log.txt is immutable or append-only") || !strings.Contains(err.Error(), "left as it was") {
		t.Fatalf("build = %v", err)
	}
	if got := tree(t, dest); got["index.html"] != "old" || got["sub/log.txt"] != "old" {
		t.Errorf("destination: %v", got)
	}
	if n := names(t, dir); n != "public" {
		t.Errorf("left beside: %s", n)
	}
}

// A FIFO named like the Manifest must not block the check: the folder's
// files then count as the user's.
func TestManifestFIFODoesNotHang(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, Manifest), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- CheckReplace(dir) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "did not write (index.html)") {
			t.Fatalf("CheckReplace = %v, want the foreign-file error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("CheckReplace blocked on a FIFO Manifest")
	}
}
