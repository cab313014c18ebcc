"""``ui.api_limits.Turns``: an API worker computes one answer at a time, first come first served (fast)."""

from __future__ import annotations

import threading
import time

import pytest

from ui.api_limits import Turns


def _wait_until(condition, limit: float = 5.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_one_at_a_time_in_order_of_arrival():
    turns, order, inside, most = Turns(), [], [0], [0]
    lock = threading.Lock()

    def work(name: str) -> None:
        with turns:
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.002)
            order.append(name)
            with lock:
                inside[0] -= 1

    turns.__enter__()  # the first request holds its turn while the others arrive one by one
    threads = []
    for number in range(8):
        thread = threading.Thread(target=work, args=(f"request {number}",))
        thread.start()
        threads.append(thread)
        _wait_until(lambda waiting=number + 1: len(turns._waiting) == waiting)
    turns.__exit__(None, None, None)
    for thread in threads:
        thread.join(5)
    assert order == [f"request {n}" for n in range(8)] and most[0] == 1
    assert not turns._busy and not turns._waiting


def test_a_failing_request_passes_its_turn_on():
    turns = Turns()
    with pytest.raises(ValueError), turns:
        raise ValueError("the answer failed")
    done = threading.Event()
    thread = threading.Thread(target=lambda: (turns.__enter__(), done.set(), turns.__exit__(None, None, None)))
    thread.start()
    assert done.wait(5)
    thread.join(5)
