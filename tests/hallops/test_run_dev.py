"""`make run`'s launcher: one worker per var/ folder, and a worker that always stops.

The "workers" here are tiny Python processes (one ignores TERM, as a Celery worker stuck in
its warm shutdown does), so the tests stay fast and need no broker.
"""

import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "run_dev.py"
_spec = importlib.util.spec_from_file_location("run_dev", SCRIPT)
run_dev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_dev)

# Ignores TERM, starts a child of its own (its pool), then reports both pids and sleeps.
STUBBORN = textwrap.dedent("""
    import os, signal, subprocess, sys, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    child = subprocess.Popen([sys.executable, "-c",
                              "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"])
    open(sys.argv[1], "w").write(f"{os.getpid()} {child.pid}")
    time.sleep(60)
""")
POLITE = "import sys, time; open(sys.argv[1], 'w').write('up'); time.sleep(60)"



def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def _wait_for(path: Path, seconds: float = 20.0) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        time.sleep(0.05)
    raise AssertionError(f"{path} never appeared")


def test_it_refuses_a_second_worker_on_the_same_var_folder(tmp_path):
    lock = tmp_path / "celery" / "worker.lock"
    fd = run_dev.acquire_lock(lock)
    with pytest.raises(run_dev.AlreadyRunning, match="already running"):
        run_dev.acquire_lock(lock)
    # Another var/ folder is another installation: no conflict.
    os.close(run_dev.acquire_lock(tmp_path / "other" / "celery" / "worker.lock"))
    os.close(fd)
    os.close(run_dev.acquire_lock(lock))


def test_it_keeps_the_lock_while_the_worker_outlives_the_launcher(tmp_path):
    lock = tmp_path / "celery" / "worker.lock"
    fd = run_dev.acquire_lock(lock)
    ready = tmp_path / "ready"
    worker = run_dev.start_worker([sys.executable, "-c", POLITE, str(ready)],
                                  log_path=tmp_path / "celery.log", lock_fd=fd)
    try:
        _wait_for(ready)
        os.close(fd)  # the launcher is gone; its worker is not
        with pytest.raises(run_dev.AlreadyRunning):
            run_dev.acquire_lock(lock)
    finally:
        run_dev.stop_process_group(worker, timeout=5)
    os.close(run_dev.acquire_lock(lock))


def test_it_stops_a_worker_that_obeys_term(tmp_path):
    fd = run_dev.acquire_lock(tmp_path / "worker.lock")
    ready = tmp_path / "ready"
    worker = run_dev.start_worker([sys.executable, "-c", POLITE, str(ready)],
                                  log_path=tmp_path / "celery.log", lock_fd=fd)
    _wait_for(ready)
    assert run_dev.stop_process_group(worker, timeout=20) == "terminated"
    assert worker.returncode == -signal.SIGTERM


def test_it_kills_a_worker_hung_in_its_shutdown_and_its_children(tmp_path):
    fd = run_dev.acquire_lock(tmp_path / "worker.lock")
    ready = tmp_path / "ready"
    worker = run_dev.start_worker([sys.executable, "-c", STUBBORN, str(ready)],
                                  log_path=tmp_path / "celery.log", lock_fd=fd)
    main_pid, child_pid = map(int, _wait_for(ready).split())
    assert run_dev.stop_process_group(worker, timeout=0.3) == "killed"
    assert worker.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while _alive(child_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(main_pid) and not _alive(child_pid)


def test_it_stops_the_worker_when_make_run_is_stopped_while_starting(tmp_path):
    """SIGTERM to the launcher right after it started a worker that ignores TERM."""
    ready = tmp_path / "ready"
    code = textwrap.dedent(f"""
        import importlib.util, sys
        from pathlib import Path
        spec = importlib.util.spec_from_file_location("run_dev", {str(SCRIPT)!r})
        run_dev = importlib.util.module_from_spec(spec); spec.loader.exec_module(run_dev)
        worker = [sys.executable, "-c", {STUBBORN!r}, {str(ready)!r}]
        server = [sys.executable, "-c", "import time; time.sleep(60)"]
        sys.exit(run_dev.run(worker, server, var=Path({str(tmp_path)!r}), stop_timeout=0.3))
    """)
    launcher = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
    main_pid, child_pid = map(int, _wait_for(ready).split())
    launcher.send_signal(signal.SIGTERM)
    _out, err = launcher.communicate(timeout=30)
    assert launcher.returncode == 0
    assert "was killed" in err
    deadline = time.monotonic() + 10
    while (_alive(main_pid) or _alive(child_pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(main_pid) and not _alive(child_pid)
    # The lock went with them: the next `make run` may start.
    os.close(run_dev.acquire_lock(tmp_path / "celery" / "worker.lock"))


def test_the_check_option_answers_1_while_a_worker_runs(tmp_path):
    env = {**os.environ, "HALLOPS_VAR_DIR": str(tmp_path)}
    check = [sys.executable, str(SCRIPT), "--check"]
    assert subprocess.run(check, env=env, capture_output=True).returncode == 0
    fd = run_dev.acquire_lock(tmp_path / "celery" / "worker.lock")
    try:
        result = subprocess.run(check, env=env, capture_output=True, text=True)
    finally:
        os.close(fd)
    assert result.returncode == 1
    assert "already running" in result.stderr
