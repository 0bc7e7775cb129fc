"""`make run`: the development server plus one Celery worker with its embedded scheduler.

Why a launcher and not `cmd & runserver` in the Makefile: a worker told to stop while it is
still starting can hang in "Warm shutdown" for good, and the next `make run` then starts a
second scheduler beside it (every periodic job twice). Here the worker runs in a process
group of its own; on exit it gets TERM, a bounded wait, then KILL for the whole group. And
one worker per var/ folder: an exclusive lock on var/celery/worker.lock, held by this
launcher and inherited by the worker, so even a worker that outlives a killed launcher
keeps a second `make run` from starting.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STOP_TIMEOUT = 10.0


class AlreadyRunning(RuntimeError):
    pass


def var_dir() -> Path:
    # The same rule as hallops.settings (which this script does not import: no Django here).
    return Path(os.environ.get("HALLOPS_VAR_DIR", BASE_DIR / "var"))


def acquire_lock(path: Path) -> int:
    """Take the worker lock of a var/ folder; its fd is passed on to the worker.

    flock (not lockf) because an flock lock belongs to the open file, so it lasts while
    any process holding the inherited descriptor lives.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise AlreadyRunning(
            f"A HallOps worker is already running on {path.parent.parent} (lock {path}). "
            "Stop the other `make run` first, or use another HALLOPS_VAR_DIR."
        ) from None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def start_worker(command: list[str], *, log_path: Path, lock_fd: int) -> subprocess.Popen:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:  # one run's log, as before
        return subprocess.Popen(  # noqa: S603 - our own fixed command lines
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own group: Ctrl-C reaches it only through us
            pass_fds=(lock_fd,),
            cwd=BASE_DIR,
        )


def _signal_group(pgid: int, sig: int) -> bool:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def stop_process_group(proc: subprocess.Popen, timeout: float = STOP_TIMEOUT) -> str:
    """TERM the process, wait up to `timeout`, then KILL its whole group.

    TERM goes to the leader only: a Celery worker then stops its pool itself (a warm
    shutdown lets running jobs finish) instead of seeing its pool die under it.
    Returns "exited" (was gone already), "terminated" or "killed". The group (the worker's
    pool and its embedded beat) is KILLed at the end in every case, so nothing survives
    the main process.
    """
    pgid = proc.pid  # start_new_session: the group id is the leader's pid
    if proc.poll() is not None:
        _signal_group(pgid, signal.SIGKILL)
        return "exited"
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
        outcome = "terminated"
    except subprocess.TimeoutExpired:
        _signal_group(pgid, signal.SIGKILL)
        proc.wait()
        outcome = "killed"
    _signal_group(pgid, signal.SIGKILL)
    return outcome


def run(worker_cmd: list[str], server_cmd: list[str], *, var: Path,
        stop_timeout: float = STOP_TIMEOUT) -> int:
    try:
        lock_fd = acquire_lock(var / "celery" / "worker.lock")
    except AlreadyRunning as error:
        print(error, file=sys.stderr)
        return 1

    stopping = False

    def _stop(signum, _frame):
        nonlocal stopping
        stopping = True

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop)
    worker = server = None
    try:
        worker = start_worker(worker_cmd, log_path=var / "celery.log", lock_fd=lock_fd)
        if not stopping:
            server = subprocess.Popen(server_cmd, cwd=BASE_DIR, start_new_session=True)  # noqa: S603
        while not stopping and server is not None and server.poll() is None:
            if worker.poll() is not None:
                print(f"The Celery worker stopped (exit {worker.returncode}); see {var / 'celery.log'}.",
                      file=sys.stderr)
                break
            time.sleep(0.2)
    finally:
        if server is not None:
            stop_process_group(server, timeout=stop_timeout)
        if worker is not None:
            outcome = stop_process_group(worker, timeout=stop_timeout)
            if outcome == "killed":
                print(f"The Celery worker did not stop within {stop_timeout:g} s and was killed.",
                      file=sys.stderr)
        os.close(lock_fd)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument("--stop-timeout", type=float, default=STOP_TIMEOUT)
    parser.add_argument("--check", action="store_true",
                        help="only check that no worker runs on this var/ folder (exit 1 if one does)")
    args = parser.parse_args(argv)
    if args.check:
        try:
            os.close(acquire_lock(var_dir() / "celery" / "worker.lock"))
        except AlreadyRunning as error:
            print(error, file=sys.stderr)
            return 1
        return 0
    bin_dir = Path(sys.executable).parent
    worker_cmd = [str(bin_dir / "celery"), "-A", "hallops", "worker", "--beat",
                  "--concurrency=2", "--loglevel=INFO"]
    server_cmd = [sys.executable, "manage.py", "runserver", f"{args.host}:{args.port}"]
    return run(worker_cmd, server_cmd, var=var_dir(), stop_timeout=args.stop_timeout)


if __name__ == "__main__":
    sys.exit(main())
