"""The layout keeps its data flow: ui → assistant → {scoring, corpus}; scoring is pure."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = {"langchain", "langchain_core", "langchain_chroma", "chromadb", "streamlit", "sentence_transformers",
         "torch", "transformers"}


def imports(package: str) -> dict[str, set[str]]:
    found = {}
    for path in (ROOT / package).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_scoring_imports_no_ui_retrieval_or_language_model_code():
    for path, names in imports("scoring").items():
        assert not names & (HEAVY | {"assistant", "corpus", "ui", "evals"}), (path, names & HEAVY)


def test_corpus_reads_only_the_catalogue_from_scoring():
    for path, names in imports("corpus").items():
        assert not names & {"assistant", "ui", "evals", "streamlit"}, path


def test_assistant_never_imports_the_ui():
    for path, names in imports("assistant").items():
        assert not names & {"ui", "streamlit", "evals"}, path


def test_importing_the_engine_loads_no_heavy_library():
    import subprocess
    import sys

    code = ("import sys, scoring.engine, scoring.explain, assistant.answering; "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
