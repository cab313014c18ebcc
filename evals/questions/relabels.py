"""Relabelling a dev item to a settled convention (see README.md in this folder): where two rounds' writers
disagree, the item's generator relabels it here, with the reason in its note, and the YAML it writes says so."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def relabel(items: list[dict[str, Any]], relabels: Mapping[str, tuple[str | dict[str, Any], str]]) -> None:
    """Set ``expect.intent`` of each item or conversation turn named in ``relabels`` (id, or 'id#turn') to the
    intent given (or update ``expect`` with the fields given), and add 'relabelled: <reason>' to its note."""
    for item in items:
        turns = [(item["id"], item)] if "turns" not in item else \
            [(f"{item['id']}#{n}", turn) for n, turn in enumerate(item["turns"])]
        for ident, turn in turns:
            if ident in relabels:
                change, reason = relabels[ident]
                turn["expect"].update({"intent": change} if isinstance(change, str) else change)
                turn["note"] = f"{turn.get('note') or ''}; relabelled: {reason}".lstrip("; ")
