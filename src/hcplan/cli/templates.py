"""``hcplan templates``: where the templates are, to copy one."""

import sys


def templates_cli() -> None:
    """List every template hcplan uses, and the folder they are in.

    The report templates (hcplan report), the pieces they include, and the
    pages of the site (hcplan site). To change a report, copy a template out
    of that folder, edit the copy and pass its path: hcplan report PLAN
    --template my-review.html.j2. A copy can still include the shipped pieces
    (_base.html.j2, _html.j2, _actions.md.j2). To change the site's pages,
    copy them into a folder's site/ and pass the folder: hcplan site PLANS
    --templates DIR. templates/README.md lists what a template can use.
    """
    from hcplan.outputs.report import shipped_templates, template_dir

    sys.stdout.write(f"{template_dir()}\n")
    for group in shipped_templates():
        sys.stdout.write(f"\n{group.title}:\n")
        for name in group.files:
            sys.stdout.write(f"  {name}\n")
