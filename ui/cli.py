"""``nhs-league app``: start the Streamlit app (on 127.0.0.1 unless told otherwise)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys


def command(args: argparse.Namespace) -> list[str]:
    """The ``streamlit run`` command line for ``args`` (``port``, ``host``)."""
    from nhs_league.settings import UI_APP

    return [sys.executable, "-m", "streamlit", "run", str(UI_APP), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.address", args.host, "--server.port", str(args.port)]


def run_app(args: argparse.Namespace) -> int:
    from nhs_league.settings import REPO_ROOT, use_offline_models

    use_offline_models()
    print(f"NHS league tables, explained: http://{args.host}:{args.port}  (Ctrl+C to stop)", file=sys.stderr)
    try:
        return subprocess.call(command(args), cwd=str(REPO_ROOT), env=dict(os.environ))
    except KeyboardInterrupt:
        return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("app", help="start the web app (Streamlit) on http://127.0.0.1:8501",
                                   description="Start the web app: chat, trust profiles, league tables, about.")
    parser.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1, this computer only)")
    parser.set_defaults(handler=run_app)
