"""Work beside a command (hcplan.aside): a large plan parsed in a child process while
the model loads, its cache entry written by another while the command goes on. The
answers must be the ones worked out in the process itself, problems included, and a
child must leave nothing of its parent's behind (output, locks, exit handlers)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import MINIMAL, REPO, interrupted
from hcplan.aside import Aside, beside, cores, finish, forking
from hcplan.checking.loader import ASIDE_FROM, load_source
from hcplan.files.reader import parse, read_file

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or cores() < 2, reason="work goes beside only on Linux with a second core"
)


def large(tmp_path: Path, extra: str = "", name: str = "plan.yaml") -> Path:
    """MINIMAL with enough actions to be parsed beside, and ``extra`` after them."""
    actions = "".join(
        f"""\
          - id: "1.{n}"
            text: Work with schools and colleges on the reporting of hate incidents, part {n}
            leads: [Safer Anytown]
            due: Q{1 + n % 4} Year 1
            updates:
              - date: 2024-06-{1 + n % 28:02d}
                text: Met the partners; the next steps were agreed and will be reported at the next meeting.
"""
        for n in range(3, 1200)
    )
    path = tmp_path / name
    path.write_text(MINIMAL + actions + extra)
    assert path.stat().st_size >= ASIDE_FROM
    return path


def large_returns(tmp_path: Path, update: str) -> tuple[Path, Path, dict[str, str]]:
    """A large plan, its returns workbook (exported by hcplan in a process of its own) with
    ``update`` for action 1.2, and the environment that ran it."""
    from workbooks import fill

    plan = large(tmp_path)
    env = {**os.environ, "HCPLAN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO / "src")}
    book = tmp_path / "returns.xlsx"
    made = subprocess.run([sys.executable, "-m", "hcplan", "export", str(plan), "-o", str(book), "--as-of", "2024-07-01"],
                          capture_output=True, text=True, env=env)  # fmt: skip
    assert made.returncode == 0, made.stderr
    fill(book, {"1.2": (None, update, None)})
    return plan, book, env


def loaded_here(path: Path, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as here:
        here.setenv("HCPLAN_NO_FORK", "1")
        assert not forking()
        return load_source(read_file(str(path)))


def test_a_large_plan_parsed_beside_is_the_plan_read_here(tmp_path, monkeypatch):
    source = read_file(str(large(tmp_path)))
    aside = Aside(lambda: parse(source)[0])
    assert aside.pid  # a child is working it out
    assert aside.result() == parse(source)[0]
    beside_it = load_source(source)
    here = loaded_here(Path(source.path), monkeypatch)
    assert beside_it.plan is not None and beside_it.plan == here.plan
    assert beside_it.problems == here.problems


@pytest.mark.parametrize(
    "extra",
    [
        "          - id: \"1.9999\"\n            text: Twice\n            text: again\n",  # a key written twice: read on
        "          - id: \"1.9999\"\n\ttext: a tab\n",  # stops the reading
        "          - id: \"1.2\"\n            text: An ID used twice\n",  # valid YAML, an error of the plan
    ],
)
def test_a_large_plan_with_problems_says_the_same_problems(tmp_path, monkeypatch, extra):
    path = large(tmp_path, extra)
    beside_it = load_source(read_file(str(path)))
    here = loaded_here(path, monkeypatch)
    assert beside_it.problems and beside_it.problems == here.problems
    assert (beside_it.plan is None) == (here.plan is None)


def test_a_child_gives_nothing_when_its_work_fails():
    def fails():
        raise ValueError("no")

    aside = Aside(fails)
    assert aside.pid
    assert aside.result() is None


def test_a_childs_value_unasked_for_is_stopped_at_the_end():
    aside = Aside(lambda: "x" * (8 << 20))  # more than a pipe holds: the child waits to write
    pid = aside.pid
    assert pid
    finish()  # does not wait for ever on a child that waits for its reader
    with pytest.raises(ChildProcessError):  # and leaves none behind
        os.waitpid(pid, os.WNOHANG)


def run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60
    )


def test_work_beside_is_done_before_the_process_ends_and_says_nothing(tmp_path):
    done = run(
        """
        import sys, time
        from hcplan.aside import beside

        def work():
            print("from the child"); print("from the child", file=sys.stderr)
            time.sleep(0.5)
            open("done", "w").write("yes")

        beside(work)
        print("parent")
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("parent\n", "")
    assert (tmp_path / "done").read_text() == "yes"  # the parent waited for it at exit


def test_a_child_holds_no_lock_of_its_parent(tmp_path):
    """A plan's lock is released when the command lets it go, not when a child beside it ends."""
    done = run(
        """
        import fcntl, subprocess, sys, time
        from hcplan.aside import beside

        lock = open("lock", "w")
        fcntl.flock(lock, fcntl.LOCK_EX)
        beside(time.sleep, 5)
        lock.close()
        probe = "import fcntl; fcntl.flock(open('lock', 'w'), fcntl.LOCK_EX | fcntl.LOCK_NB)"
        print(subprocess.run([sys.executable, "-c", probe]).returncode)
        """,
        tmp_path,
    )
    assert done.stdout == "0\n", done.stderr


def test_no_child_while_a_thread_runs():
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forking()
        assert not Aside(lambda: 1).pid
        found = []
        beside(found.append, 1)  # done here and now
        assert found == [1]
    finally:
        stop.set()
        thread.join()


def test_a_large_plans_cache_entry_is_written_beside(tmp_path):
    path = large(tmp_path)
    env = {**os.environ, "HCPLAN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "hcplan", "list", str(path), "--lead", "Police"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "cache").glob("*/*/*.plan"))) == 1


def test_returns_on_standard_input_or_a_pipe_beside_a_large_workbook_are_read(tmp_path):
    """A large workbook is read by a child; standard input (`-`) and a shell's pipe
    (`<(...)`, /dev/fd/N) are this process's own, and a child would find them empty."""
    from hcplan.files.returns_in import PARALLEL_BYTES

    plan, book, env = large_returns(tmp_path, "From the workbook.")
    assert book.stat().st_size >= PARALLEL_BYTES
    piped = "ID,Update,Update date\n1.5,From the pipe.,2024-07-01\n"
    stdin = "ID,Update,Update date\n1.3,From standard input.,2024-07-01\n"
    done = subprocess.run(
        ["bash", "-c", 'exec "$0" -m hcplan import "$1" "$2" - <(printf %s "$3") --date 2024-07-02',
         sys.executable, str(plan), str(book), piped],
        input=stdin, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Recorded 3 returns from 3 files in {plan}:"), done.stdout
    text = plan.read_text()
    assert "From the workbook." in text and "From the pipe." in text and "From standard input." in text


@pytest.mark.parametrize("delay", [0.15, 0.3, 0.45, 0.6])
def test_ctrl_c_while_a_child_works_exits_130_and_leaves_no_process(tmp_path, delay):
    """Ctrl-C (to the whole process group, as a terminal sends it) at moments of a cold
    read of a large plan, while its child parses and then writes the cache entry."""
    path = large(tmp_path)
    env = {**os.environ, "HCPLAN_CACHE_DIR": str(tmp_path / f"cache-{delay}"), "PYTHONPATH": str(REPO / "src")}
    status, err = interrupted([sys.executable, "-m", "hcplan", "list", str(path)], env, delay)
    assert status in (0, 130), err  # 0: it had finished
    assert "Traceback" not in err


def test_a_child_that_cannot_be_set_up_runs_none_of_its_parents_code(tmp_path):
    """A child that fails before its work (no descriptor left for the null device, no /proc)
    ends there: it once went on as the parent, printing the command's output twice and
    unlocking the plan's lock it shared."""
    done = run(
        """
        import hcplan.aside as aside

        def broken(keep):
            raise OSError(24, "Too many open files")

        aside._child = broken
        print(aside.Aside(lambda: 1).result())
        aside.beside(print, "from the child")
        print("parent")
        """,
        tmp_path,
    )
    assert (done.stdout, done.stderr) == ("None\nparent\n", "")


def test_no_child_when_the_system_would_reap_it_and_hcplan_restores_that(tmp_path):
    done = run(
        """
        import signal
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # as a shell or service may pass it on
        from hcplan.aside import Aside, forking
        print(forking(), Aside(lambda: 1).pid)
        from hcplan.cli.process import tune
        tune()
        print(forking(), Aside(lambda: 1).result())
        """,
        tmp_path,
    )
    assert done.stdout == "False 0\nTrue 1\n", done.stderr


@pytest.mark.parametrize("name", ["/dev/stdin", "/dev/fd/3", "link"])
def test_returns_named_through_this_processs_descriptors_are_read(tmp_path, name):
    """/dev/stdin and /dev/fd/3 name a regular file here, but a child has no such descriptors."""
    plan, book, env = large_returns(tmp_path, "Through a descriptor.")
    (tmp_path / "link").symlink_to("/dev/stdin")
    with open(book, "rb") as given:
        done = subprocess.run(
            [sys.executable, "-m", "hcplan", "import", str(plan), name, "--date", "2024-07-02"],
            stdin=given if name != "/dev/fd/3" else subprocess.DEVNULL, pass_fds=(3,) if name == "/dev/fd/3" else (),
            capture_output=True, text=True, env=env, cwd=tmp_path,
            preexec_fn=(lambda: os.dup2(given.fileno(), 3)) if name == "/dev/fd/3" else None,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Through a descriptor." in plan.read_text()
