"""Accountability figures of deployments add up to the records: service, API, CSV, operator page, /stats."""

from __future__ import annotations

import csv
import io

import pytest

from cameramap.domain.records import Actor
from cameramap.services.deployments import records
from cameramap.services.deployments.figures import deployment_figures

from .conftest import make_deployment

RECORDS = [  # location, day, start, minutes, faces, true (confirmed, unconfirmed), false (c, u), arrests
    ("Oxford Circus", (2025, 1, 8), (11, 0), 287, 14503, (2, 0), (1, 0), 2),
    ("Leicester Square", (2025, 1, 31), (22, 0), 270, 21377, (3, 0), (0, 1), 2),
    ("North End", (2025, 10, 25), (23, 0), 240, 6532, (1, 1), (0, 0), 1),
    ("Stratford Broadway", (2025, 10, 30), (13, 0), 245, None, (None, None), (None, None), None),
]


@pytest.fixture
def published(session):
    made = []
    for place, day, start, minutes, faces, true, false, arrests in RECORDS:
        made.append(make_deployment(
            session, place, day, start, minutes, faces_scanned=faces, true_alerts_confirmed=true[0],
            true_alerts_unconfirmed=true[1], false_alerts_confirmed=false[0],
            false_alerts_unconfirmed=false[1], arrests=arrests))
    removed = make_deployment(session, "Removed Street", (2025, 1, 9), (10, 0), 60, arrests=50)
    records.change_status(session, removed.id, "removed", Actor("moderator", "m"))
    make_deployment(session, "Queen Street", (2025, 1, 10), (10, 0), 60, arrests=3,
                    operator="South Wales Police")
    return made


def expected_total() -> dict:
    faces = sum(r[4] for r in RECORDS if r[4] is not None)
    true = sum(sum(r[5]) for r in RECORDS[:3])
    false = sum(sum(r[6]) for r in RECORDS[:3])
    arrests = sum(r[7] for r in RECORDS[:3])
    return {"month": "total", "deployments": 4, "hours": round(sum(r[3] for r in RECORDS) / 60, 2),
            "faces_scanned": faces, "true_alerts": true, "false_alerts": false, "arrests": arrests,
            "faces_per_true_alert": round(faces / true, 1),
            "false_alert_rate": round(false / (true + false), 4),
            "arrests_per_deployment": round(arrests / 3, 3)}


def test_the_figures_add_up_to_the_records(session, published):
    operator = published[0].operator_id
    figures = deployment_figures(session, operator)
    assert figures.total.row() == expected_total()
    months = [(m.month, m.deployments, m.arrests) for m in figures.months]
    assert months == [("2025-01", 2, 4), ("2025-10", 2, 1)]
    assert sum(m.hours for m in figures.months) == pytest.approx(figures.total.hours)
    assert deployment_figures(session).total.deployments == 5  # every operator, still not the removed one


def test_the_api_and_its_csv(client, published):
    body = client.get("/api/v1/deployments/figures?operator=Metropolitan%20Police%20Service").get_json()
    assert body["total"] == expected_total()
    response = client.get("/api/v1/deployments/figures.csv?operator=Metropolitan%20Police%20Service")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["month"] for r in rows] == ["2025-01", "2025-10", "total"]
    assert int(rows[-1]["arrests"]) == sum(int(r["arrests"]) for r in rows[:-1]) == 5
    assert rows[1]["faces_per_true_alert"] == "3266.0" and rows[1]["arrests"] == "1"
    nobody = client.get("/api/v1/deployments/figures?operator=Nobody").get_json()
    assert nobody["total"]["deployments"] == 0 and nobody["total"]["false_alert_rate"] is None
    assert client.get("/api/v1/deployments/figures?colour=1").status_code == 400


@pytest.mark.parametrize("lang, words", [("en", ("Per deployment", "All months")),
                                         ("ru", ("На выезд", "Все месяцы"))])
def test_operator_page_and_stats_show_them(client, published, lang, words):
    page = client.get(f"/operators/{published[0].operator_id}?lang={lang}").get_data(as_text=True)
    section = page[page.index('id="deployments"'):]
    assert all(word in section for word in words)
    assert ">4<" in section and ">5<" in section  # deployments and arrests in all
    assert "figures.csv?operator=Metropolitan+Police+Service" in section
    stats = client.get(f"/stats?lang={lang}").get_data(as_text=True)
    assert ">5<" in stats[stats.index('id="deployments"'):]
