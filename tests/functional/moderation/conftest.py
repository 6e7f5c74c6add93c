"""Moderation fixtures: the submission app and client, and a moderator."""

import pytest

from cameramap.services.moderation import accounts
from tests.functional.submissions.helpers import sclient, submission_app  # noqa: F401

PASSWORD = "correct horse battery staple"


@pytest.fixture
def moderator(session):
    return accounts.add_moderator(session, "mod-ann", PASSWORD)
