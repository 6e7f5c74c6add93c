"""The submit form's pages: no repeated heading, removing a photo without JavaScript, the status page
repeating what was sent, and "I saw it too" never refused as too quick."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from cameramap.storage.models import Camera
from tests.factories import make_camera
from tests.functional.submissions.helpers import HELSINKI, form_tokens, jpeg_with_metadata, solution
from tests.functional.submissions.test_form import fields


def test_no_legend_is_repeated_as_a_label(sclient):
    html = sclient.get("/submit").get_data(as_text=True)
    legends = {text.strip() for text in re.findall(r"<legend>([^<]+)</legend>", html)}
    labels = {text.strip() for text in re.findall(r"<label[^>]*>([^<]+)</label>", html)}
    assert legends and not legends & labels, legends & labels
    assert 'id="my-location"' in html and "Use my location" in html


def test_a_photo_can_be_removed_without_javascript(sclient, session):
    tokens = form_tokens(sclient)
    upload = (io.BytesIO(jpeg_with_metadata(gps=(60.2, 24.95))), "door.jpg")
    offered = sclient.post("/submit", data=fields(photo=upload, **tokens), content_type="multipart/form-data")
    html = offered.get_data(as_text=True)
    token = re.search(r'id="photo_token" name="photo_token" type="hidden" value="([^"]+)"', html).group(1)
    assert 'id="photo-attached"' in html and 'id="photo-attached" hidden' not in html
    removed = sclient.post("/submit", data=fields(photo_token=token, photo_lat="60.2000000",
                                                   photo_lon="24.9500000", action="remove_photo", **tokens))
    html = removed.get_data(as_text=True)
    assert removed.status_code == 200 and "The photo was removed" in html
    assert 'id="photo_token" name="photo_token" type="hidden" value=""' in html
    assert 'id="photo-attached" hidden' in html
    assert re.search(r'id="photo-offer" class="offer"\s+hidden', html)
    assert f'value="{HELSINKI["lat"]}"' in html  # the rest of the form stays


def test_status_page_repeats_what_was_sent(sclient, session):
    tokens = form_tokens(sclient)
    sent = sclient.post("/submit", data=fields(altcha=solution(sclient), cap_night_vision="y",
                                               evidence_night_vision="a ring of <b>infrared</b> lights",
                                               notes="Above the bakery door", **tokens))
    assert sent.status_code == 303
    html = sclient.get(sent.headers["Location"]).get_data(as_text=True)
    sent_part = html.split('id="submission-sent"')[1]
    for words in ("dome", "wall", "135", "Helsinki Police", "night vision", "Above the bakery door",
                  "a ring of &lt;b&gt;infrared&lt;/b&gt; lights", f'{HELSINKI["lat"]:.6f}'):
        assert words in sent_part, words
    ru = sclient.get(sent.headers["Location"].split("?")[0] + "?lang=ru").get_data(as_text=True)
    assert "Что вы отправили" in ru


def test_i_saw_it_too_is_never_too_quick(sclient, session, submission_app, monkeypatch, configure):
    configure(submission_app, FORM_MIN_SECONDS=3600)
    camera = make_camera(session)
    session.commit()
    tokens = form_tokens(sclient, f"/cameras/{camera.id}")
    confirmed = sclient.post(f"/cameras/{camera.id}/confirm", data=tokens | {"altcha": solution(sclient)})
    page = sclient.get(confirmed.headers["Location"]).get_data(as_text=True)
    assert "quicker than a person" not in page and "1 independent confirmation so far" in page
    report = sclient.post(f"/cameras/{camera.id}/report", data=tokens | {"altcha": solution(sclient),
                                                                         "kind": "gone"})
    assert "quicker than a person" in sclient.get(report.headers["Location"]).get_data(as_text=True)
    assert session.scalar(select(Camera.id).where(Camera.id == camera.id))


def test_i_saw_it_too_without_javascript_speaks_of_a_button(sclient, session):
    camera = make_camera(session)
    session.commit()
    tokens = form_tokens(sclient, f"/cameras/{camera.id}")
    refused = sclient.post(f"/cameras/{camera.id}/confirm", data=tokens)  # no proof of work, no wait
    page = sclient.get(refused.headers["Location"]).get_data(as_text=True)
    assert "please press the button again in" in page and "send the form" not in page
