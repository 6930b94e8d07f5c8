"""The console script ends without interpreter teardown (cli/leaving.py), yet as sys.exit would:
same status, exit handlers run, buffered output written, live threads waited for."""

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
        from donorkit.cli.leaving import leave
        atexit.register(lambda: print("handler ran"))
        sys.stdout.write("buffered ")
        leave(3)
        """)
    assert done.returncode == 3
    assert done.stdout == "buffered handler ran\n"


def test_message_code_and_none():
    done = run("from donorkit.cli.leaving import leave\nleave('gone wrong')")
    assert (done.returncode, done.stderr) == (1, "gone wrong\n")
    assert run("from donorkit.cli.leaving import leave\nleave(None)").returncode == 0


def test_a_live_thread_is_waited_for():
    done = run("""\
        import threading, time
        from donorkit.cli.leaving import leave
        threading.Thread(target=lambda: (time.sleep(0.3), print("thread done"))).start()
        leave(0)
        """)
    assert done.returncode == 0
    assert done.stdout == "thread done\n"
