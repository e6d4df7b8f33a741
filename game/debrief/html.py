"""The debrief as one self-contained HTML file: inline CSS and inline SVG charts.

Nothing is fetched when it opens (no script, font, style sheet or image from anywhere),
so it can be mailed, printed or opened on a school computer with no network. Every text
of the report is escaped (a scenario file may name its regions anything).
"""

from __future__ import annotations

from html import escape

from . import charts
from .document import Block, Bullets, Chart, Heading, Para, Table

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #171717;
       max-width: 72rem; margin: 2rem auto; padding: 0 1.2rem; }
h1 { font-size: 1.7rem; margin-bottom: .3rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #d4d4d4; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .88rem; }
th, td { padding: .2rem .55rem; border-bottom: 1px solid #e5e5e5; text-align: left;
         vertical-align: top; }
th { background: #f5f5f5; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.bar { width: 8rem; }
td.bar span { display: inline-block; height: .7rem; background: #c2410c; }
td.bar span.neg { background: #1d4ed8; }
figure { margin: .8rem 0 1.2rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .85rem; color: #525252; }
.wide { overflow-x: auto; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
"""


def table(block: Table) -> str:
    def cell(tag: str, text: str, c: int) -> str:
        kind = ' class="n"' if block.is_numeric(c) else ""
        return f"<{tag}{kind}>{escape(text)}</{tag}>"

    head = "".join(cell("th", text, c) for c, text in enumerate(block.columns))
    if block.bars is not None:
        head += "<th></th>"
    rows = []
    for r, row in enumerate(block.rows):
        cells = "".join(cell("td", text, c) for c, text in enumerate(row))
        if block.bars is not None:
            share = block.bars[r]
            kind = ' class="neg"' if share < 0 else ""
            cells += (
                f'<td class="bar"><span{kind} style="width:{abs(share) * 100:.1f}%"></span></td>'
            )
        rows.append(f"<tr>{cells}</tr>")
    return f'<div class="wide"><table><tr>{head}</tr>{"".join(rows)}</table></div>'


def render(blocks: list[Block], title: str) -> str:
    """The report as an HTML document; raises ``charts.MissingPlotting`` without
    matplotlib."""
    body: list[str] = []
    for block in blocks:
        match block:
            case Heading(level=level, text=text):
                body.append(f"<h{level}>{escape(text)}</h{level}>")
            case Para(text=text):
                body.append(f"<p>{escape(text)}</p>")
            case Bullets(items=items):
                body.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
            case Table():
                body.append(table(block))
            case Chart(title=caption):
                body.append(
                    f"<figure>{charts.svg(block)}<figcaption>{escape(caption)}</figcaption></figure>"
                )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
