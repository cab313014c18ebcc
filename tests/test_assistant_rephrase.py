"""The optional language model may only rephrase: the guard keeps every number and trust name."""

from __future__ import annotations

import time

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant import answer
from assistant.rephrase import guard, rephrase

TEXT = "Kingston and Richmond NHS Foundation Trust was 31st out of 134 acute trusts. Its average score was 1.77."
NAMES = ["Kingston and Richmond NHS Foundation Trust"]


class HangingModel(FakeListChatModel):
    def invoke(self, *args, **kwargs):  # type: ignore[override]
        time.sleep(5)
        return super().invoke(*args, **kwargs)


class BrokenModel(FakeListChatModel):
    def invoke(self, *args, **kwargs):  # type: ignore[override]
        raise ConnectionError("model server down")


def test_a_faithful_rephrasing_is_used():
    reworded = "Kingston and Richmond NHS Foundation Trust came 31st of 134 acute trusts, averaging 1.77."
    result = rephrase(TEXT, "public", NAMES, model=FakeListChatModel(responses=[reworded]))
    assert result.used and result.text == reworded


def test_a_rephrasing_that_changes_a_number_is_rejected():
    changed = "Kingston and Richmond NHS Foundation Trust came 13th of 134 acute trusts, averaging 1.77."
    result = rephrase(TEXT, "public", NAMES, model=FakeListChatModel(responses=[changed]))
    assert not result.used and result.text == TEXT
    assert "number" in result.reason


def test_a_rephrasing_that_adds_a_number_or_drops_a_name_is_rejected():
    assert guard(TEXT, TEXT + " It improved by 5 places.", NAMES) is not None
    assert guard(TEXT, TEXT.replace("Kingston and Richmond NHS Foundation Trust", "The trust"), NAMES) is not None


def test_a_slow_or_broken_model_falls_back_to_the_composed_answer_within_the_timeout():
    start = time.perf_counter()
    slow = rephrase(TEXT, "public", NAMES, model=HangingModel(responses=["x"]), timeout=0.3)
    assert time.perf_counter() - start < 2
    assert not slow.used and slow.text == TEXT and "did not answer" in slow.reason
    broken = rephrase(TEXT, "public", NAMES, model=BrokenModel(responses=["x"]), timeout=1)
    assert not broken.used and "failed" in broken.reason


def test_answer_uses_a_configured_model_only_through_the_guard(store, monkeypatch):
    plain = answer("How is Kingston doing?", store=store)
    lying = FakeListChatModel(responses=[plain.answer.replace("31st", "3rd")] * 2)
    monkeypatch.setattr("assistant.rephrase.configured_model", lambda: lying)
    guarded = answer("How is Kingston doing?", store=store)
    assert guarded.answer == plain.answer and not guarded.rephrased
    assert any("Plain wording kept" in n for n in guarded.notices)
