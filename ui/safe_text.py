"""Text shown in Markdown elements, made safe: user words never become HTML, links, maths or formatting.

Streamlit's Markdown never runs raw HTML without ``unsafe_allow_html`` (which this app never uses), but it
does render links, images, ``$maths$``, ``:colour[...]`` directives and emphasis. So:

- :func:`literal` escapes every Markdown character: the result shows exactly what the user typed;
- :func:`answer_markdown` keeps the assistant's own bold and bullet lists but neutralises HTML, links,
  images, maths and directives, because an answer may quote the question (e.g. "No trust matches '…'").
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&])")


def literal(text: object) -> str:
    """``text`` escaped so Markdown shows it character for character."""
    value = str(text).replace("\r\n", "\n")
    escaped = _MD_SPECIAL.sub(r"\\\1", value)
    return escaped.replace("\n", "  \n")


def answer_markdown(text: object) -> str:
    """The assistant's text with its **bold** and lists kept, and nothing that could act as markup or a link."""
    value = str(text).replace("\r\n", "\n")
    value = value.replace("\\", "\\\\")
    for char in "<>[]$`|~":
        value = value.replace(char, "\\" + char)
    value = value.replace("](", "]\\(")
    return value


def cell(text: object) -> str:
    """A value for a table cell (dataframes render text literally; this only normalises None)."""
    return "" if text is None else str(text)
