"""Print-ready PDFs of the reports, made from their HTML with WeasyPrint.

The PDF is the HTML report laid out by its own print stylesheet
(``_base.html.j2``: A4, the title and "Page N of M" in the footer of every
page, headings kept with what follows, table rows and tiles whole), so a
changed HTML template changes the PDF too, and printing the HTML from a
browser gives the same pages.

The PDF is tagged (PDF/UA-1: headings, tables, lists and the alternative text
of charts reach a screen reader) and carries the HTML's title, author,
language and date. Nothing outside the report is ever read: the only
resources a report has are ``data:`` URIs (the logo), and any other URL is
refused.

What is only for the screen (class ``screen-only``, which the print
stylesheet hides) is taken out of the HTML before WeasyPrint reads it, as
the Word version takes out what is only for paper: the page is the same, and
WeasyPrint, which styles every element it is given, hidden or not, has far
less to do (the 1,000-action plan's earlier updates are five in six of its
list items).

WeasyPrint is an optional extra (``pip install 'hcplan[pdf]'``) because it
needs the Pango library of the system, which pip cannot install.
"""

from __future__ import annotations

from typing import Any

from hcplan.errors import HcplanError

INSTALL = "PDF output needs WeasyPrint: pip install 'hcplan[pdf]' (with pipx: pipx inject hcplan weasyprint)"
SYSTEM = (
    "WeasyPrint is installed but cannot load the Pango library it draws text with ({error}); "
    "on Debian or Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0; "
    "elsewhere see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"
)


class PdfError(HcplanError):
    """The PDF could not be made; the message says what to install or what went wrong."""


def weasyprint_module() -> Any:
    """WeasyPrint, or a :class:`PdfError` saying how to install what is missing."""
    try:
        import weasyprint
    except ImportError:
        raise PdfError(INSTALL) from None
    except OSError as exc:  # the Python package is there, the system library is not
        raise PdfError(SYSTEM.format(error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)) from None
    return weasyprint


def _fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that reads ``data:`` URIs and refuses everything else."""
    make = getattr(weasyprint, "URLFetcher", None)
    if make is not None:
        return make(allowed_protocols=("data",), fail_on_errors=False)

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:  # WeasyPrint before URLFetcher
        if url.startswith("data:"):
            return weasyprint.default_url_fetcher(url, *args, **kwargs)
        raise ValueError(f"hcplan reports fetch nothing: {url}")

    return fetch


def html_to_pdf(html: str) -> bytes:
    """The PDF bytes of the HTML report ``html``.

    Raises:
        PdfError: WeasyPrint or a system library it needs is missing.
    """
    import logging

    weasyprint = weasyprint_module()
    # WeasyPrint logs each CSS property it does not know (the screen-only
    # ones) as a warning; the report is still right, so keep them quiet.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=for_paper(html), url_fetcher=_fetcher(weasyprint), base_url="data:,")
    # presentational hints: width and height attributes size pictures, as in a browser
    data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, presentational_hints=True)
    if data is None:  # pragma: no cover - write_pdf returns bytes without a target
        raise PdfError("WeasyPrint made no PDF")
    return data


def for_paper(html: str) -> str:
    """``html`` without its elements of class ``screen-only`` (the print stylesheet hides them)."""
    if "screen-only" not in html:
        return html
    import lxml.html

    tree = lxml.html.document_fromstring(html.encode("utf-8"))
    hidden = tree.find_class("screen-only")
    if not hidden:
        return html
    for element in hidden:
        element.drop_tree()  # its tail, the text after it, stays
    return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")
