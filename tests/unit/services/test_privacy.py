"""Client keys: network prefixes (IPv6 by /64) and keyed hashes that never contain the address."""

from __future__ import annotations

import pytest

from cameramap.services.submissions import clientkeys


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.77", "203.0.113.77"),
        ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd:12::/64"),
        ("2001:db8:abcd:12:ffff::1", "2001:db8:abcd:12::/64"),
        ("::ffff:198.51.100.9", "198.51.100.9"),
        ("not an address", "unknown"),
        (None, "unknown"),
    ],
)
def test_network_of(address, network):
    assert clientkeys.network_of(address) == network


def test_same_64_gives_the_same_key_and_others_differ():
    secret = b"s" * 32
    a = clientkeys.keyed_hash(secret, "client", clientkeys.network_of("2001:db8:1:2::1"))
    b = clientkeys.keyed_hash(secret, "client", clientkeys.network_of("2001:db8:1:2:ffff::9"))
    c = clientkeys.keyed_hash(secret, "client", clientkeys.network_of("2001:db8:1:3::1"))
    assert a == b != c
    assert "2001" not in a and len(a) == 40


def test_rotating_secret_changes_the_key():
    one = clientkeys.keyed_hash(b"a" * 32, "client", "203.0.113.77")
    two = clientkeys.keyed_hash(b"b" * 32, "client", "203.0.113.77")
    assert one != two


def test_periods():
    assert clientkeys.current_period(24, now=0) == 0
    assert clientkeys.current_period(24, now=86_399) == 0
    assert clientkeys.current_period(24, now=86_400) == 1
    assert clientkeys.current_period(1, now=7_200) == 2


def test_database_secret_is_shared_and_old_ones_are_deleted(session):
    from sqlalchemy import delete

    from cameramap.storage.submissions import ClientKeySecret

    clientkeys.forget_cached_secrets()
    session.execute(delete(ClientKeySecret))  # precondition: only an old period's secret exists
    session.add(ClientKeySecret(period=1, secret=b"x" * 32))
    session.flush()
    first = clientkeys.period_secret(session, 24)
    clientkeys.forget_cached_secrets()
    assert clientkeys.period_secret(session, 24) == first  # another worker reads the same secret
    assert session.get(ClientKeySecret, 1) is None  # an old period's secret is gone
    clientkeys.forget_cached_secrets()
