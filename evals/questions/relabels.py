"""Relabelling a dev item to a settled convention (see README.md in this folder): where two rounds' writers
disagree, the item's generator relabels it here, with the reason in its note, and the YAML it writes says so."""

from __future__ import annotations

from typing import Any


def relabel(items: list[dict[str, Any]], relabels: dict[str, tuple[str, str]]) -> None:
    """Set ``expect.intent`` of each item or conversation turn named in ``relabels`` (id, or 'id#turn') to the
    intent given, and add 'relabelled: <reason>' to its note."""
    for item in items:
        turns = [(item["id"], item)] if "turns" not in item else \
            [(f"{item['id']}#{n}", turn) for n, turn in enumerate(item["turns"])]
        for ident, turn in turns:
            if ident in relabels:
                intent, reason = relabels[ident]
                turn["expect"]["intent"] = intent
                turn["note"] = f"{turn.get('note') or ''}; relabelled: {reason}".lstrip("; ")
