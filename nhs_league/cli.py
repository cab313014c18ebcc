"""``nhs-league``: one command, with subcommands contributed by each part of the product.

Each part (``scoring``, ``corpus``, ``assistant``, ``evals``, ``ui``) has a light ``cli`` module with
``register(subparsers)`` that adds its subcommands; each subcommand sets ``handler`` to a function taking the
parsed arguments and returning an exit code. Heavy imports happen inside the handlers, never here.
Every ``LeagueError`` is printed as one line on standard error (exit 2); nothing prints a traceback unless
``NHS_LEAGUE_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from collections.abc import Sequence

from nhs_league.errors import LeagueError

COMMAND_MODULES = ("scoring.cli", "scoring.explain_cli", "corpus.cli", "assistant.cli", "evals.cli", "evals.load_cli", "ui.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nhs-league",
        description="Explain NHS England's trust league tables (NHS Oversight Framework 2025/26).",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return int(handler(args) or 0)
    except LeagueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted; nothing was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last line of defence against a traceback
        if os.environ.get("NHS_LEAGUE_DEBUG") == "1":
            raise
        print(f"error: unexpected failure ({type(error).__name__}: {error}). "
              "Run again with NHS_LEAGUE_DEBUG=1 and report the output.", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
