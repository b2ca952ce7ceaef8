"""Outputs that are not files: ``-o -``, pipes, devices, sockets, /dev/stdout.

As every Unix tool takes them: ``-o -`` is standard output; an existing pipe
(FIFO), character device or socket, or a link to one (``/dev/stdout``,
``/proc/self/fd/1``), is written into as it is, never replaced by a file; a
block device is refused; a command that writes a folder refuses ``-``. The
guards against writing over a plan or an input see through ``/dev/stdout``.

These run hcplan in a process of its own where standard output matters, with
real pipes, devices and sockets; a device node is made only where the test
may make one (as root).
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import MINIMAL

HCPLAN = [sys.executable, "-m", "hcplan"]

#: Each command that writes one file, with the options that make its output the same from run to run.
COMMANDS = {
    "report": (["report", "{plan}", "-f", "md"], "report.md"),
    "calendar": (["calendar", "{plan}"], "plan.ics"),
    "export": (["export", "{plan}", "-f", "csv"], "returns.csv"),
}


@pytest.fixture(autouse=True)
def _same_every_run(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718000000")  # the calendar's DTSTAMP


def _args(command: str, plan: Path) -> tuple[list[str], str]:
    args, name = COMMANDS[command]
    return [a.replace("{plan}", str(plan)) for a in args], name


def _run(args: list[str], *, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([*HCPLAN, *args], cwd=cwd, stderr=subprocess.PIPE, timeout=120, **kwargs)


def _as_a_file(command: str, plan: Path, tmp_path: Path) -> bytes:
    """What the command writes into an ordinary file: what every other output must get."""
    args, name = _args(command, plan)
    out = tmp_path / "regular" / name
    out.parent.mkdir(exist_ok=True)
    result = _run([*args, "-o", str(out)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert len(data) > 100
    return data


def _reading(path: Path) -> tuple[threading.Thread, list[bytes]]:
    """A reader of the pipe at ``path``, as ``cat path`` would be: what it read, once joined."""
    got: list[bytes] = []

    def read() -> None:
        with open(path, "rb") as pipe:
            got.append(pipe.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, got


# --- -o - is standard output ---------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_dash_is_standard_output(write, tmp_path, command):
    plan = write()
    expected = _as_a_file(command, plan, tmp_path)
    args, _ = _args(command, plan)
    result = _run([*args, "-o", "-"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # export's CSV starts with a byte order mark for Excel in a file, never on standard output
    assert result.stdout == expected.removeprefix("\ufeff".encode())
    assert not (tmp_path / "-").exists()
    assert b"Wrote" not in result.stderr


def test_dot_slash_dash_is_a_file_called_dash(write, tmp_path):
    plan = write()
    result = _run(["report", str(plan), "-f", "md", "-o", "./-"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    assert (tmp_path / "-").read_text().startswith("# Anytown Hate Crime Work Plan")


@pytest.mark.parametrize("command", ["site", "digest"])
def test_a_folder_output_cannot_be_dash(write, tmp_path, command):
    plan = write()
    args = ["site", str(tmp_path)] if command == "site" else ["digest", str(plan)]
    result = _run([*args, "-o", "-"], cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    last = result.stderr.decode().splitlines()[-1]
    assert last.startswith("hcplan: error: invalid value for '--output' / '-o': '-' (standard output)"), last
    assert "name a folder" in last
    assert not (tmp_path / "-").exists()


def test_rollover_cannot_write_its_new_plan_to_dash(write, tmp_path):
    plan = write()
    result = _run(["rollover", str(plan), "-"], cwd=tmp_path)
    assert result.returncode == 2
    assert b"--dry-run" in result.stderr and b"not - (standard output)" in result.stderr
    assert not (tmp_path / "-").exists()


# --- /dev/stdout and /proc/self/fd/1 -------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/proc/self/fd/1"), reason="needs /proc/self/fd (Linux)")
@pytest.mark.parametrize("name", ["/dev/stdout", "/proc/self/fd/1"])
@pytest.mark.parametrize("command", COMMANDS)
def test_dev_stdout_on_a_pipe_is_written_into(write, tmp_path, command, name):
    plan = write()
    expected = _as_a_file(command, plan, tmp_path)
    args, _ = _args(command, plan)
    result = _run([*args, "-o", name], cwd=tmp_path)  # standard output is a pipe
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected.removeprefix("\ufeff".encode())  # a pipe gets no byte order mark
    assert result.stderr.decode().startswith(f"Wrote {name}")


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
def test_dev_stdout_on_a_socket_is_written_into(write, tmp_path):
    plan = write()
    expected = _as_a_file("report", plan, tmp_path)
    mine, theirs = socket.socketpair()
    with mine, theirs:
        result = _run(["report", str(plan), "-f", "md", "-o", "/dev/stdout"], cwd=tmp_path, stdout=theirs)
        theirs.close()
        got = b"".join(iter(lambda: mine.recv(65536), b""))
    assert result.returncode == 0, result.stderr
    assert got == expected


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
def test_dev_stdout_that_is_the_plan_is_refused(write, tmp_path):
    plan = write()
    before = plan.read_bytes()
    with open(plan, "ab") as appended:  # hcplan report plan.yaml -o /dev/stdout >> plan.yaml
        result = _run(["report", str(plan), "-f", "md", "-o", "/dev/stdout"], cwd=tmp_path, stdout=appended)
    assert result.returncode == 2, result.stderr
    # Standard output is the plan, named on the command line: refused before anything runs.
    assert f"standard output is {plan}, which this command reads".encode() in result.stderr
    assert plan.read_bytes() == before


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
def test_dev_stdout_on_another_plan_is_refused(write, tmp_path):
    plan = write()
    other = write(MINIMAL, name="other/plan.yaml")
    before = other.read_bytes()
    with open(other, "ab") as appended:
        result = _run(["report", str(plan), "-f", "md", "-o", "/dev/stdout"], cwd=tmp_path, stdout=appended)
    assert result.returncode == 2, result.stderr
    assert b"refusing to write over /dev/stdout: it is an hcplan plan" in result.stderr
    assert other.read_bytes() == before


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
@pytest.mark.parametrize("command", COMMANDS)
def test_dev_stdout_on_a_file_writes_that_file(write, tmp_path, command):
    plan = write()
    expected = _as_a_file(command, plan, tmp_path)
    args, name = _args(command, plan)
    args = [a for a in args if a not in ("-f", "md", "csv")]  # the real file's name says the format
    out = tmp_path / name
    with open(out, "wb") as redirected:  # hcplan ... -o /dev/stdout > returns.csv
        result = _run([*args, "-o", "/dev/stdout"], cwd=tmp_path, stdout=redirected)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == expected


# --- a named pipe ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_a_named_pipe_is_written_into_not_replaced(write, tmp_path, command):
    plan = write()
    expected = _as_a_file(command, plan, tmp_path)
    args, name = _args(command, plan)
    fifo = tmp_path / name
    os.mkfifo(fifo)
    reader, got = _reading(fifo)
    result = _run([*args, "-o", str(fifo)], cwd=tmp_path)
    reader.join(60)
    assert result.returncode == 0, result.stderr
    assert got == [expected.removeprefix("\ufeff".encode())]  # a pipe gets no byte order mark
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "plan.yaml", "regular"])  # no temporary left


def test_a_link_to_a_named_pipe_is_written_into(write, tmp_path):
    plan = write()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "out.md"
    link.symlink_to(fifo)
    reader, got = _reading(fifo)
    result = _run(["report", str(plan), "-o", str(link)], cwd=tmp_path)
    reader.join(60)
    assert result.returncode == 0, result.stderr
    assert got[0].startswith(b"# Anytown Hate Crime Work Plan")
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(link).st_mode)


def test_new_writes_its_plan_into_a_named_pipe(tmp_path):
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    reader, got = _reading(fifo)
    args = ["new", str(fifo), "--title", "T 2024-25", "--org", "Anytown Council", "--start", "2024-04-01"]
    result = _run(args, cwd=tmp_path)
    reader.join(60)
    assert result.returncode == 0, result.stderr
    printed = _run([*args[:1], "-", *args[2:]], cwd=tmp_path)  # as `hcplan new -` prints it
    assert got == [printed.stdout]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert result.stderr.decode().startswith(f"Wrote {fifo}: a new plan for Anytown Council")


def test_a_pipe_whose_reader_left_ends_as_a_closed_standard_output_does(write, tmp_path):
    # More than a pipe holds (64 KiB), so that the reader's leaving is always seen.
    many = "".join(
        f'          - id: "1.{n}"\n            text: Action number {n} of a long plan\n            leads: [Police]\n'
        for n in range(3, 1000)
    )
    plan = write(MINIMAL + many)
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)

    def open_and_leave() -> None:
        os.close(os.open(fifo, os.O_RDONLY))

    reader = threading.Thread(target=open_and_leave, daemon=True)
    reader.start()
    result = _run(["report", str(plan), "-o", str(fifo)], cwd=tmp_path)
    reader.join(60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# --- devices ------------------------------------------------------------------------------------------

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.skipif(not ROOT, reason="making a device node (mknod) needs root")
@pytest.mark.parametrize("command", COMMANDS)
def test_a_character_device_is_written_into_not_replaced(write, tmp_path, command):
    plan = write()
    args, name = _args(command, plan)
    null = tmp_path / name
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a copy of /dev/null
    result = _run([*args, "-o", str(null)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    after = os.lstat(null)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == os.makedev(1, 3)


@pytest.mark.skipif(
    ROOT, reason="as root, a regression would replace this machine's /dev/null: the test above covers it"
)
def test_dev_null_is_written_into_not_replaced(write, tmp_path):
    plan = write()
    before = os.stat("/dev/null")
    result = _run(["report", str(plan), "-f", "md", "-o", "/dev/null"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def _full(tmp_path: Path) -> Path:
    """A device every write to fails (No space left on device): a copy of /dev/full made
    as root (where a regression could replace the machine's own), else /dev/full."""
    if ROOT:
        node = tmp_path / "full"
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
        return node
    if not (os.path.exists("/dev/full") and stat.S_ISCHR(os.stat("/dev/full").st_mode)):
        pytest.skip("needs /dev/full")
    return Path("/dev/full")


def test_a_device_that_fails_is_a_write_that_failed(write, tmp_path):
    plan = write()
    full = _full(tmp_path)
    result = _run(["report", str(plan), "-f", "md", "-o", str(full)], cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.decode() == f"hcplan: error: could not write {full}: No space left on device\n"
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def _block_device(tmp_path: Path) -> Path:
    """A block device node: made (as root) for a device no driver serves, else the machine's own."""
    if ROOT:
        node = tmp_path / "disk.md"
        os.mknod(node, 0o600 | stat.S_IFBLK, os.makedev(60, 0))  # 60: local/experimental use, no disk
        return node
    for name in sorted(os.listdir("/dev")):
        if stat.S_ISBLK(os.lstat(f"/dev/{name}").st_mode):
            return Path(f"/dev/{name}")  # not root: never opened, and could not be
    pytest.skip("no block device to name")


@pytest.mark.parametrize("command", ["report", "new"])
def test_a_block_device_is_refused(write, tmp_path, command):
    plan = write()
    disk = _block_device(tmp_path)
    args = ["report", str(plan), "-f", "md", "-o", str(disk)] if command == "report" else ["new", str(disk)]
    result = _run(args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.decode() == (
        f"hcplan: error: refusing to write {disk}: it is a block device (a disk or a partition), and writing "
        "it would overwrite what is stored there; name a file\n"
    )
    assert stat.S_ISBLK(os.lstat(disk).st_mode)


def test_a_folder_keeps_its_error(write, tmp_path):
    plan = write()
    result = _run(["report", str(plan), "-f", "md", "-o", str(tmp_path)], cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == f"hcplan: error: {tmp_path} is a folder: name the file to write\n"


# --- a socket ------------------------------------------------------------------------------------------


def test_a_socket_is_written_into(write, tmp_path):
    plan = write()
    expected = _as_a_file("calendar", plan, tmp_path)
    path = tmp_path / "calendar.ics"
    got: list[bytes] = []
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        server.listen(1)

        def serve() -> None:
            connection, _ = server.accept()
            with connection:
                got.append(b"".join(iter(lambda: connection.recv(65536), b"")))

        listener = threading.Thread(target=serve, daemon=True)
        listener.start()
        result = _run(["calendar", str(plan), "-o", str(path)], cwd=tmp_path)
        listener.join(60)
    assert result.returncode == 0, result.stderr
    assert got == [expected]
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_socket_nobody_listens_on_is_an_error_not_a_file(write, tmp_path):
    plan = write()
    path = tmp_path / "gone.md"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))  # bound, never listening: a connection is refused
        result = _run(["report", str(plan), "-o", str(path)], cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.decode().startswith(f"hcplan: error: cannot write {path}: it is a socket")
    assert stat.S_ISSOCK(os.lstat(path).st_mode)
