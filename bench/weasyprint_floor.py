"""The floor under hcplan's printed plan: WeasyPrint alone, laying out a bare
A4 landscape table of ``N`` rows with the text of the bench's 1,000-action
plan (each action's text, leads, due, rating and latest update, the columns
of the printed plan) and writing it as a tagged PDF, as hcplan does.

No hcplan, no template, one short stylesheet: what any PDF of that much text
made with WeasyPrint costs on this machine. ``bench/run.py`` times it next to
hcplan's own PDF of the plan.

    python bench/weasyprint_floor.py 1000 out.pdf
"""

from __future__ import annotations

import logging
import sys

ACTION = (
    "Work with partners to raise awareness of hate crime, promote the ways to report it and support victims "
    "through every stage."
)
UPDATE = (
    "15 September 2024 (rated In Progress/On Going): Discussed at the Hate Crime Strategy Group; partners agreed "
    "the next steps and the lead will report back at the following meeting with figures."
)
STYLE = """
@page { size: A4 landscape; margin: 16mm 15mm 20mm;
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial } }
body { font: 9pt/1.4 Arial, "Liberation Sans", sans-serif }
table { table-layout: fixed; width: 100%; border-collapse: collapse }
th, td { border: 1px solid #cbd2dc; padding: 2pt 4pt; vertical-align: top; text-align: left }
tr { break-inside: avoid } thead { display: table-header-group }
.a { width: 5% } .c { width: 12% } .d { width: 11% } .e { width: 11% } .f { width: 31% }
"""


def html(rows: int) -> str:
    head = (
        '<thead><tr><th class="a">ID</th><th>Action</th><th class="c">Lead</th><th class="d">Due</th>'
        '<th class="e">Rating</th><th class="f">Progress</th></tr></thead>'
    )
    body = "".join(
        f"<tr><td>{n}</td><td>{ACTION}</td><td>Safer Merton, Police</td><td>Q1 Year 1 (April to June 2024)</td>"
        f"<td>In Progress/On Going</td><td>{UPDATE}</td></tr>"
        for n in range(rows)
    )
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Floor</title><style>{STYLE}</style>'
        f"</head><body><table>{head}<tbody>{body}</tbody></table></body></html>"
    )


def main() -> None:
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    rows, out = int(sys.argv[1]), sys.argv[2]
    document = weasyprint.HTML(string=html(rows))
    document.write_pdf(out, pdf_variant="pdf/ua-1", pdf_tags=True)


if __name__ == "__main__":
    main()
