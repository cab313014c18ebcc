"""Optional language model that may only rephrase a composed answer, never change what it says.

Off by default. Configured by environment variables:
  NHS_LEAGUE_LLM       ``ollama:<model>`` or ``openai:<model>`` (an OpenAI-compatible endpoint)
  NHS_LEAGUE_LLM_URL   the endpoint's base URL (optional)
  NHS_LEAGUE_LLM_KEY   its API key (optional; never logged or shown)
  NHS_LEAGUE_LLM_TIMEOUT  seconds before the deterministic answer is used (default 8)
The guard rejects any rephrasing that adds, drops or changes a number or a trust name; then, or on a
timeout or error, the deterministic answer stands.
"""

from __future__ import annotations

import os
import re
from collections import Counter
import threading
from dataclasses import dataclass
from typing import Any

from scoring.numbers import figures_in

INSTRUCTION = ("Rewrite the answer below in clear, plain English for {audience}. Keep every number, every "
               "trust name and every caveat exactly as written; add no facts, numbers or opinions. "
               "Reply with the rewritten answer only.\n\nAnswer:\n{text}")


@dataclass(frozen=True)
class Rephrasing:
    text: str
    used: bool
    reason: str


def configured_model() -> Any | None:
    """A LangChain chat model from the environment, or None (the default: no model)."""
    spec = os.environ.get("NHS_LEAGUE_LLM", "").strip()
    if not spec:
        return None
    provider, _, model = spec.partition(":")
    try:
        if provider == "ollama":
            from langchain_ollama import ChatOllama  # type: ignore[import-not-found]

            kwargs = {"model": model}
            if os.environ.get("NHS_LEAGUE_LLM_URL"):
                kwargs["base_url"] = os.environ["NHS_LEAGUE_LLM_URL"]
            return ChatOllama(**kwargs)
        if provider == "openai":
            from langchain_openai import ChatOpenAI  # type: ignore[import-not-found]

            return ChatOpenAI(model=model, base_url=os.environ.get("NHS_LEAGUE_LLM_URL") or None,
                              api_key=os.environ.get("NHS_LEAGUE_LLM_KEY") or "not-set")
    except ImportError:
        return None
    return None


def _names(text: str, names: list[str]) -> Counter:
    return Counter(name for name in names for _ in re.finditer(re.escape(name), text))


def guard(original: str, candidate: str, trust_names: list[str]) -> str | None:
    """Why ``candidate`` may not replace ``original`` (None when it keeps every number and trust name)."""
    if not candidate.strip():
        return "empty rephrasing"
    if Counter(figures_in(original)) != Counter(figures_in(candidate)):
        return "the rephrasing added, dropped or changed a number"
    if _names(original, trust_names) != _names(candidate, trust_names):
        return "the rephrasing added, dropped or changed a trust name"
    return None


def rephrase(text: str, audience: str, trust_names: list[str], model: Any | None = None,
             timeout: float | None = None) -> Rephrasing:
    """The model's rephrasing if it passes the guard in time; otherwise the original text."""
    model = model if model is not None else configured_model()
    if model is None:
        return Rephrasing(text, False, "no language model configured")
    timeout = timeout if timeout is not None else float(os.environ.get("NHS_LEAGUE_LLM_TIMEOUT", "8"))
    prompt = INSTRUCTION.format(audience={"public": "a member of the public", "staff": "NHS staff",
                                          "press": "a press officer"}.get(audience, audience), text=text)
    outcome: dict[str, Any] = {}

    def call() -> None:  # its own daemon thread: a stalled call can never hold up the next question
        try:
            outcome["reply"] = model.invoke(prompt)
        except Exception as error:  # noqa: BLE001 - any model failure falls back to the composed answer
            outcome["error"] = error

    worker = threading.Thread(target=call, name="rephrase", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        return Rephrasing(text, False, f"the language model did not answer within {timeout:g} s")
    if "error" in outcome:
        return Rephrasing(text, False, f"the language model failed ({type(outcome['error']).__name__})")
    reply = outcome.get("reply")
    candidate = getattr(reply, "content", reply)
    candidate = candidate if isinstance(candidate, str) else str(candidate)
    problem = guard(text, candidate, trust_names)
    if problem:
        return Rephrasing(text, False, problem)
    return Rephrasing(candidate.strip(), True, "rephrased")
