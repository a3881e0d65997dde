"""Processes the story starts, each with its own log file, all stopped at the end."""
from __future__ import annotations

import os
import pathlib
import subprocess
import time


class Processes:
    def __init__(self, log_dir: pathlib.Path):
        self.log_dir = log_dir
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, argv: list[str], env: dict[str, str | None] | None = None) -> subprocess.Popen:
        """Starts `argv` with this process's environment plus `env` (a None value unsets)."""
        log = open(self.log_dir / f"{name}.log", "ab")
        environment = {**os.environ, **(env or {})}
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                   env={key: value for key, value in environment.items() if value is not None})
        self.running[name] = process
        return process

    def log(self, name: str) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def alive(self, name: str) -> bool:
        return name in self.running and self.running[name].poll() is None

    def stop(self, name: str) -> None:
        process = self.running.pop(name, None)
        if process is None:
            return
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_all(self) -> None:
        for name in reversed(list(self.running)):
            self.stop(name)


def wait_for(what: str, condition, timeout: float, interval: float = 1.0, diagnose=None):
    """Polls `condition` until it returns a truthy value (returned) or fails naming `what`."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(interval)
    detail = diagnose() if diagnose else repr(last)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for: {what}\n{detail}")
