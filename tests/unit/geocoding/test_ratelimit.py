"""The file rate limiter: one slot per interval per provider, shared through a locked file."""

from cameramap.geocoding.ratelimit import FileRateLimiter


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_second_request_waits_for_the_next_slot(tmp_path):
    clock = Clock()
    first = FileRateLimiter(tmp_path, clock=clock)
    second = FileRateLimiter(tmp_path, clock=clock)  # another process, same host
    assert first.reserve("nominatim", 1.0) == 0.0
    assert second.reserve("nominatim", 1.0) == 1.0
    assert first.reserve("photon", 1.0) == 0.0  # per provider
    clock.now += 5
    assert second.reserve("nominatim", 1.0) == 0.0


def test_wait_sleeps_the_booked_delay(tmp_path):
    slept = []
    limiter = FileRateLimiter(tmp_path, clock=lambda: 50.0, sleep=slept.append)
    limiter.wait("nominatim", 1.0)
    limiter.wait("nominatim", 1.0)
    assert slept == [1.0]
