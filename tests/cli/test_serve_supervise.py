"""``haven serve`` runs the job worker beside gunicorn: when one stops, both stop."""

from __future__ import annotations

import subprocess
import sys
import time

from haven.cli.serve import _supervise


def _child(code: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code])


def test_when_one_child_exits_the_other_is_stopped_and_its_status_returned():
    long_running = _child("import time; time.sleep(120)")
    failing = _child("import sys, time; time.sleep(0.5); sys.exit(3)")
    started = time.monotonic()
    assert _supervise([long_running, failing]) == 3
    assert time.monotonic() - started < 30
    assert long_running.poll() is not None  # terminated, not left behind
