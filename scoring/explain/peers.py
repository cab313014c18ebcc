"""The trust among trusts of the same subtype and the same region, in league order."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.engine import QuarterResult
from scoring.explain.facts import FactBook


@dataclass(frozen=True)
class PeerGroup:
    kind: str          # subtype | region
    name: str
    position: int      # 1 + trusts of the group ranked strictly better
    size: int
    best_code: str
    best_name: str
    best_rank: int


@dataclass(frozen=True)
class Peers:
    subtype: PeerGroup
    region: PeerGroup

    def to_dict(self) -> dict:
        return {"subtype": vars(self.subtype), "region": vars(self.region)}


def _group(result: QuarterResult, row, kind: str, book: FactBook) -> PeerGroup:
    table = result.trusts[result.trusts["table"] == row.table]
    name = getattr(row, kind)
    group = table[table[kind] == name].sort_values(["rank", "trust_code"])
    position = int((group["rank"] < row.rank).sum()) + 1
    best = group.iloc[0]
    src = f"engine: league ranks of {row.table} trusts with {kind} {name!r}, {result.quarter}"
    book.add(f"peers.{kind}.name", f"Peer group ({kind})", name, f"store: {kind}")
    book.add(f"peers.{kind}.position", f"Position among {name} trusts", position, src)
    book.add(f"peers.{kind}.size", f"Trusts in the group ({name})", len(group), src)
    book.add(f"peers.{kind}.best_name", f"Best-placed {name} trust", best["trust_name"], src, trust=best["trust_code"])
    book.add(f"peers.{kind}.best_rank", f"Best-placed {name} trust: position", int(best["rank"]), src,
             trust=best["trust_code"])
    return PeerGroup(kind, name, position, len(group), best["trust_code"], best["trust_name"], int(best["rank"]))


def peers(result: QuarterResult, row, book: FactBook) -> Peers:
    return Peers(_group(result, row, "subtype", book), _group(result, row, "region", book))
