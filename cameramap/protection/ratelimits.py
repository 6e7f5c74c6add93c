"""Rate limits: one budget per hashed client across the submission endpoints, one for everyone."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial

from flask import Flask, Response, current_app, request
from flask.globals import request_ctx
from flask_limiter import Limiter

from ..extensions import db, settings
from ..request_transaction import abandoned
from ..services.submissions import intake
from .clientkey import client_key

READABLE_429 = ("Too many submissions from your network right now. Nothing was saved; "
                "please try again later.")
IDEMPOTENT_ENDPOINT = "api_submissions.create_submission"  # the one view that stores its answers
BUSY_429 = ("The site-wide submission limit is reached: the site receives too many submissions right now. "
            "Nothing was saved; please try again later.")
EXPOSURE_429 = "Too many requests from your network right now. Nothing was kept; please try again later."



class _Limiter(Limiter):
    """Flask-Limiter, skipping GET/HEAD of views marked unlimited_read before any limit is resolved
    (its own request filters run only after that work)."""

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        if _unlimited():
            request.environ[UNLIMITED] = True
        else:
            super()._check_request_limit(callable_name, in_middleware)


def _unlimited() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return request.method in ("GET", "HEAD") and getattr(view, "cameramap_unlimited_read", False)


UNLIMITED = "cameramap.unlimited_read"  # in the environ: the limiter skipped this request


def lean_limiter_hooks(app: Flask) -> None:
    """An unlimited read (skipped by _check_request_limit) has no limit to report in headers nor a
    limiter context to reset: its after-request and teardown functions return at once."""
    after = app.after_request_funcs.setdefault(None, [])
    teardown = app.teardown_request_funcs.setdefault(None, [])
    for i, hook in enumerate(after):
        if isinstance(hook, partial) and hook.args == (limiter,):
            after[i] = partial(_inject_headers, hook)
    for i, hook in enumerate(teardown):
        if getattr(hook, "__self__", None) is limiter:
            teardown[i] = partial(_release_context, hook)


def _inject_headers(inject: Callable[[Response], Response], response: Response) -> Response:
    return response if UNLIMITED in request.environ else inject(response)


def _release_context(release: Callable[..., object], exc: BaseException | None = None) -> None:
    if getattr(request_ctx, "_limiter_request_context", None) is not None:  # made on first use
        release(exc)


# Bound (Redis when configured) in protection.setup.init_app.
limiter = _Limiter(key_func=client_key, key_prefix="cameramap")


def unlimited_read(view: Callable) -> Callable:
    """Mark a read-only view that no limit names: its GET/HEAD requests skip the limiter entirely
    (the map's hottest path; limits are for writes and challenges)."""
    view.cameramap_unlimited_read = True  # type: ignore[attr-defined]
    return view


def _everyone() -> str:
    return "everyone"


def _cost() -> int:
    """The no-JavaScript form's intermediate steps (find the address, use the photo's position)
    are checked against the limits but not counted; saving is."""
    return 1 if request.form.get("action", "save") == "save" else 0


def _replay() -> bool:
    """A retry of an API request already answered under its Idempotency-Key (its answer was lost on
    the way): exempt from the limits, as it only reads the stored answer."""
    if "cameramap.replay" not in request.environ:  # asked once per request, by both limits
        key = (request.headers.get("Idempotency-Key") or "").strip()
        keyed = (key and len(key) <= intake.MAX_IDEMPOTENCY_KEY and request.is_json
                 and request.endpoint == IDEMPOTENT_ENDPOINT)
        data = request.get_json(silent=True) if keyed else None
        request.environ["cameramap.replay"] = isinstance(data, dict) and intake.is_replay(
            db.session(), key, intake.request_fingerprint(data))
    return bool(request.environ["cameramap.replay"])


def _accepted(response: Response) -> bool:
    """The request passed the proof of work and validation and its writes are kept."""
    return response.status_code < 400 and not abandoned()


def submission_limits(view: Callable) -> Callable:
    """One budget per hashed client across all submission endpoints (every attempt counts), and the
    site-wide limit: a last-resort circuit breaker that only accepted submissions spend, so requests
    failing the proof of work or validation cannot use it up. POST only (pages stay readable),
    retries of answered API requests exempt."""
    per_client = limiter.shared_limit(lambda: settings().rate_limit_submit, scope="submit",
                                      methods=["POST"], error_message=READABLE_429, cost=_cost,
                                      exempt_when=_replay)
    overall = limiter.shared_limit(lambda: settings().rate_limit_global, scope="submit-all",
                                   key_func=_everyone, methods=["POST"], error_message=BUSY_429,
                                   cost=_cost, exempt_when=_replay, deduct_when=_accepted)
    return overall(per_client(view))


def challenge_limit(view: Callable) -> Callable:
    return limiter.limit(lambda: settings().rate_limit_challenge,
                         error_message="Too many challenges asked from your network; try again later.")(view)


def exposure_limit(view: Callable) -> Callable:
    """POST /api/v1/exposure per hashed client; the body is not read before the limit is checked."""
    return limiter.limit(lambda: settings().rate_limit_exposure, scope="exposure", methods=["POST"],
                         error_message=EXPOSURE_429)(view)


def routes_limit(view: Callable) -> Callable:
    """POST /api/v1/routes per hashed client (a route costs a dozen shortest-path searches)."""
    return limiter.limit(lambda: settings().rate_limit_routes, scope="routes", methods=["POST"],
                         error_message=EXPOSURE_429)(view)


def _account() -> str:
    """The log-in's moderator name, hashed (not a secret, but it need not sit in Redis as typed)."""
    name = (request.form.get("name") or "").strip().casefold()
    return "login-account:" + hashlib.sha256(name.encode()).hexdigest()[:32]


def _failed(response: Response) -> bool:
    """A log-in that did not succeed (a success redirects to the queue)."""
    return response.status_code != 303


def login_limits(view: Callable) -> Callable:
    """Log-in attempts per client, and failed ones per account name from all clients together, so that
    guesses spread over many addresses are still bounded."""
    per_client = limiter.limit(lambda: settings().rate_limit_login, methods=["POST"],
                               error_message="Too many log-in attempts; wait a few minutes.")
    per_account = limiter.limit(lambda: settings().rate_limit_login_account, key_func=_account,
                                methods=["POST"], deduct_when=_failed,
                                error_message="Too many failed log-ins for this account; wait and try later.")
    return per_client(per_account(view))
