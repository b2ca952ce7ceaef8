"""A plan survives the faults of a real machine: shared ownership, modes, extended
attributes and ACLs, hard links, read-only files, a writer killed mid-write, many writers
at once, a full disk.

Some of these need root (to give a file to another user, to mount a small file system, to
act as another user); CI runs the suite as root, and elsewhere they are skipped, saying so.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest

from conftest import MINIMAL
from hcplan.changes.update import UpdateRequest, update_file
from hcplan.checking.loader import load_plan
from hcplan.files.store import StoreError, is_temporary, replace_plan

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(
    not ROOT, reason="needs root, to give files to other users or mount a file system (CI runs these as root)"
)

#: Users and groups nobody on a test machine is: a plan shared by "alice:council".
ALICE, COUNCIL = 12345, 23456
NOBODY = 65534


def _update(path: Path, note: str = "x", action_id: str = "1.1") -> None:
    update_file(str(path), UpdateRequest(action_id, date(2024, 6, 1), note), today=date(2025, 1, 1))


def _temporaries(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if is_temporary(name)]


# --- owner, group, mode, extended attributes -------------------------------------------


@needs_root
@pytest.mark.parametrize("mode", [0o644, 0o660, 0o2664, 0o600])
def test_owner_group_and_mode_are_kept(write, mode):
    path = write()
    os.chown(path, ALICE, COUNCIL)
    path.chmod(mode)
    _update(path)
    info = path.stat()
    assert (info.st_uid, info.st_gid) == (ALICE, COUNCIL)
    assert stat.S_IMODE(info.st_mode) == mode
    assert "x" in [u.text for ref in load_plan(path).plan.actions() for u in ref.action.updates]


def _set_xattr(path: Path, name: str, value: bytes) -> None:
    try:
        os.setxattr(path, name, value)
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
            pytest.skip(f"this file system refuses the extended attribute {name}: {exc.strerror}")
        raise


def test_extended_attributes_are_kept(write):
    path = write()
    _set_xattr(path, "user.council.owner", b"Safer Anytown")
    _set_xattr(path, "user.empty", b"")
    _update(path)
    assert os.getxattr(path, "user.council.owner") == b"Safer Anytown"
    assert os.getxattr(path, "user.empty") == b""
    assert sorted(n for n in os.listxattr(path) if n.startswith("user.")) == ["user.council.owner", "user.empty"]


def _acl(*entries: tuple[int, int, int]) -> bytes:
    """A POSIX ACL as Linux stores it in system.posix_acl_access (version 2)."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", tag, perm, ident) for tag, perm, ident in entries)


USER_OBJ, USER, GROUP_OBJ, MASK, OTHER = 0x01, 0x02, 0x04, 0x10, 0x20
ANYONE = 0xFFFFFFFF


def test_a_posix_acl_is_kept(write):
    """An ACL giving one more person write access (setfacl -m u:12345:rw) survives an update."""
    path = write()
    path.chmod(0o644)
    acl = _acl((USER_OBJ, 6, ANYONE), (USER, 6, ALICE), (GROUP_OBJ, 4, ANYONE), (MASK, 6, ANYONE), (OTHER, 4, ANYONE))
    _set_xattr(path, "system.posix_acl_access", acl)
    mode = stat.S_IMODE(path.stat().st_mode)
    _update(path)
    assert os.getxattr(path, "system.posix_acl_access") == acl
    assert stat.S_IMODE(path.stat().st_mode) == mode == 0o664  # the group bits show the ACL's mask


# --- what a rename cannot keep is refused ------------------------------------------------


def test_a_hard_linked_plan_is_refused_with_how_to_proceed(hcplan, write, tmp_path):
    path = write()
    other = tmp_path / "also.yaml"
    os.link(path, other)
    before = path.read_bytes()
    result = hcplan("update", path, "1.1", "--note", "x", "--date", "2024-06-01")
    assert result.exit_code == 1
    assert "has 2 names (hard links to one file)" in result.stderr
    assert "ln -sf" in result.stderr
    assert path.read_bytes() == other.read_bytes() == before
    assert os.stat(path).st_ino == os.stat(other).st_ino
    assert _temporaries(tmp_path) == []


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000])
def test_a_read_only_plan_is_refused_with_how_to_make_it_writable(hcplan, write, mode):
    """Root may write any file; hcplan still respects a plan made read-only."""
    path = write()
    before = path.read_bytes()
    path.chmod(mode)
    try:
        result = hcplan("update", path, "1.1", "--note", "x", "--date", "2024-06-01")
        assert result.exit_code == 1
        if mode or ROOT:  # others cannot even open a 000 file
            assert f"{path} is read-only (mode {mode:04o})" in result.stderr
            assert f"chmod u+w {path}" in result.stderr
        assert stat.S_IMODE(path.stat().st_mode) == mode
    finally:
        path.chmod(0o644)
    assert path.read_bytes() == before


@pytest.fixture
def shared_folder():
    """A folder everyone may write in (as a shared drive's is), outside pytest's private one."""
    folder = Path(tempfile.mkdtemp(prefix="hcplan-shared-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        subprocess.run(["rm", "-rf", str(folder)], check=True)


#: Runs ``hcplan update PLAN ARGS...`` as a user who owns nothing (a colleague, not the
#: plan's owner). The interpreter may live where only root can read (a root-only pyenv),
#: so the child starts as root, makes the same update once on a scratch copy to load
#: every module it needs, and only then becomes nobody for the real one.
AS_NOBODY = """
import contextlib, grp, io, os, pwd, shutil, sys, tempfile
from hcplan.cli import app, main

plan, args = sys.argv[1], sys.argv[2:]
scratch = tempfile.mkdtemp()
shutil.copy(plan, os.path.join(scratch, "plan.yaml"))
with contextlib.redirect_stdout(io.StringIO()):
    app(["update", os.path.join(scratch, "plan.yaml"), *args], standalone_mode=False)
shutil.rmtree(scratch)
os.setgroups([])
os.setgid(NOBODY)
os.setuid(NOBODY)
sys.argv = ["hcplan", "update", plan, *args]
main()
""".replace("NOBODY", str(NOBODY))


def _update_as_nobody(path: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "HCPLAN_NO_CACHE": "1", "NO_COLOR": "1"}
    args = ["1.1", "--note", "x", "--date", "2024-06-01"]
    return subprocess.run(
        [sys.executable, "-c", AS_NOBODY, path.name, *args], cwd=path.parent, env=env, capture_output=True, text=True
    )


@needs_root
@pytest.mark.parametrize(
    ("mode", "says"),
    [
        # a colleague may write alice's plan (and the folder) but cannot give a new copy back to her
        (0o666, f"plan.yaml belongs to {ALICE}:{COUNCIL}, and hcplan cannot give a new copy back"),
        # a colleague may write the folder but not the plan
        (0o644, f"you may not write plan.yaml (it belongs to {ALICE}:{COUNCIL}, mode 0644)"),
    ],
)
def test_a_plan_is_never_taken_from_its_owner(shared_folder, mode, says):
    path = shared_folder / "plan.yaml"
    path.write_text(MINIMAL)
    os.chown(path, ALICE, COUNCIL)
    path.chmod(mode)
    before = path.read_bytes()
    result = _update_as_nobody(path)
    assert result.returncode == 1, result.stderr
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (ALICE, COUNCIL, mode)
    assert path.read_bytes() == before
    assert os.listdir(shared_folder) == ["plan.yaml"]


# --- a writer killed, many writers, a full disk --------------------------------------------

KILLED_WRITER = """
import os, sys, time
from datetime import date
from hcplan.changes.update import UpdateRequest, update_file

def stall(fd):
    open(sys.argv[2], "w").close()   # tell the test we are mid-write
    time.sleep(60)
os.fsync = stall
update_file(sys.argv[1], UpdateRequest("1.1", date(2024, 6, 1), "never lands"), today=date(2025, 1, 1))
"""


def test_a_writer_killed_mid_write_leaves_the_plan_whole_and_the_next_write_cleans_up(write, tmp_path):
    path = write()
    before = path.read_bytes()
    flag = tmp_path / "mid-write"
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path), str(flag)])
    try:
        deadline = time.monotonic() + 30
        while not flag.exists():
            assert writer.poll() is None, "the writer ended early"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.wait()
    assert path.read_bytes() == before
    left = _temporaries(tmp_path)
    assert len(left) == 1 and f".hcplan-{writer.pid}-" in left[0]  # the killed writer's, named as hcplan's
    assert load_plan(path).problems == []
    assert "never lands" not in path.read_text()
    _update(path, "after the crash")
    assert _temporaries(tmp_path) == []
    assert "after the crash" in path.read_text()


def test_twenty_people_updating_at_once_all_land(write):
    path = write()
    procs = [
        subprocess.Popen(
            [
                sys.executable, "-m", "hcplan", "update", str(path), f"1.{1 + i % 2}",
                "--note", f"Update number {i}", "--date", "2024-06-01",
                *(["--status", "behind"] if i == 7 else []),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(20)
    ]  # fmt: skip
    outcomes = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _ in outcomes] == [0] * 20, outcomes
    plan = load_plan(path).plan
    texts = sorted(u.text for ref in plan.actions() for u in ref.action.updates if u.text.startswith("Update"))
    assert texts == sorted(f"Update number {i}" for i in range(20))
    assert {ref.action.id: ref.action.status for ref in plan.actions()} == {"1.1": None, "1.2": "Behind"}
    assert load_plan(path).problems == []
    assert _temporaries(path.parent) == []


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KB file system of its own, to fill up."""
    mount = tmp_path / "disk"
    mount.mkdir()
    mounting = ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)]
    done = subprocess.run(mounting, capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


@needs_root
def test_a_full_disk_leaves_the_plan_whole(hcplan, small_disk):
    path = small_disk / "plan.yaml"
    path.write_text(MINIMAL)
    before = path.read_bytes()
    filler = small_disk / "filler"
    with open(filler, "wb", buffering=0) as handle:
        with pytest.raises(OSError) as full:
            while True:
                handle.write(b"x" * 4096)
    assert full.value.errno == errno.ENOSPC
    result = hcplan("update", path, "1.1", "--note", "x", "--date", "2024-06-01")
    assert result.exit_code == 1
    assert result.stderr == f"hcplan: error: could not write {path}: No space left on device; the plan is unchanged\n"
    assert path.read_bytes() == before
    assert sorted(os.listdir(small_disk)) == ["filler", "plan.yaml"]
    filler.unlink()  # room again: the same update lands
    assert hcplan("update", path, "1.1", "--note", "x", "--date", "2024-06-01").exit_code == 0


SIZE_LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv = ["hcplan", *sys.argv[2:]]
from hcplan.cli import main
main()
"""


def test_a_write_cut_short_by_a_file_size_limit_leaves_the_plan_whole(write, tmp_path):
    path = write()
    before = path.read_bytes()
    env = {**os.environ, "HCPLAN_NO_CACHE": "1"}
    args = ["update", str(path), "1.1", "--note", "x" * 200, "--date", "2024-06-01"]
    result = subprocess.run(
        [sys.executable, "-c", SIZE_LIMITED, str(len(before) + 100), *args], capture_output=True, text=True, env=env
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"hcplan: error: could not write {path}: File too large; the plan is unchanged\n"
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["plan.yaml"]


def test_replace_plan_is_one_door_for_every_command(write):
    """A command that writes a plan (import, rollover) gets the same refusals as update."""
    path = write()
    path.chmod(0o444)
    with pytest.raises(StoreError, match="is read-only"):
        replace_plan(str(path), path.read_bytes())
    path.chmod(0o644)
    os.link(path, path.with_name("other.yaml"))
    with pytest.raises(StoreError, match="hard links"):
        replace_plan(str(path), path.read_bytes())


def test_a_digest_cut_short_leaves_every_file_as_it_was(write, tmp_path):
    """On a full disk the digest replaced a lead's workbook, then failed on its message
    (which kept the old workbook attached) and said 'the file is unchanged'; into a new
    folder it left the files written so far, saying 'nothing was written'."""
    path = write()
    out = tmp_path / "digests"
    env = {**os.environ, "HCPLAN_NO_CACHE": "1"}
    first = subprocess.run(
        [sys.executable, "-m", "hcplan", "digest", str(path), "-o", str(out), "--as-of", "2024-06-01"],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    books = [len(data) for name, data in before.items() if name.endswith(".xlsx")]
    limit = max(books) + 200  # room for a workbook, not for a message that carries one
    assert limit < min(len(data) for name, data in before.items() if name.endswith(".eml"))
    for folder in (out, tmp_path / "new" / "digests"):
        args = ["digest", str(path), "-o", str(folder), "--as-of", "2024-07-01"]
        result = subprocess.run(
            [sys.executable, "-c", SIZE_LIMITED, str(limit), *args], capture_output=True, text=True, env=env
        )
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith("hcplan: error: could not write ") and result.stderr.endswith(
            ": File too large; nothing was written\n"
        ), result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not (tmp_path / "new").exists()
