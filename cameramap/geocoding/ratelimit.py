"""A rate limiter shared by the processes of one host: a locked file per provider holding the next slot."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path


class FileRateLimiter:
    """For SQLite deployments (one host): flock serialises the processes, the file keeps the next slot."""

    def __init__(self, folder: str | Path, clock=time.time, sleep=time.sleep):
        self.folder = Path(folder)
        self.clock, self.sleep = clock, sleep

    def reserve(self, provider: str, interval: float) -> float:
        """Book the next free slot; returns the seconds to wait before using it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"geocoder-{provider}.slot"
        with open(os.open(path, os.O_RDWR | os.O_CREAT, 0o600), "r+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                text = handle.read().strip()
                now = self.clock()
                start = max(now, float(text) if text else 0.0)
                handle.seek(0)
                handle.truncate()
                handle.write(repr(start + interval))
                handle.flush()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return max(0.0, start - now)

    def wait(self, provider: str, interval: float) -> None:
        delay = self.reserve(provider, interval)
        if delay > 0:
            self.sleep(delay)
