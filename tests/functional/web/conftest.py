"""Web test fixtures: the submission app and its client."""

from tests.functional.submissions.helpers import sclient, submission_app  # noqa: F401
