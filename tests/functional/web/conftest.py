from tests.functional.submissions.helpers import sclient, submission_app  # noqa: F401
