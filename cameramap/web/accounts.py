"""The admins' page of moderator accounts: add, disable, enable, set a password, end sessions."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..domain.errors import DomainError, UsageError
from ..extensions import db
from ..request_transaction import abandon
from ..services.moderation import accounts, sessions

bp = Blueprint("accounts", __name__)
ACTIONS = ("disable", "enable", "password", "end-sessions")


def admin_required(view: Callable) -> Callable:
    """Logged in, and an admin: anyone else gets 403."""
    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if current_user.role != "admin":
            abort(403)
        return view(*args, **kwargs)

    return login_required(guarded)


def _back(message: str, error: bool = False) -> Any:
    if error:
        abandon()
    flash(message, "error" if error else "moderation")
    return redirect(url_for("accounts.page"), code=303)


@bp.get("/moderate/accounts")
@admin_required
def page() -> Any:
    session = db.session()
    return render_template("moderation/accounts.html", moderators=accounts.all_moderators(session),
                           open_sessions=sessions.open_counts(session), roles=accounts.ROLES)


@bp.post("/moderate/accounts")
@admin_required
def add() -> Any:
    form = request.form
    try:
        moderator = accounts.add_moderator(db.session(), form.get("name", ""), form.get("password", ""),
                                           form.get("role", "moderator"))
    except DomainError as err:
        return _back(err.message, error=True)
    return _back(_("Moderator %(name)s added.", name=moderator.name))


def _change(moderator_id: int, action: str) -> str:
    """Do `action` to the account; the message to show."""
    session, own = db.session(), moderator_id == current_user.row.id
    moderator = accounts.by_id(session, moderator_id)
    if action in ("disable", "enable"):
        if own:
            raise UsageError(_("You cannot disable or enable your own account."), parameter="moderator")
        accounts.set_active(session, moderator, action == "enable")
        return (_("%(name)s enabled.", name=moderator.name) if action == "enable"
                else _("%(name)s disabled; their sessions ended.", name=moderator.name))
    keep = current_user.id if own else None
    if action == "password":
        accounts.set_password(session, moderator, request.form.get("password", ""), keep=keep)
        return _("New password set for %(name)s; their other sessions ended.", name=moderator.name)
    ended = sessions.end_all(session, moderator.id, keep=keep)
    return ngettext("%(num)d session of %(name)s ended.", "%(num)d sessions of %(name)s ended.", ended,
                    name=moderator.name)


@bp.post("/moderate/accounts/<int:moderator_id>/<action>")
@admin_required
def change(moderator_id: int, action: str) -> Any:
    if action not in ACTIONS:
        abort(404)
    try:
        return _back(_change(moderator_id, action))
    except DomainError as err:
        return _back(err.message, error=True)
