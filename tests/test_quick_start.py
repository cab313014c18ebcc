"""The README's two commands, checked against the Makefile, set-up, CI and the package metadata (fast).

The slow proof that they work from a clean clone is ``.ci/fresh-clone`` (run by ``.ci/run``); the processes
themselves are in ``tests/test_ui_processes.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def quick_start_block() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.DOTALL)
    assert block, "the Quick start section has no code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_quick_start_is_exactly_the_two_commands_near_the_top():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert text.index("## Quick start") < len(text) // 3
    assert quick_start_block() == ["make run", "make test"]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target,then", [("run", "nhs-league app"), ("test", ".venv/bin/pytest"),
                                         ("serve", "nhs-league serve")])
def test_each_make_target_sets_up_first_then_runs_its_command(target, then):
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}  # under `make test`
    planned = subprocess.run(["make", "--no-print-directory", "-n", target], cwd=REPO, capture_output=True,
                             text=True, check=True, env=env).stdout
    lines = [line.strip() for line in planned.splitlines() if line.strip()]
    assert lines[0] == "./setup.sh"
    assert then in lines[-1]


def test_ci_runs_the_readme_test_command_then_the_slow_tests_and_the_fresh_clone_check():
    steps = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    order = [next(i for i, s in enumerate(steps) if s.startswith(command)) for command in
             ("make test", 'pytest_step .venv/bin/pytest -m "slow or browser"', ".ci/fresh-clone run",
              ".venv/bin/nhs-league verify", ".venv/bin/nhs-league eval")]
    assert order == sorted(order)
    assert not any(s.startswith("./setup.sh") for s in steps)  # set-up happens inside `make test`


def test_setup_skips_the_install_while_its_inputs_are_unchanged():
    script = (REPO / "setup.sh").read_text()
    assert "cat pyproject.toml setup.sh | sha256sum" in script      # the stamp is keyed on both files
    assert 'fingerprint >"$STAMP"' in script.split("pip install -e")[1]  # written only after a full install
    assert "open_index(auto_build=False)" in script and "nhs-league index" in script


def test_the_package_licence_is_an_spdx_expression_and_the_api_is_pinned():
    from packaging.licenses import canonicalize_license_expression

    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    licence = project["project"]["license"]
    assert isinstance(licence, str) and canonicalize_license_expression(licence) == licence
    assert "setuptools>=77" in project["build-system"]["requires"]  # the first to read an SPDX string
    pins = dict(d.split("==") for d in project["project"]["dependencies"])
    assert {"fastapi", "fastapi-offline", "uvicorn"} <= set(pins)
