"""The site-wide submission limit is a last-resort circuit breaker: requests that fail the proof of work
or validation do not spend it, so a flood of them cannot lock out a client with a valid solution."""

from __future__ import annotations

from tests.functional.submissions.helpers import HELSINKI, api_submit


def _address(n: int) -> dict[str, str]:
    return {"REMOTE_ADDR": f"203.0.113.{n % 62 + 1}"}


def test_600_requests_without_proof_of_work_leave_the_budget_to_a_solving_client(sclient, submission_app,
                                                                                configure):
    configure(submission_app, RATE_LIMIT_GLOBAL="600 per hour", RATE_LIMIT_SUBMIT="1000 per hour")
    statuses = {api_submit(sclient, HELSINKI | {"notes": str(n)}, pow_payload="not-a-solution",
                           environ=_address(n)).status_code for n in range(600)}
    assert 429 not in statuses and statuses <= {400, 403}
    invalid = {sclient.post("/api/v1/submissions", json={"lat": 95, "lon": 24.9},
                            environ_base=_address(n)).status_code for n in range(20)}
    assert invalid == {400}
    legitimate = api_submit(sclient, HELSINKI, environ={"REMOTE_ADDR": "198.51.100.7"})
    assert legitimate.status_code == 201, legitimate.get_json()


def test_the_site_wide_limit_names_itself_and_counts_accepted_submissions(sclient, submission_app,
                                                                          configure):
    configure(submission_app, RATE_LIMIT_GLOBAL="2 per hour", RATE_LIMIT_SUBMIT="1000 per hour")
    for n in range(5):
        assert api_submit(sclient, HELSINKI, pow_payload="wrong", environ=_address(n)).status_code != 429
    assert [api_submit(sclient, HELSINKI, environ=_address(n)).status_code for n in range(2)] == [201, 201]
    over = api_submit(sclient, HELSINKI, environ={"REMOTE_ADDR": "198.51.100.8"})
    assert over.status_code == 429 and "site-wide submission limit" in over.get_json()["message"]
