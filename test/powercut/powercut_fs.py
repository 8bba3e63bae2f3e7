#!/usr/bin/python3
"""A pass-through FUSE file system that can lose power.

    powercut_fs.py BACKING STASH MOUNTPOINT

Everything written through MOUNTPOINT lands in BACKING at once (so readers see it, as they
would see the page cache), but the file system remembers what stable storage would not yet
hold:

- data: per file (by inode), an undo record of every write and truncate since the file's
  last fsync/fdatasync;
- names: every create, rename and unlink since the fsync of the directory holding it
  (a replaced or unlinked file is kept in STASH meanwhile).

Commands, one per line on stdin (answers on stdout):

    cut    the power cut: undo every un-fsynced write, truncate and name change, then
           freeze (every later operation fails with EIO) -> "cut files=N bytes=B names=M"
    sync   everything so far becomes durable, like sync(1)                  -> "synced"

It prints "ready" once mounted. The test then unmounts (fusermount3 -u) and mounts a fresh
instance on the same BACKING: the machine has come back. Single-threaded on purpose: the
operations and a cut never interleave.
"""
import errno
import os
import sys
import threading

from fusepy import FUSE, FuseOSError, Operations


class PowerCutFS(Operations):
    def __init__(self, root, stash):
        self.root = os.path.realpath(root)
        self.stash = os.path.realpath(stash)
        self.lock = threading.Lock()
        self.frozen = False
        # inode -> list of (offset, old bytes, old size): applied in reverse on a cut
        self.undo = {}
        # inode -> current backing path (renames move it)
        self.where = {}
        # [entry, set of directories whose fsync makes it durable]
        self.names = []
        self.stash_seq = 0

    # ---------- helpers ----------

    def _full(self, path):
        return os.path.join(self.root, path.lstrip('/'))

    def _guard(self):
        if self.frozen:
            raise FuseOSError(errno.EIO)

    def _ino_fd(self, fh):
        return os.fstat(fh).st_ino

    def _remember(self, ino, full, offset, length):
        """Keeps what a write or truncate over [offset, offset+length) is about to replace."""
        size = os.path.getsize(full)
        old = b''
        if offset < size and length > 0:
            with open(full, 'rb') as f:
                f.seek(offset)
                old = f.read(min(length, size - offset))
        self.undo.setdefault(ino, []).append((offset, old, size))
        self.where[ino] = full

    def _to_stash(self, full):
        self.stash_seq += 1
        target = os.path.join(self.stash, str(self.stash_seq))
        st = os.lstat(full)
        os.rename(full, target)
        if st.st_ino in self.where:
            self.where[st.st_ino] = target
        return target

    def _log_name(self, entry, *paths):
        self.names.append([entry, {os.path.dirname(p) for p in paths}])

    # ---------- control ----------

    def cut(self):
        with self.lock:
            files = 0
            lost = 0
            for ino, records in self.undo.items():
                full = self.where.get(ino)
                if not records or full is None or not os.path.exists(full):
                    continue
                files += 1
                with open(full, 'r+b') as f:
                    for offset, old, size in reversed(records):
                        f.seek(0, os.SEEK_END)
                        lost += max(0, f.tell() - size)
                        if old:
                            f.seek(offset)
                            f.write(old)
                        f.truncate(size)
            for entry, _dirs in reversed(self.names):
                kind = entry[0]
                try:
                    if kind == 'create':
                        os.unlink(entry[1])
                    elif kind == 'unlink':
                        os.rename(entry[2], entry[1])
                    elif kind == 'rename':
                        _, old, new, replaced = entry
                        os.rename(new, old)
                        if replaced:
                            os.rename(replaced, new)
                except OSError:
                    pass
            undone = len(self.names)
            self.undo.clear()
            self.names.clear()
            self.frozen = True
            return 'cut files=%d bytes=%d names=%d' % (files, lost, undone)

    def sync_all(self):
        with self.lock:
            self.undo.clear()
            self.names.clear()
            return 'synced'

    # ---------- data ----------

    def open(self, path, flags):
        with self.lock:
            self._guard()
            return os.open(self._full(path), flags)

    def create(self, path, mode, fi=None):
        with self.lock:
            self._guard()
            full = self._full(path)
            existed = os.path.exists(full)
            if existed:
                self._remember(os.lstat(full).st_ino, full, 0, os.path.getsize(full))
            fd = os.open(full, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
            if not existed:
                self._log_name(('create', full), full)
            return fd

    def read(self, path, size, offset, fh):
        with self.lock:
            self._guard()
            return os.pread(fh, size, offset)

    def write(self, path, data, offset, fh):
        with self.lock:
            self._guard()
            full = self._full(path)
            self._remember(self._ino_fd(fh), full, offset, len(data))
            return os.pwrite(fh, data, offset)

    def truncate(self, path, length, fh=None):
        with self.lock:
            self._guard()
            full = self._full(path)
            ino = self._ino_fd(fh) if fh is not None else os.lstat(full).st_ino
            size = os.path.getsize(full)
            self._remember(ino, full, length, max(0, size - length))
            if fh is not None:
                os.ftruncate(fh, length)
            else:
                os.truncate(full, length)

    def fsync(self, path, datasync, fh):
        with self.lock:
            self._guard()
            self.undo.pop(self._ino_fd(fh), None)
            return 0

    def flush(self, path, fh):
        with self.lock:
            self._guard()
            return 0

    def release(self, path, fh):
        os.close(fh)
        return 0

    # ---------- names ----------

    def fsyncdir(self, path, datasync, fh):
        with self.lock:
            self._guard()
            full = self._full(path).rstrip('/') or '/'
            keep = []
            for item in self.names:
                item[1].discard(full)
                if item[1]:
                    keep.append(item)
            self.names = keep
            return 0

    def rename(self, old, new):
        with self.lock:
            self._guard()
            src, dst = self._full(old), self._full(new)
            replaced = self._to_stash(dst) if os.path.exists(dst) and not os.path.isdir(dst) else None
            ino = os.lstat(src).st_ino
            os.rename(src, dst)
            if ino in self.where:
                self.where[ino] = dst
            self._log_name(('rename', src, dst, replaced), src, dst)

    def unlink(self, path):
        with self.lock:
            self._guard()
            full = self._full(path)
            self._log_name(('unlink', full, self._to_stash(full)), full)

    def mkdir(self, path, mode):
        with self.lock:
            self._guard()
            os.mkdir(self._full(path), mode)

    def rmdir(self, path):
        with self.lock:
            self._guard()
            os.rmdir(self._full(path))

    # ---------- attributes ----------

    def getattr(self, path, fh=None):
        with self.lock:
            self._guard()
            st = os.lstat(self._full(path))
            keys = ('st_atime', 'st_ctime', 'st_gid', 'st_mode', 'st_mtime', 'st_nlink', 'st_size', 'st_uid')
            return {k: getattr(st, k) for k in keys}

    def readdir(self, path, fh):
        with self.lock:
            self._guard()
            return ['.', '..'] + os.listdir(self._full(path))

    def access(self, path, mode):
        with self.lock:
            self._guard()
            if not os.access(self._full(path), mode):
                raise FuseOSError(errno.EACCES)

    def chmod(self, path, mode):
        with self.lock:
            self._guard()
            os.chmod(self._full(path), mode)

    def chown(self, path, uid, gid):
        with self.lock:
            self._guard()
            os.chown(self._full(path), uid, gid)

    def utimens(self, path, times=None):
        with self.lock:
            self._guard()
            os.utime(self._full(path), times)

    def statfs(self, path):
        st = os.statvfs(self._full(path))
        keys = ('f_bavail', 'f_bfree', 'f_blocks', 'f_bsize', 'f_favail', 'f_ffree', 'f_files', 'f_flag', 'f_frsize', 'f_namemax')
        return {k: getattr(st, k) for k in keys}

    def init(self, path):
        print('ready', flush=True)


def commands(fs, mountpoint):
    for line in sys.stdin:
        cmd = line.strip()
        if cmd == 'cut':
            print(fs.cut(), flush=True)
        elif cmd == 'sync':
            print(fs.sync_all(), flush=True)
        elif cmd:
            print('unknown command %r' % cmd, flush=True)
    # The test went away: do not leave a mount behind.
    os.system('fusermount3 -u -z %s' % mountpoint)


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: powercut_fs.py BACKING STASH MOUNTPOINT')
    root, stash, mountpoint = sys.argv[1:]
    fs = PowerCutFS(root, stash)
    threading.Thread(target=commands, args=(fs, mountpoint), daemon=True).start()
    FUSE(fs, mountpoint, foreground=True, nothreads=True)


if __name__ == '__main__':
    main()
