"""donorkit/runtime.py: the console script ends without interpreter teardown, yet as sys.exit
would (same status, exit handlers run, buffered output written, live threads waited for), and
collects garbage less often."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=60)


def test_status_handlers_and_buffered_output():
    done = run("""\
        import atexit, sys
        from donorkit.runtime import leave
        atexit.register(lambda: print("handler ran"))
        sys.stdout.write("buffered ")
        leave(3)
        """)
    assert done.returncode == 3
    assert done.stdout == "buffered handler ran\n"


def test_message_code_and_none():
    done = run("from donorkit.runtime import leave\nleave('gone wrong')")
    assert (done.returncode, done.stderr) == (1, "gone wrong\n")
    assert run("from donorkit.runtime import leave\nleave(None)").returncode == 0


def test_a_live_thread_is_waited_for():
    done = run("""\
        import threading, time
        from donorkit.runtime import leave
        threading.Thread(target=lambda: (time.sleep(0.3), print("thread done"))).start()
        leave(0)
        """)
    assert done.returncode == 0
    assert done.stdout == "thread done\n"


def test_tune_keeps_the_collector_on_with_a_larger_first_generation():
    done = run("""\
        import gc
        from donorkit.runtime import GEN0_THRESHOLD, tune
        tune()
        print(gc.isenabled(), gc.get_threshold()[0] == GEN0_THRESHOLD)
        """)
    assert done.stdout.split() == ["True", "True"]
