"""hcplan's benchmark: start-up, scale and memory, side by side with the tools
people would otherwise use (yamllint, check-jsonschema).

Run it with ``make bench``: that builds bench/.venv with hcplan, yamllint and
check-jsonschema, generates its own data in a temporary folder, and prints a
table of medians and of ratios to ``python -c pass`` measured in the same run
(this machine is shared and noisy: absolute times alone mean little).

Only the standard library is used to measure, so the figures are hcplan's
own; the returns workbook the import reads is filled in with openpyxl, which
hcplan itself depends on.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "plans" / "2024-25" / "plan.yaml"
PLANS = REPO / "plans"


@dataclass
class Result:
    name: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kb: int = 0
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def run_once(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, int, int]:
    """Wall time, peak RSS of the process tree's largest process (kB), exit code."""
    elapsed, _, peak, code = run_timed(argv, env, cwd)
    return elapsed, peak, code


def run_timed(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, float, int, int]:
    """Wall time, CPU time (user and system, of the process and the workers it
    waited for), peak RSS of the tree's largest process (kB), exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode


def measure(
    name: str,
    argv: list[str],
    env: dict[str, str] | Callable[[], dict[str, str]],
    runs: int,
    *,
    before=None,
    expect: tuple[int, ...] = (0, 1),
    cwd: Path | None = None,
) -> Result:
    """Run ``argv`` ``runs`` times; ``env`` may be a function giving each run its own."""
    result = Result(name)
    for _ in range(runs):
        if before is not None:
            before()
        elapsed, cpu, peak, code = run_timed(argv, env() if callable(env) else env, cwd)
        if code not in expect:
            raise SystemExit(f"{name}: {' '.join(argv)} exited {code}")
        result.times.append(elapsed)
        result.cpu.append(cpu)
        result.peak_kb = max(result.peak_kb, peak)
    return result


# --- data -------------------------------------------------------------------------


def copies(folder: Path, count: int) -> Path:
    """``count`` copies of the 2024-25 plan, each with its own action IDs."""
    folder.mkdir(parents=True, exist_ok=True)
    text = PLAN.read_text(encoding="utf-8")
    for i in range(count):
        varied = re.sub(r'id: "(\d+)\.(\d+)"', lambda m, i=i: f'id: "{m.group(1)}.{m.group(2)}.{i}"', text)
        varied = varied.replace("title: Merton Hate Crime Work Plan 2024-2025", f"title: Plan {i} 2024-2025")
        (folder / f"plan-{i:04d}.yaml").write_text(varied, encoding="utf-8")
    return folder


def big_plan(path: Path, actions: int = 1000) -> Path:
    """A plan with ``actions`` actions, each with a history (about 1.7 MB)."""
    head = PLAN.read_text(encoding="utf-8").split("\nthemes:\n")[0]
    out = [head, "themes:"]
    per_theme = actions // 4
    for t in range(1, 5):
        out += [f"  - number: {t}", f"    name: Theme {t}", "    objectives:"]
        for o in range(per_theme // 10):
            objective = f"{t}{o:02d}"
            out += [f'      - id: "{objective}"', f"        text: Objective {objective}, to reduce hate crime and support victims across the borough", "        actions:"]
            for a in range(10):
                out += [
                    f'          - id: "{objective}.{a + 1}"',
                    "            text: Work with partners to raise awareness of hate crime, promote the ways to report it and support victims through every stage.",
                    "            leads: [Safer Merton, Police]",
                    f"            due: Q{a % 4 + 1} Year 1",
                    "            status: In Progress/On Going",
                    "            updates:",
                ]
                for u in range(6):
                    out += [
                        f"              - date: 2024-{u + 4:02d}-1{u}",
                        "                text: Discussed at the Hate Crime Strategy Group; partners agreed the next steps and the lead will report back at the following meeting with figures.",
                    ]
                out.append("                status: In Progress/On Going")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def filled_returns(hcplan: str, plan: Path, out: Path, returns: int = 200) -> Path:
    """The plan's returns workbook (hcplan export), with ``returns`` rows filled in
    as a partner would, spread through the sheet."""
    import datetime

    import openpyxl

    subprocess.run([hcplan, "export", str(plan), "-o", str(out), "--as-of", "2025-01-06"], check=True, capture_output=True)
    book = openpyxl.load_workbook(out)
    sheet = book["Returns"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    rows = list(range(2, sheet.max_row + 1))
    step = max(1, len(rows) // returns)
    for n, row in enumerate(rows[::step][:returns]):
        sheet.cell(row=row, column=columns["New rating"]).value = "behind" if n % 2 else "In progress"
        sheet.cell(row=row, column=columns["Update"]).value = f"Return {n}: partners met and agreed the next steps."
        sheet.cell(row=row, column=columns["Update date"]).value = datetime.datetime(2025, 1, 10)
    book.save(out)
    return out


def huge_file(path: Path, megabytes: int = 20) -> Path:
    line = "  - " + "x" * 96 + "\n"
    with path.open("w") as handle:
        handle.write("notes:\n")
        handle.write(line * (megabytes * 1_000_000 // len(line)))
    return path


# --- the run ------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per measurement (median taken)")
    parser.add_argument("--quick", action="store_true", help="fewer runs and files, for a smoke test")
    parser.add_argument("--startup-only", action="store_true", help="only the start-up measurements")
    parser.add_argument("--publishing-only", action="store_true", help="only Word, PDF and the site")
    parser.add_argument(
        "--partners-only", action="store_true", help="only update, export and import of the 1,000-action plan"
    )
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    bindir = Path(sys.executable).parent
    hcplan = str(bindir / "hcplan")
    python = sys.executable
    for tool in ("hcplan",) if args.publishing_only else ("hcplan", "yamllint", "check-jsonschema"):
        if not (bindir / tool).exists():
            raise SystemExit(f"{tool} is not installed beside {python}; run `make bench`")

    work = Path(tempfile.mkdtemp(prefix="hcplan-bench-"))
    # As a user runs it: compiled bytecode kept (some sandboxes set
    # PYTHONDONTWRITEBYTECODE, which would recompile hcplan on every start).
    env = {k: v for k, v in os.environ.items() if not k.startswith("HCPLAN_") and k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    subprocess.run([python, "-m", "compileall", "-q", str(REPO / "src")], check=True)
    warm_cache = work / "cache-warm"
    warm = {**env, "HCPLAN_CACHE_DIR": str(warm_cache)}
    cold_caches = iter(range(10**6))

    def cold_env() -> dict[str, str]:
        return {**env, "HCPLAN_CACHE_DIR": str(work / f"cache-cold-{next(cold_caches)}")}

    if args.publishing_only:
        print_publishing_table(publishing(work, env, hcplan, quick=args.quick))
        shutil.rmtree(work, ignore_errors=True)
        return
    schema = work / "plan.schema.json"
    schema.write_bytes(subprocess.run([hcplan, "schema"], capture_output=True, check=True).stdout)
    results: list[Result] = []
    floor_name = "python -c pass"

    def add(result: Result) -> Result:
        results.append(result)
        print(f"  {result.name}: {result.median * 1000:.1f} ms", file=sys.stderr, flush=True)
        return result

    print("measuring start-up on the shipped plans...", file=sys.stderr)
    subprocess.run([hcplan, "check", str(PLANS)], env=warm, capture_output=True)
    # The shipped plans have ended: --ended answers for them (rather than leaving them out).
    subprocess.run([hcplan, "overdue", str(PLANS), "--ended"], env=warm, capture_output=True)
    # Interleaved: each round runs every command once, so that the machine's
    # ups and downs fall on all of them alike and the ratios hold.
    startup = [
        (floor_name, [python, "-c", "pass"], lambda: env),
        ("hcplan --help", [hcplan, "--help"], lambda: env),
        ("hcplan check (cold)", [hcplan, "check", str(PLANS)], cold_env),
        ("hcplan check (warm)", [hcplan, "check", str(PLANS)], lambda: warm),
        ("hcplan overdue (cold)", [hcplan, "overdue", str(PLANS), "--ended"], cold_env),
        ("hcplan overdue (warm)", [hcplan, "overdue", str(PLANS), "--ended"], lambda: warm),
    ]
    if args.partners_only:
        startup = startup[:1]  # the floor the ratios are taken against
    measured = {name: Result(name) for name, _, _ in startup}
    for _ in range(runs):
        for name, argv, make_env in startup:
            elapsed, peak, _ = run_once(argv, make_env())
            measured[name].times.append(elapsed)
            measured[name].peak_kb = max(measured[name].peak_kb, peak)
    for result in measured.values():
        add(result)
    floor = measured[floor_name]

    def changes_to_the_big_plan(big: Path, big_copy: Path, runs: int) -> None:
        """hcplan update, export and import (of 200 returns) on the 1,000-action plan,
        interleaved: each round runs each once, so that the machine's ups and downs
        fall on all of them alike."""
        returns = filled_returns(hcplan, big, work / "returns.xlsx")

        def fresh() -> None:
            shutil.copy(big, big_copy)

        export = [hcplan, "export", str(big), "-o", str(work / "big.xlsx")]
        update = [hcplan, "update", str(big_copy), "100.1", "--note", "Reviewed.", "--date", "2025-01-15"]
        import_ = [hcplan, "import", str(big_copy), str(returns)]
        # Warm: the cache holds the plan, as it does after the export made for the meeting
        # (or any command that read the plan since it last changed). Cold: it does not.
        rounds = [
            ("hcplan update, 1,000-action plan (warm)", update, fresh, lambda: warm),
            ("hcplan update, 1,000-action plan (cold)", update, fresh, cold_env),
            ("hcplan export --format xlsx, 1,000-action plan (cold)", export, None, cold_env),
            ("hcplan export --format xlsx, 1,000-action plan (warm)", export, None, lambda: warm),
            ("hcplan import, 200 returns into the 1,000-action plan (warm)", import_, fresh, lambda: warm),
            ("hcplan import, 200 returns into the 1,000-action plan (cold)", import_, fresh, cold_env),
        ]
        run_once(export, warm)  # fills the warm cache
        found = {name: Result(name) for name, _, _, _ in rounds}
        for _ in range(runs):
            for name, argv, before, make_env in rounds:
                if before is not None:
                    before()
                elapsed, peak, code = run_once(argv, make_env())
                if code != 0:
                    raise SystemExit(f"{name}: {' '.join(argv)} exited {code}")
                found[name].times.append(elapsed)
                found[name].peak_kb = max(found[name].peak_kb, peak)
        for result in found.values():
            add(result)

    if args.partners_only:
        (work / "big").mkdir()
        big = big_plan(work / "big" / "plan.yaml")
        (work / "big-update").mkdir()
        changes_to_the_big_plan(big, work / "big-update" / "plan.yaml", max(1, runs // 3))
        print_table(results, floor, [], big.stat().st_size, 0)
        shutil.rmtree(work, ignore_errors=True)
        return
    if args.startup_only:
        print_table(results, floor, [], 0, 0)
        return
    plan_copy = work / "update" / "plan.yaml"
    plan_copy.parent.mkdir()

    def fresh_copy() -> None:
        shutil.copy(PLAN, plan_copy)

    add(
        measure(
            "hcplan update",
            [hcplan, "update", str(plan_copy), "5.2", "--note", "Two centres trained.", "--status", "in prog", "--date", "2025-01-15"],
            env,
            runs,
            before=fresh_copy,
            expect=(0,),
        )
    )
    add(measure("hcplan calendar (shipped plans)", [hcplan, "calendar", str(PLANS), "-o", str(work / "plans.ics")], env, runs, expect=(0,)))
    add(measure("yamllint (one plan)", [str(bindir / "yamllint"), str(PLAN)], env, runs))
    add(measure("check-jsonschema (one plan)", [str(bindir / "check-jsonschema"), "--schemafile", str(schema), str(PLAN)], env, runs))

    print("measuring scale...", file=sys.stderr)
    scale_runs = max(1, runs // 5)
    growth: list[tuple[int, Result]] = []
    for count in ((10, 100) if args.quick else (10, 100, 1000)):
        folder = copies(work / f"plans-{count}", count)
        growth.append((count, add(measure(f"hcplan check, {count} files (cold)", [hcplan, "check", str(folder)], cold_env, scale_runs))))
    many = work / f"plans-{growth[-1][0]}"
    files = sorted(str(p) for p in many.glob("*.yaml"))
    add(measure(f"hcplan check, {len(files)} files (warm)", [hcplan, "check", str(many)], warm, 1))
    add(measure(f"hcplan check, {len(files)} files (warm)", [hcplan, "check", str(many)], warm, scale_runs))
    results.pop(-2)  # the first warm run filled the cache
    # Every output format over every plan, as of a day when nearly every action is overdue
    # (53,000 rows, each not done by the end of its plan, which --ended keeps in):
    # memory must stay flat however many plans there are.
    late = ["--as-of", "2025-06-01", "--ended"]
    for fmt in ("text", "json", "csv"):
        add(measure(f"hcplan overdue -f {fmt}, {len(files)} files (cold)", [hcplan, "overdue", str(many), "-f", fmt, *late], cold_env, scale_runs))
    subprocess.run([hcplan, "list", str(many), *late], env=warm, capture_output=True)
    for fmt in ("text", "json", "csv"):
        add(measure(f"hcplan list -f {fmt}, {len(files)} files (warm)", [hcplan, "list", str(many), "-f", fmt, *late], warm, scale_runs))
    add(measure(f"yamllint, {len(files)} files", [str(bindir / "yamllint"), *files], env, scale_runs))
    add(measure(f"check-jsonschema, {len(files)} files", [str(bindir / "check-jsonschema"), "--schemafile", str(schema), *files], env, scale_runs))

    (work / "big").mkdir()
    big = big_plan(work / "big" / "plan.yaml")
    big_copy = work / "big-update" / "plan.yaml"
    big_copy.parent.mkdir()
    add(measure("hcplan check, 1,000-action plan (cold)", [hcplan, "check", str(big)], cold_env, scale_runs))
    add(measure("hcplan overdue, 1,000-action plan (cold)", [hcplan, "overdue", str(big)], cold_env, scale_runs))
    changes_to_the_big_plan(big, big_copy, scale_runs)
    add(measure("hcplan report --format html, 1,000-action plan", [hcplan, "report", str(big), "-f", "html", "--template", "plan", "-o", str(work / "big.html")], env, scale_runs))
    add(measure("hcplan calendar, 1,000-action plan", [hcplan, "calendar", str(big), "-o", str(work / "big.ics")], env, scale_runs, expect=(0,)))
    huge = huge_file(work / "huge.yaml")
    add(measure("hcplan check, 20 MB file (refused)", [hcplan, "check", str(huge)], cold_env, scale_runs, expect=(1,)))

    print_table(results, floor, growth, big.stat().st_size, len(files))
    print()
    print_publishing_table(publishing(work, env, hcplan, quick=args.quick))
    shutil.rmtree(work, ignore_errors=True)


# --- publishing: Word, PDF and the site -----------------------------------------------

PUBLISHING_TARGETS = {
    "Word, 1,000-action plan (the whole plan, plan read afresh)": 3.0,
    "Word, 1,000-action plan (the whole plan, plan in the cache)": 3.0,
    "PDF, 1,000-action plan (annual review)": 10.0,
    "PDF, 1,000-action plan (the whole plan)": 10.0,
    "site, 50 plans, html and Word (first build)": 30.0,
    "site, 50 plans (one plan changed)": 30.0,
}


def publishing(work: Path, env: dict[str, str], hcplan: str, *, quick: bool) -> list[Result]:
    """Word and PDF of the 1,000-action plan, and the site of 50 plans: first builds and a rebuild."""
    print("measuring publishing...", file=sys.stderr)
    results = []

    def add(result: Result, note: str = "") -> None:
        result.note = note
        results.append(result)
        print(f"  {result.name}: {result.median:.1f} s", file=sys.stderr, flush=True)

    folder = work / "publishing"
    folder.mkdir(exist_ok=True)
    big = big_plan(folder / "plan.yaml")
    runs = 1 if quick else 3
    day = "2025-01-15"
    # A report reads its plan through the checks' cache, as check does:
    # "afresh" is a plan changed since hcplan last read it (an empty cache
    # each run), "in the cache" one reported or checked before.
    fresh = iter(range(10**6))

    def cold() -> dict[str, str]:
        return {**env, "HCPLAN_CACHE_DIR": str(work / f"publishing-cache-{next(fresh)}")}

    warm = cold()
    word = [hcplan, "report", str(big), "--template", "plan", "--as-of", day, "-o", str(folder / "plan.docx")]
    run_once(word, warm)  # fills the warm cache
    add(measure("Word, 1,000-action plan (the whole plan, plan read afresh)", word, cold, runs, expect=(0,)))
    add(measure("Word, 1,000-action plan (the whole plan, plan in the cache)", word, warm, runs, expect=(0,)))
    add(measure("PDF, 1,000-action plan (annual review)", [hcplan, "report", str(big), "--template", "annual", "--as-of", day, "-o", str(folder / "annual.pdf")], warm, runs, expect=(0,)))
    add(measure("PDF, 1,000-action plan (review pack)", [hcplan, "report", str(big), "--template", "review", "--as-of", day, "-o", str(folder / "review.pdf")], warm, 1, expect=(0,)))
    add(measure("PDF, 1,000-action plan (the whole plan)", [hcplan, "report", str(big), "--template", "plan", "--as-of", day, "-o", str(folder / "plan.pdf")], warm, 1, expect=(0,)))
    # The same rows as a bare table, in WeasyPrint alone: the floor under the line above.
    floor = [sys.executable, str(REPO / "bench" / "weasyprint_floor.py"), "1000", str(folder / "floor.pdf")]
    add(measure("PDF, WeasyPrint alone: a bare table of 1,000 such rows", floor, env, 1, expect=(0,)))
    names = ("annual", "review", "plan", "floor")
    pages = {name: _pdf_pages(folder / f"{name}.pdf") for name in names}
    for result, name in zip(results[2:], names, strict=False):
        result.note = f"{pages[name]} pages"

    plans = copies(work / "site-plans", 50)
    site = work / "site"
    first = [hcplan, "site", str(plans), "-o", str(site), "--as-of", day, "-q"]
    clear = lambda: shutil.rmtree(site, ignore_errors=True)  # noqa: E731
    # First builds read every plan afresh; rebuilds find the unchanged ones in the cache.
    site_cache = cold()
    add(measure("site, 50 plans, html and Word (first build)", [*first, "--formats", "html,docx"], cold, 1, before=clear, expect=(0,)))
    add(measure("site, 50 plans, html, Word and PDF (first build)", first, lambda: site_cache, 1, before=clear, expect=(0,)))
    changed = plans / "plan-0000.yaml"
    original = changed.read_text(encoding="utf-8")
    edits = iter(range(10**6))

    def change_one() -> None:
        changed.write_text(original + f"# edited {next(edits)}\n", encoding="utf-8")

    add(measure("site, 50 plans (one plan changed)", first, site_cache, runs, before=change_one, expect=(0,)))
    add(measure("site, 50 plans (nothing changed)", first, site_cache, runs, expect=(0,)))
    return results


def _pdf_pages(path: Path) -> int:
    """Pages of a PDF, counted from its page objects, in compressed object streams too (standard library only)."""
    import zlib

    data = path.read_bytes()
    found = len(re.findall(rb"/Type\s*/Page\b", data))
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            found += len(re.findall(rb"/Type\s*/Page\b", zlib.decompress(stream)))
        except zlib.error:
            continue
    return found


def print_publishing_table(results: list[Result]) -> None:
    lines = [
        f"Load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5, 15 min) at the end. "
        f"Publishing, medians on {os.cpu_count()} cores (the 1,000-action plan as above; 50 copies of the 2024-25 plan for the site):",
        "",
        "| measurement | median | CPU (median) | peak memory | target | met | note |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for r in results:
        bound = PUBLISHING_TARGETS.get(r.name)
        target, met = (f"< {bound:.0f} s", "yes" if r.median < bound else "no") if bound else ("", "")
        cpu = f"{statistics.median(r.cpu):,.1f} s" if r.cpu else ""
        lines.append(
            f"| {r.name} | {r.median:,.1f} s | {cpu} | {r.peak_kb / 1024:,.0f} MB | {target} | {met} | {r.note} |"
        )
    print("\n".join(lines))


#: What each measurement must meet: a ratio to `python -c pass`, seconds, or peak megabytes.
TARGETS: dict[str, list[tuple[str, float]]] = {
    "hcplan --help": [("ratio", 6.5)],
    "hcplan check (cold)": [("ratio", 15)],
    "hcplan check (warm)": [("ratio", 7)],
    "hcplan overdue (cold)": [("ratio", 15)],
    "hcplan overdue (warm)": [("ratio", 7)],
    "hcplan update": [("ratio", 25)],
    "hcplan update, 1,000-action plan (warm)": [("seconds", 1.0)],
    "hcplan update, 1,000-action plan (cold)": [("seconds", 1.0)],
    "hcplan report --format html, 1,000-action plan": [("seconds", 2.0)],
    "hcplan check, 20 MB file (refused)": [("seconds", 4.0)],
    "hcplan export --format xlsx, 1,000-action plan (cold)": [("seconds", 1.0)],
    "hcplan export --format xlsx, 1,000-action plan (warm)": [("seconds", 1.0)],
    "hcplan import, 200 returns into the 1,000-action plan (warm)": [("seconds", 1.0)],
    "hcplan import, 200 returns into the 1,000-action plan (cold)": [("seconds", 1.0)],
    "hcplan calendar, 1,000-action plan": [("seconds", 2.0)],
    **{
        f"hcplan {command} -f {fmt}, 1000 files ({state})": [("memory", 150)]
        for command, state in (("overdue", "cold"), ("list", "warm"))
        for fmt in ("text", "json", "csv")
    },
}


def _meets(result: Result, base: float) -> tuple[str, str]:
    """The targets of ``result`` in words, and whether it meets them all."""
    words, met = [], []
    for kind, bound in TARGETS.get(result.name, []):
        if kind == "ratio":
            words.append(f"≤ {bound}×")
            met.append(result.median / base <= bound)
        elif kind == "seconds":
            words.append(f"< {bound} s")
            met.append(result.median < bound)
        else:
            words.append(f"< {bound:.0f} MB")
            met.append(result.peak_kb / 1024 < bound)
    return "; ".join(words), ("yes" if all(met) else "no") if met else ""


def print_table(results: list[Result], floor: Result, growth: list[tuple[int, Result]], big_size: int, count: int) -> None:
    base = floor.median
    lines = [
        f"Medians of several runs on {os.cpu_count()} cores, Python {sys.version.split()[0]}; ratio = time / `python -c pass` in the same run.",
        "",
        "| measurement | median | ratio | peak memory | target | met |",
        "|---|---:|---:|---:|---|---|",
    ]
    by_name = {r.name: r for r in results}
    for r in results:
        target, met = _meets(r, base)
        lines.append(
            f"| {r.name} | {r.median * 1000:,.0f} ms | {r.median / base:.1f}× | "
            f"{r.peak_kb / 1024:,.0f} MB | {target} | {met} |"
        )
    hc = by_name.get(f"hcplan check, {count} files (cold)")
    yl = by_name.get(f"yamllint, {count} files")
    cj = by_name.get(f"check-jsonschema, {count} files")
    lines.append("")
    if hc and yl and cj:
        lines.append(
            f"{count:,} plans: hcplan check (cold) is {yl.median / hc.median:.1f}× faster than yamllint and "
            f"{cj.median / hc.median:.1f}× faster than check-jsonschema (target: ≥ 3×); "
            f"peak memory {hc.peak_kb / 1024:,.0f} MB (target: < 150 MB)."
        )
    # Start-up is paid once per run; what must stay flat is the time each
    # further file adds.
    steps = [
        f"{a:,} to {b:,} files {(rb.median - ra.median) / (b - a) * 1000:.2f} ms per added file"
        for (a, ra), (b, rb) in zip(growth, growth[1:], strict=False)
    ]
    if steps:
        lines.append("Growth, hcplan check (cold): " + "; ".join(steps) + ".")
    if big_size:
        lines.append(f"The 1,000-action plan is {big_size / 1e6:.1f} MB.")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
