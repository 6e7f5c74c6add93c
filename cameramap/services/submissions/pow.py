"""Self-hosted proof of work (ALTCHA v1 protocol): issue challenges, verify solutions once.

A challenge is `sha256(salt + n)` for a secret random n below `max_number`; the salt carries its
expiry and the server signs the challenge with an HMAC key, so nothing is stored when issuing.
A solved challenge is remembered until it expires (Redis `SET NX` or a database row), which makes
a replayed solution fail on every worker and host.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, cast

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.errors import DomainError, UsageError
from ...storage.submissions import SolvedChallenge

if TYPE_CHECKING:
    from altcha.v1 import PayloadType


class ProofOfWorkFailed(DomainError):
    """A missing, wrong, expired or replayed solution: 400 with a sentence the client can show."""

    code = "proof_of_work_failed"
    status = 400


class ReplayStore(Protocol):
    def remember(self, signature: str, expires_at: datetime) -> bool:
        """Record a solved challenge; False when it was already recorded."""


def hmac_key(secret_key: str) -> str:
    return hashlib.sha256(f"cameramap-pow:{secret_key}".encode()).hexdigest()


def issue(key: str, max_number: int, lifetime_s: int) -> dict[str, Any]:
    """A fresh challenge as the ALTCHA widget and API clients expect it."""
    import altcha  # (with argon2) loaded by the first challenge, not by every serving process

    expires = datetime.now(UTC) + timedelta(seconds=lifetime_s)
    options = altcha.ChallengeOptionsV1(hmac_key=key, max_number=max_number, expires=expires)
    challenge = altcha.create_challenge_v1(options)
    return challenge.to_dict()


def solve(challenge: dict[str, Any]) -> str:
    """Solve a challenge (API clients and tests); returns the payload to send back."""
    import altcha

    found = altcha.solve_challenge_v1(challenge["challenge"], challenge["salt"],
                                      challenge["algorithm"], challenge["maxNumber"])
    if found is None:
        raise UsageError("challenge has no solution below maxNumber")
    payload = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")}
    payload["number"] = found.number
    return base64.b64encode(json.dumps(payload).encode()).decode()


def _decode(payload: str) -> PayloadType:
    """The solution as a JSON object; altcha checks its fields before anything reads them."""
    try:
        data = json.loads(base64.b64decode(payload, validate=False).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ProofOfWorkFailed("the proof-of-work solution is not readable", parameter="altcha") from None
    if not isinstance(data, dict):
        raise ProofOfWorkFailed("the proof-of-work solution is not readable", parameter="altcha")
    return cast("PayloadType", data)


def _expiry(data: PayloadType) -> datetime:
    import altcha

    params = altcha.extract_params_v1(data)
    try:
        return datetime.fromtimestamp(int(params["expires"][0]), UTC)
    except (KeyError, IndexError, ValueError):
        raise ProofOfWorkFailed("the challenge carries no expiry", parameter="altcha") from None


def verify(payload: str | None, key: str, store: ReplayStore) -> None:
    """Accept a solution once; raise ProofOfWorkFailed when missing, wrong, expired or replayed."""
    if not payload:
        raise ProofOfWorkFailed(
            "a proof-of-work solution is required: ask GET /api/v1/challenge and solve it",
            parameter="altcha")
    data = _decode(payload)
    import altcha

    ok, error = altcha.verify_solution_v1(data, key, check_expires=True)
    if not ok:
        message = "the challenge has expired; ask for a new one" if error and "expired" in error \
            else "the proof-of-work solution is wrong"
        raise ProofOfWorkFailed(message, parameter="altcha")
    if not store.remember(str(data["signature"]), _expiry(data)):
        raise ProofOfWorkFailed("this challenge was already used; ask for a new one",
                                parameter="altcha", code="proof_of_work_replayed")


class DatabaseReplayStore:
    """Solved challenges as rows; the primary key makes the second insert fail on any worker."""

    def __init__(self, session: Session):
        self.session = session

    def remember(self, signature: str, expires_at: datetime) -> bool:
        now = datetime.now(UTC)
        self.session.execute(delete(SolvedChallenge).where(SolvedChallenge.expires_at < now))
        try:
            with self.session.begin_nested():
                self.session.add(SolvedChallenge(signature=signature, expires_at=expires_at))
        except IntegrityError:
            return False
        return True


class RedisReplayStore:
    """Solved challenges as Redis keys that expire with the challenge."""

    def __init__(self, client: Any, prefix: str = "cameramap:pow:"):
        self.client = client
        self.prefix = prefix

    def remember(self, signature: str, expires_at: datetime) -> bool:
        ttl = max(1, int((expires_at - datetime.now(UTC)).total_seconds()) + 1)
        return bool(self.client.set(self.prefix + signature, b"1", nx=True, ex=ttl))
