"""Online providers against a local fake Nominatim/Photon: answers, cache, 429/500/timeout, the chain."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from cameramap.config import parse
from cameramap.geocoding.base import Precision, ProviderUnavailable, Status
from cameramap.geocoding.online import OnlineGeocoder
from cameramap.services import geocoding
from cameramap.storage.gazetteer import GeocodeCache, GeocodePending, GeocodeRate
from cameramap.storage.geocache import DbCache, DbRateLimiter
from cameramap.storage.models import utcnow

from .fake_providers import FakeProviders

AGENT = "cameramap-tests/1 (tests@example.org)"
US_QUERY = "3450 W 71st St, Springfield"


class Recording:
    def __init__(self):
        self.waits = []

    def wait(self, provider, interval):
        self.waits.append((provider, interval))


@pytest.fixture
def fake():
    with FakeProviders() as server:
        yield server


def provider(kind, fake, **kwargs):
    kwargs.setdefault("limiter", Recording())
    return OnlineGeocoder(kind, fake.url, AGENT, **kwargs)


@pytest.mark.parametrize(("kind", "path"), [("nominatim", "/search"), ("photon", "/api")])
def test_answer_is_scored_by_us_and_identifies_itself(fake, kind, path):
    limiter = Recording()
    result = provider(kind, fake, limiter=limiter).geocode(US_QUERY)
    assert result.status is Status.OK
    assert result.best.precision is Precision.ADDRESS and result.best.score == 1.0
    assert result.best.source == kind
    assert result.best.point.lon == pytest.approx(-73.982, abs=1e-3)
    assert fake.requests[0]["path"] == path and fake.requests[0]["user_agent"] == AGENT
    assert limiter.waits == [(kind, 1.0)]


def test_wrong_street_from_the_provider_scores_low(fake):
    result = provider("nominatim", fake).geocode("12 Completely Different Road")
    assert result.status is Status.NO_MATCH and result.candidates


@pytest.mark.parametrize("kind", ["nominatim", "photon"])
def test_empty_answer_is_no_match(fake, kind):
    fake.mode = "empty"
    assert provider(kind, fake).geocode(US_QUERY).status is Status.NO_MATCH


@pytest.mark.parametrize("kind", ["nominatim", "photon"])
@pytest.mark.parametrize(("mode", "reason"),
                         [("429", "rate limited"), ("500", "failed"), ("slow", "timed out")])
def test_provider_failures_raise_unavailable(fake, kind, mode, reason):
    fake.mode = mode
    with pytest.raises(ProviderUnavailable) as caught:
        provider(kind, fake, timeout=0.5).geocode(US_QUERY)
    assert reason in caught.value.reason
    assert caught.value.retry_after == (30 if mode == "429" else None)


def test_answers_are_cached_without_the_query_text(fake, session):
    geocoder = provider("nominatim", fake, cache=DbCache(session))
    first, second = geocoder.geocode(US_QUERY), geocoder.geocode(US_QUERY.upper())
    assert first.best == second.best and len(fake.requests) == 1
    row = session.scalars(select(GeocodeCache)).one()
    assert "71st" not in row.query_hash and len(row.query_hash) == 64


def test_reverse_through_a_provider(fake):
    from cameramap.domain.geo import Point

    answer = provider("nominatim", fake).reverse(Point(-73.9821, 40.7644))
    assert answer.address.precision is Precision.ADDRESS and answer.address_distance_m < 1


@pytest.fixture
def small_gazetteer(session, tmp_path):
    path = tmp_path / "addresses.csv"
    path.write_text("street,housenumber,lat,lon\nTestikatu,1,60.0,24.0\nTestikatu,3,60.0,24.001\n")
    geocoding.build_gazetteer(session, path)


def config(fake):
    return parse({"GEOCODER_NOMINATIM_URL": fake.url, "GEOCODER_USER_AGENT": AGENT,
                  "GEOCODER_MIN_INTERVAL": "0", "GEOCODER_TIMEOUT": 1, "GEOCODER_MIN_SCORE": "0.75"})


def test_chain_keeps_answerable_queries_offline(fake, session, small_gazetteer):
    result = geocoding.forward(session, "Testikatu 3", config(fake))
    assert result.best.source == "gazetteer" and fake.requests == []


def test_chain_asks_online_when_offline_falls_short(fake, session, small_gazetteer):
    result = geocoding.forward(session, US_QUERY, config(fake))
    assert result.ok and result.best.source == "nominatim"
    offline_only = parse()  # no provider configured
    assert geocoding.forward(session, US_QUERY, offline_only).status is Status.NO_MATCH


def test_failed_provider_queues_the_record_and_a_retry_resolves_it(fake, session, small_gazetteer):
    fake.mode = "500"
    result = geocoding.geocode_or_queue(session, "submission", "17", US_QUERY, config(fake))
    assert result.status is Status.UNAVAILABLE
    row = session.scalars(select(GeocodePending)).one()
    assert (row.status, row.attempts, row.query) == ("waiting", 1, US_QUERY)
    assert geocoding.retry_pending(session, config(fake)) == {"resolved": 0, "no_match": 0, "waiting": 0}
    fake.mode = "ok"
    row.next_attempt_at = utcnow() - timedelta(seconds=1)
    assert geocoding.retry_pending(session, config(fake))["resolved"] == 1
    assert row.status == "resolved" and row.answer["precision"] == "address"


def test_database_rate_limiter_books_one_slot_per_second(engine):
    clock = {"now": 5000.0}
    limiter = DbRateLimiter(engine, clock=lambda: clock["now"])
    try:
        assert limiter.reserve("test-provider", 1.0) == 0.0
        assert limiter.reserve("test-provider", 1.0) == 1.0
        assert limiter.reserve("test-provider", 1.0) == 2.0
        clock["now"] += 10
        assert limiter.reserve("test-provider", 1.0) == 0.0
    finally:
        with engine.begin() as connection:
            connection.execute(delete(GeocodeRate).where(GeocodeRate.provider == "test-provider"))
