"""The first run (the passage index built with a progress bar) and a method question, with the real model.

Slow: loads the embedding model once for the module (it is shared by the whole process afterwards).
"""

from __future__ import annotations

import os

import pytest

from nhs_league.settings import UI_APP

pytestmark = pytest.mark.slow
AppTest = pytest.importorskip("streamlit.testing.v1").AppTest


@pytest.fixture(scope="module")
def empty_home(tmp_path_factory):
    from corpus.index import reset_stores
    from corpus.retrieval import default_index

    before = os.environ.get("NHS_LEAGUE_HOME")
    os.environ["NHS_LEAGUE_HOME"] = str(tmp_path_factory.mktemp("ui-home"))
    reset_stores()
    default_index().close()
    yield
    default_index().close()
    reset_stores()
    if before is None:
        os.environ.pop("NHS_LEAGUE_HOME", None)
    else:
        os.environ["NHS_LEAGUE_HOME"] = before


def test_first_run_builds_the_index_then_answers_a_method_question(empty_home):
    from ui import resources

    assert not resources.index_status().ready
    at = AppTest.from_file(str(UI_APP), default_timeout=300).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Getting the method guide ready." in " ".join(m.value for m in at.markdown)
    bars = at.get("progress")
    assert bars and bars[-1].proto.value == 100 and "passages indexed" in bars[-1].proto.text
    assert resources.index_status().ready

    at.chat_input[0].set_value("What is the financial override?").run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    reply = at.session_state.chat_history[-1]["answer"]
    assert reply.intent in ("method", "definition") and reply.citations
    assert "deficit" in "\n".join(m.value for m in at.chat_message[-1].markdown).lower()
    assert [e.label for e in at.chat_message[-1].expander][-1] == "Sources"   # workings only when it has figures

    again = AppTest.from_file(str(UI_APP), default_timeout=60).run()   # a new visitor: no rebuild
    assert "Getting the method guide ready" not in " ".join(m.value for m in again.markdown)
