"""Proof of work: issue, solve, verify once; wrong, expired, missing and replayed solutions fail."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from cameramap.services.submissions import pow

KEY = pow.hmac_key("unit-test-secret")


class MemoryStore:
    def __init__(self):
        self.seen: dict[str, datetime] = {}

    def remember(self, signature: str, expires_at: datetime) -> bool:
        if signature in self.seen:
            return False
        self.seen[signature] = expires_at
        return True


def test_solution_is_accepted_once():
    store = MemoryStore()
    payload = pow.solve(pow.issue(KEY, 500, 60))
    pow.verify(payload, KEY, store)
    with pytest.raises(pow.ProofOfWorkFailed) as err:
        pow.verify(payload, KEY, store)
    assert err.value.code == "proof_of_work_replayed"
    assert len(store.seen) == 1
    assert next(iter(store.seen.values())) > datetime.now(UTC)


def test_wrong_number_fails():
    challenge = pow.issue(KEY, 500, 60)
    data = json.loads(base64.b64decode(pow.solve(challenge)))
    data["number"] = (data["number"] + 1) % 501
    with pytest.raises(pow.ProofOfWorkFailed, match="wrong"):
        pow.verify(base64.b64encode(json.dumps(data).encode()).decode(), KEY, MemoryStore())


def test_other_key_fails():
    payload = pow.solve(pow.issue(pow.hmac_key("another secret"), 500, 60))
    with pytest.raises(pow.ProofOfWorkFailed):
        pow.verify(payload, KEY, MemoryStore())


def test_expired_challenge_fails():
    payload = pow.solve(pow.issue(KEY, 200, -5))
    with pytest.raises(pow.ProofOfWorkFailed, match="expired"):
        pow.verify(payload, KEY, MemoryStore())


@pytest.mark.parametrize("payload", [None, "", "not base64 !", base64.b64encode(b"[1, 2]").decode()])
def test_missing_or_unreadable(payload):
    with pytest.raises(pow.ProofOfWorkFailed):
        pow.verify(payload, KEY, MemoryStore())


def test_challenge_shape():
    challenge = pow.issue(KEY, 1234, 60)
    assert challenge["algorithm"] == "SHA-256" and challenge["maxNumber"] == 1234
    assert "expires=" in challenge["salt"] and len(challenge["signature"]) == 64
