"""``kb.gate``: at most n threads inside at once, the others wait; a thread re-entering takes no second slot."""

from __future__ import annotations

import threading

from kb.gate import Gate


def _hold(gate: Gate, inside: threading.Event, leave: threading.Event) -> None:
    with gate:
        inside.set()
        leave.wait(30)


def test_a_third_thread_waits_until_one_of_two_leaves():
    gate = Gate(2)
    inside = [threading.Event() for _ in range(3)]
    leave = [threading.Event() for _ in range(3)]
    threads = [threading.Thread(target=_hold, args=(gate, inside[i], leave[i])) for i in range(3)]
    for i in range(2):
        threads[i].start()
        assert inside[i].wait(10)
    threads[2].start()
    assert not inside[2].wait(0.3)  # both slots are taken
    leave[0].set()
    assert inside[2].wait(10)
    for event in leave:
        event.set()
    for thread in threads:
        thread.join(10)


def test_a_thread_inside_enters_again_without_a_second_slot():
    gate, done = Gate(1), threading.Event()

    def nested() -> None:
        with gate, gate:
            done.set()

    thread = threading.Thread(target=nested, daemon=True)
    thread.start()
    assert done.wait(10)  # with a plain semaphore of one slot it would wait for itself forever
    thread.join(10)
    with gate:  # every slot was given back
        pass
