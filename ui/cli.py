"""``nhs-league app`` (the Streamlit app) and ``nhs-league serve`` (the JSON API), on 127.0.0.1 unless told otherwise.

``app`` runs the Streamlit server in its own process (warming the data and the embedding model as it starts),
so Ctrl+C or a kill of that process stops the server itself; nothing is left running. ``serve`` runs uvicorn with several worker processes; the settings reach
the workers through the environment (``NHS_LEAGUE_RATE_LIMIT``, ``NHS_LEAGUE_CORS_ORIGINS``). Nothing heavy is
imported here.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

# The passage index depends only on the corpus: build it before serving if it is missing or out of date
# (in a child process, so the server's own process never holds the embedding model).
ENSURE_INDEX = """
import sys
from nhs_league.settings import use_offline_models
use_offline_models()
from corpus.index import open_index
try:
    open_index(auto_build=False)
except Exception:
    from corpus.index import build_index
    report = build_index()
    print(f"Built the passage index ({report.chunks} passages, {report.seconds:.0f} s).", file=sys.stderr)
"""


def streamlit_flags(args: argparse.Namespace) -> dict[str, object]:
    """Streamlit's settings for ``args`` (``port``, ``host``): headless, no usage statistics."""
    return {"server.headless": True, "browser.gatherUsageStats": False, "server.address": args.host,
            "server.port": args.port}


def run_app(args: argparse.Namespace) -> int:
    """Serve the app from this process: a kill of it (SIGTERM, Ctrl+C's SIGINT) stops the server. The data, the
    release cache and the embedding model are loaded in the background as the server starts (``ui.preload``), so
    the first visitor does not wait for them."""
    from nhs_league.settings import REPO_ROOT, UI_APP, use_offline_models

    use_offline_models()
    print(f"NHS league tables, explained: http://{args.host}:{args.port}  (Ctrl+C to stop)", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(REPO_ROOT)                                 # .streamlit/config.toml is read from here
    from streamlit.web import bootstrap

    from ui import preload

    flags = streamlit_flags(args)
    bootstrap.load_config_options(flag_options=flags)
    preload.start()
    bootstrap.run(str(UI_APP), False, [], flags)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from nhs_league.errors import LeagueError
    from nhs_league.settings import REPO_ROOT, use_offline_models

    if args.workers < 1:
        raise LeagueError("--workers must be at least 1.")
    if args.rate_limit is not None:
        if args.rate_limit < 0:
            raise LeagueError("--rate-limit must be 0 (off) or a number of requests a minute.")
        os.environ["NHS_LEAGUE_RATE_LIMIT"] = str(args.rate_limit)
    if args.cors_origin:
        os.environ["NHS_LEAGUE_CORS_ORIGINS"] = ",".join(args.cors_origin)
    use_offline_models()
    import uvicorn

    from ui.api_limits import rate_limit_from_env

    limit = rate_limit_from_env()  # checks the environment variable before any worker starts
    if not args.no_warm:
        subprocess.run([sys.executable, "-c", ENSURE_INDEX], cwd=str(REPO_ROOT), check=False)
    else:
        os.environ["NHS_LEAGUE_API_WARM"] = "0"
    shown = f"{limit} requests a minute per client" if limit else "off"
    print(f"NHS league API: http://{args.host}:{args.port}  (docs at /docs; {args.workers} worker"
          f"{'s' if args.workers != 1 else ''}; rate limit {shown}; Ctrl+C to stop)", file=sys.stderr)
    os.chdir(REPO_ROOT)
    uvicorn.run("ui.api:serve_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                log_level=args.log_level, access_log=args.log_level == "info", timeout_graceful_shutdown=10)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("app", help="start the web app (Streamlit) on http://127.0.0.1:8501",
                                   description="Start the web app: chat, trust profiles, league tables, about.")
    parser.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1, this computer only)")
    parser.set_defaults(handler=run_app)

    parser = subparsers.add_parser(
        "serve", help="serve the JSON API (FastAPI on uvicorn) on http://127.0.0.1:8000",
        description="Serve the JSON API: POST /ask, GET /trusts/{code}, GET /tables/{type}, GET /health; "
                    "OpenAPI pages at /docs. Each request stands alone, so it scales out behind any load balancer "
                    "(see the deployment guide).")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1, this computer only)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: the number of cores, here %(default)s)")
    parser.add_argument("--rate-limit", type=int, default=None, metavar="N",
                        help="requests a minute per client address and worker; 0 turns it off "
                             "(default: $NHS_LEAGUE_RATE_LIMIT, else 120)")
    parser.add_argument("--cors-origin", action="append", metavar="URL",
                        help="allow browser pages from this origin to call the API (repeatable; default: none)")
    parser.add_argument("--no-warm", action="store_true",
                        help="start at once: load the embedding model on the first method question instead")
    parser.add_argument("--log-level", choices=("warning", "info", "error"), default="warning",
                        help="server log detail (info also logs each request)")
    parser.set_defaults(handler=run_serve)
