"""The printable registration slip (登记回执) handed to a petitioner after registration.

A small self-contained HTML page the browser prints: the case number, the query code and
how to look the matter up. Every text is escaped, so nothing typed can become markup.
"""

from __future__ import annotations

from html import escape


def registration_slip_html(title: str, rows: list[tuple[str, str]], note: str) -> bytes:
    """The slip as UTF-8 HTML; `rows` are (label, value) pairs, already in the reader's
    language (core does not translate)."""
    lines = "\n".join(
        f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>" for label, value in rows
    )
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #444; padding: .5em 1em; text-align: left; font-size: 1.2em; }}
</style></head>
<body onload="window.print()">
<h1>{escape(title)}</h1>
<table>
{lines}
</table>
<p>{escape(note)}</p>
</body></html>
"""
    return page.encode("utf-8")
