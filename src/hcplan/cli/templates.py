"""``hcplan templates``: where the report templates are, to copy one."""

import sys


def templates_cli() -> None:
    """List the report templates that ship with hcplan, and the folder they are in.

    To change a report, copy a template out of that folder, edit the copy and
    pass its path: hcplan report PLAN --template my-review.html.j2. A copy can
    still include the shipped pieces (_base.html.j2, _html.j2, _actions.md.j2).
    templates/README.md lists what a template can use.
    """
    from hcplan.outputs.report import template_dir

    folder = template_dir()
    sys.stdout.write(f"{folder}\n")
    for path in sorted(folder.glob("*.j2")):
        sys.stdout.write(f"  {path.name}\n")
