"""Runs release the GIL, stop cleanly on Ctrl-C, and report progress when asked."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

import chokepoint
from conftest import count_while

# Far more scenarios than a test can wait for: these runs are always stopped.
ENDLESS = 10**9


@pytest.fixture(scope="module")
def demo(root) -> chokepoint.Model:
    return chokepoint.load(root / "scenarios/demo.json")


def test_another_python_thread_progresses_during_a_run(demo):
    # No progress callback: the run never takes the GIL; holding it, the run
    # would leave the counter where it was.
    assert count_while(lambda: demo.run(40_000, threads=1)) > 10_000


def test_ctrl_c_stops_a_run_with_keyboard_interrupt(demo):
    main = threading.get_ident()
    timer = threading.Timer(0.5, lambda: signal.pthread_kill(main, signal.SIGINT))
    started = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        demo.run(ENDLESS)
    timer.join()
    assert time.monotonic() - started < 30
    # The model is still usable, and gives what it gives without the interruption.
    assert demo.run(500, seed=2).json == demo.run(500, seed=2).json


def test_ctrl_c_from_outside_the_process(demo):
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        demo.compare(ENDLESS, policies=["lng_buffer"], stress="none")
    timer.join()


def test_progress_reports_every_chunk_up_to_the_total(demo):
    seen: list[tuple[int, int]] = []
    demo.run(5000, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (5000, 5000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    kept: list[tuple[int, int]] = []
    demo.run(3000, keep_scenarios=True, progress=lambda done, total: kept.append((done, total)))
    assert kept[-1] == (6000, 6000)  # the study, then the pass that keeps the scenarios


def test_an_exception_in_the_callback_stops_the_run(demo):
    calls = 0

    def stop(done: int, total: int) -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError(f"stop at {done} of {total}")

    with pytest.raises(RuntimeError, match=f"stop at .* of {ENDLESS}"):
        demo.run(ENDLESS, progress=stop)
    assert calls == 1


def test_runs_in_two_threads_at_once_give_their_own_results(demo):
    expected = {seed: demo.run(2000, seed=seed).json for seed in (1, 2)}
    got: dict[int, dict] = {}
    threads = [threading.Thread(target=lambda s=seed: got.__setitem__(s, demo.run(2000, seed=s).json)) for seed in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == expected
