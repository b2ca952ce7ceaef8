"""Regenerate every file the tests compare byte for byte: ``make regen``.

- docs/cli.md, every command's --help (tests/test_cli_reference.py);
- docs/rules.md, the checker's rules (tests/test_rules.py);
- schema/plan.schema.json, the JSON Schema (tests/test_schema.py);
- tests/golden/*.md, the Markdown reports of the shipped plans (tests/test_report.py);
- tests/broken/expected.txt, what check says of each broken plan (tests/test_broken.py);
- tests/visual/*.png, the reference pictures of the PDF pages (tests/test_pdf.py),
  when the pdf extra and its system libraries are there (else it says so).

Run it after an intended change, then read ``git diff`` before committing:
each file is written exactly as its test will expect it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


def run(*args: str) -> str:
    """hcplan's standard output, as the tests run it: 80 columns, no colour, from the repository."""
    from typer.testing import CliRunner

    from hcplan.cli import app

    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "80"}, catch_exceptions=False)
    if result.exit_code not in (0, 1):
        raise SystemExit(f"hcplan {' '.join(args)} exited {result.exit_code}:\n{result.stderr}")
    return result.stdout


def write(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if old != text:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}")


def main() -> None:
    sys.path.insert(0, str(TESTS))
    os.chdir(REPO)
    import test_cli_reference
    import test_report
    import test_rules

    write(test_cli_reference.REFERENCE, test_cli_reference.reference())
    write(test_rules.REFERENCE, test_rules.reference())
    write(REPO / "schema" / "plan.schema.json", run("schema"))
    for name in test_report.NAMES:
        for plan, as_of, since in test_report.CASES:
            report = run("report", f"plans/{plan}/plan.yaml", "--template", name, "--as-of", as_of, "--since", since)
            write(test_report.GOLDEN / f"{name}-{plan}.md", report)
    write(TESTS / "broken" / "expected.txt", run("check", "--as-of", "2025-01-01", "tests/broken"))
    _pictures()


def _pictures() -> None:
    """The PDF pages' reference pictures: look at them before committing."""
    try:
        import test_pdf

        from hcplan.outputs.pdf import weasyprint_module

        weasyprint_module()
    except Exception as exc:  # noqa: BLE001 - whatever is missing, say it and go on
        print(f"the PDF pictures were not made ({type(exc).__name__}: {exc}); install the pdf extra and Pango")
        return
    test_pdf.regenerate()


if __name__ == "__main__":
    main()
