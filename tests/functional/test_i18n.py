"""Languages: every page in English and Russian, the switch and its cookie, Accept-Language, localised
dates and numbers, and catalogues that are complete and up to date with the sources."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

import cameramap
from cameramap.domain.records import Actor, SourceSpec
from cameramap.services.accountability import records
from cameramap.services.moderation import accounts
from cameramap.services.submissions import confirmations
from cameramap.web.i18n import SUPPORTED_LANGUAGES, local_number
from cameramap.web.script_messages import SCRIPT_MESSAGES, SCRIPT_PLURALS
from cameramap.web.terms import TERMS
from tests.factories import make_camera
from tests.functional.submissions.helpers import (  # noqa: F401 (sclient, submission_app: fixtures)
    HELSINKI,
    api_submit,
    csrf_token,
    form_tokens,
    sclient,
    submission_app,
)

ROOT = Path(cameramap.__file__).resolve().parent.parent
TRANSLATIONS = Path(cameramap.__file__).resolve().parent / "translations"
SCRIPTS = Path(cameramap.__file__).resolve().parent / "static" / "js"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
FILE = re.compile(r"\.\w+$")  # /compare.csv, /feeds/cameras.atom: downloads, not pages
PASSWORD = "correct horse battery staple"
# Words of the base template's chrome in each language (navigation).
CHROME = {"en": ("Skip to content", "Report a camera", "About"),
          "ru": ("Перейти к содержимому", "Сообщить о камере", "О проекте")}


def po_files() -> list[Path]:
    return sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


# --- pages ------------------------------------------------------------------------------------------


@pytest.fixture
def pages(request, session):
    """A logged-in moderator's client and the pages with ids: a camera, a submission, its status link."""
    client = request.getfixturevalue("sclient")
    camera = make_camera(session)
    official = SourceSpec(name="Official i18n", kind="official_registry", licence="CC0-1.0")
    make_camera(session, source=official, lon=camera.lon + 0.00002, lat=camera.lat)
    vendor = document_operator(session, camera.operator_id)
    confirmations.confirm(session, camera.id, "voter-1", threshold=3)
    confirmations.report(session, camera.id, "gone", "taken down last week")
    accounts.add_moderator(session, "mod-i18n", PASSWORD, role="admin")  # sees every page
    answer = api_submit(client, HELSINKI | {"camera_type": "dome", "operator": "Metro Security"})
    assert answer.status_code == 201, answer.get_data(as_text=True)
    submission_id, status_url = answer.get_json()["id"], answer.get_json()["status_url"]
    token = csrf_token(client.get("/moderate/login").get_data(as_text=True))
    client.post("/moderate/login", data={"name": "mod-i18n", "password": PASSWORD, "csrf_token": token})
    with_ids = [f"/cameras/{camera.id}", "/" + status_url.split("/", 3)[3], f"/moderate/cameras/{camera.id}",
                f"/moderate/submissions/{submission_id}", f"/operators/{camera.operator_id}",
                f"/ogc/collections/cameras/items/{camera.id}?f=html", f"/vendors/{vendor.id}",
                f"/operators/{camera.operator_id}/letter?kind=ru_152fz_art14&camera={camera.id}",
                "/compare?official=Official+i18n&observed=Test+source"]
    return client, with_ids


def document_operator(session, operator_id: int):
    """An operator with its accountability record, a vendor, a claim, a document and a contract."""
    records.update_operator(session, operator_id, {"kind": "municipal", "data_controller": "City Hall"},
                            Actor("moderator", "mod"), reason="from the city's site")
    vendor = records.ensure_vendor(session, "LensCo", country="Finland")
    records.add_operator_claim(session, operator_id, "face_recognition", "likely", "news", "A news story",
                               vendor="LensCo")
    records.add_document(session, operator_id, "news", "Cameras go up", None, "2020-01-15", vendor="LensCo")
    records.add_contract(session, operator_id, "Camera maintenance", vendor="LensCo", amount="1234567",
                         currency="eur", signed_on="2019-12-01")
    session.commit()
    return vendor


def page_paths(app) -> list[str]:
    """Every GET route without arguments that is not a file download (JSON answers are skipped later)."""
    paths = {rule.rule for rule in app.url_map.iter_rules()
             if "GET" in (rule.methods or ()) and not rule.arguments and not FILE.search(rule.rule)}
    return sorted(paths)


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_every_page_renders_in_each_language(app, pages, lang):
    client, with_ids = pages
    checked = 0
    for path in page_paths(app) + with_ids + ["/api/v1/docs"]:
        url = path + ("&" if "?" in path else "?") + f"lang={lang}"
        response = client.get(url, headers={"Accept": "text/html"})
        if response.mimetype != "text/html" and path not in with_ids + ["/api/v1/docs"]:
            continue  # the JSON API
        assert response.status_code == 200, (path, lang, response.get_data(as_text=True)[:300])
        html = response.get_data(as_text=True)
        if 'class="site-header"' in html:  # pages built on base.html
            checked += 1
            assert f'<html lang="{lang}">' in html, path
            assert all(word in html for word in CHROME[lang]), (path, lang)
            assert 'aria-current="true">' + SUPPORTED_LANGUAGES[lang] in html, path
    assert checked >= 8


def test_russian_pages_are_russian(app, pages):
    client, with_ids = pages
    camera_page = client.get(with_ids[0] + "?lang=ru").get_data(as_text=True)
    for russian in ("Что это", "Оператор", "Возможности", "Источники", "История", "Что видели посетители"):
        assert russian in camera_page
    assert "What it is" not in camera_page and "Seen by the public" not in camera_page
    form = client.get("/submit?lang=ru").get_data(as_text=True)
    assert "<h1>Сообщить о камере</h1>" in form and "Широта" in form and "Распознавание лиц" in form
    queue = client.get("/moderate?lang=ru").get_data(as_text=True)
    assert "Очередь модерации" in queue and "Камеры больше нет" in queue


def test_filters_are_not_frozen_at_compile_time(app):
    """Jinja folds constant expressions when it compiles a template: ours depend on the request."""
    template = app.jinja_env.from_string('{{ "official_registry"|term }} {{ 1234567|number }}')
    words = {"en": "official registry", "ru": "официальный реестр"}
    for lang in SUPPORTED_LANGUAGES:
        with app.test_request_context(f"/?lang={lang}"):
            assert template.render() == f"{words[lang]} {format_decimal(1234567, locale=lang)}"


def test_form_errors_speak_the_page_language(pages):
    client, _with_ids = pages
    for lang, expected in (("ru", "Введите широту"), ("en", "lat must be a number")):
        tokens = form_tokens(client, f"/submit?lang={lang}")
        answer = client.post("/submit", data=tokens | {"lat": "north", "lon": "24.9", "action": "save"})
        assert answer.status_code == 400 and expected in answer.get_data(as_text=True)


def test_language_switch_keeps_the_page_and_its_query(client):
    html = client.get("/sources?lang=ru&x=1").get_data(as_text=True)
    assert 'href="/sources?x=1&amp;lang=en"' in html and 'href="/sources?x=1&amp;lang=ru"' in html
    assert 'aria-current="true">Русский' in html and 'aria-current="true">English' not in html


def test_cookie_remembers_the_chosen_language(client):
    response = client.get("/sources?lang=ru")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=ru;") and "SameSite=Lax" in cookie and "HttpOnly" in cookie
    assert "Path=/" in cookie
    later = client.get("/sources", headers={"Accept-Language": "en"})
    assert '<html lang="ru">' in later.get_data(as_text=True)
    assert "Set-Cookie" not in later.headers  # nothing new to remember
    back = client.get("/sources?lang=en")
    assert back.headers["Set-Cookie"].startswith("lang=en;")
    assert '<html lang="en">' in client.get("/sources").get_data(as_text=True)


def test_cookie_is_secure_as_the_other_cookies(app, client, configure):
    configure(app, COOKIE_SECURE=True)
    assert "Secure" in client.get("/sources?lang=ru").headers["Set-Cookie"]
    configure(app, COOKIE_SECURE=False)
    assert "Secure" not in client.get("/sources?lang=en").headers["Set-Cookie"]


@pytest.mark.parametrize(("header", "lang"), [("ru-RU,ru;q=0.9,en;q=0.5", "ru"), ("fi,ru;q=0.8", "ru"),
                                              ("en-GB", "en"), ("fr, de;q=0.5", "en"), ("", "en")])
def test_accept_language_decides_without_a_choice(client, header, lang):
    html = client.get("/sources", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert CHROME[lang][0] in html


@pytest.mark.parametrize("value", ["xx", "RU-evil", "<script>", "../../etc", ""])
def test_unknown_language_is_ignored(client, value):
    response = client.get("/sources", query_string={"lang": value}, headers={"Accept-Language": "ru"})
    assert response.status_code == 200
    assert '<html lang="ru">' in response.get_data(as_text=True)
    assert "lang=" not in response.headers.get("Set-Cookie", "")


def test_language_choice_applies_to_error_pages(client):
    response = client.get("/cameras/999999999?lang=ru", headers={"Accept": "text/html"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="ru">' in html and "Вернуться к карте" in html and "Не найдено" in html


def test_dates_and_numbers_follow_the_language(app, client, session):
    camera = make_camera(session)
    today = date.today()
    for lang in SUPPORTED_LANGUAGES:
        html = client.get(f"/cameras/{camera.id}?lang={lang}").get_data(as_text=True)
        assert format_date(today, "medium", locale=lang) in html
        with app.test_request_context(f"/?lang={lang}"):
            assert local_number(1234567.5, 1) == format_decimal(1234567.5, "#,##0.0", locale=lang)
    assert format_date(today, "medium", locale="ru") != format_date(today, "medium", locale="en")


def test_scripts_catalogue(client):
    body = client.get("/i18n/ru.json").get_json()
    assert body["lang"] == "ru" and set(SCRIPT_MESSAGES) <= set(body["messages"])
    assert body["messages"]["Sending…"] != "Sending…" and set(body["terms"]) == set(TERMS)
    assert body["terms"]["dome"] == "купольная"
    assert client.get("/i18n/xx.json").status_code == 404
    html = client.get("/submit?lang=ru").get_data(as_text=True)
    block = re.search(r'<script type="application/json" id="cameramap-i18n">(.*?)</script>', html, re.S)
    assert block and json.loads(block.group(1)) == {"messages": body["messages"], "terms": body["terms"],
                                                    "plurals": body["plurals"]}


def test_scripts_catalogue_has_every_plural_form(client):
    """Russian has three forms (one, few, many) and English two, named as Intl.PluralRules names them."""
    ru = client.get("/i18n/ru.json").get_json()["plurals"]["{count} camera in this view."]
    assert ru == {"one": "{count} камера в этой части карты.", "few": "{count} камеры в этой части карты.",
                  "many": "{count} камер в этой части карты."}
    en = client.get("/i18n/en.json").get_json()["plurals"]["{count} camera in this view."]
    assert en == {"one": "{count} camera in this view.", "other": "{count} cameras in this view."}
    assert set(client.get("/i18n/ru.json").get_json()["plurals"]) == {s for s, _p in SCRIPT_PLURALS}


def test_every_script_message_is_in_the_catalogue():
    """Strings passed to t("...") in our scripts are the msgids listed in web/script_messages.py."""
    call = re.compile(r"""\bt\(\s*"((?:[^"\\]|\\.)*)\"""")
    plural = re.compile(r"""\btn\(\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)\"""")
    used = {(path.name, text) for path in SCRIPTS.glob("*.js") for text in call.findall(path.read_text())}
    assert used, "no script uses t()"
    missing = sorted(item for item in used if item[1] not in SCRIPT_MESSAGES)
    assert not missing, f"add these to cameramap/web/script_messages.py: {missing}"
    plurals = {pair for path in SCRIPTS.glob("*.js") for pair in plural.findall(path.read_text())}
    assert plurals and plurals <= set(SCRIPT_PLURALS), plurals - set(SCRIPT_PLURALS)


# --- catalogues ----------------------------------------------------------------------------------------


def test_there_is_a_catalogue_for_every_language_but_english():
    assert {path.parts[-3] for path in po_files()} == set(SUPPORTED_LANGUAGES) - {"en"}


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.parts[-3])
def test_catalogue_is_complete(po):
    catalog = read(po)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(("fuzzy" if message.fuzzy else "untranslated", message.id))
    assert not problems, f"{po}: {problems}"
    assert len(catalog) > 0


def extracted_msgids() -> set[str]:
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


def key(value):
    """A message id or string as a hashable value (plural forms come as lists or tuples)."""
    return value if isinstance(value, str) else tuple(value)


@pytest.mark.skipif(not (ROOT / "babel.cfg").is_file(), reason="babel.cfg is in the source checkout only")
@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.parts[-3])
def test_catalogue_is_up_to_date_with_the_sources(po):
    catalog, extracted = read(po), extracted_msgids()
    missing = sorted(m for m in extracted if m not in catalog)
    assert not missing, f"run the update step of docs/translations.md; not in {po}: {missing}"
    stale = sorted(key(m.id)[0] if isinstance(m.id, tuple | list) else m.id for m in catalog
                   if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in extracted)
    assert not stale, f"messages no longer in the sources (run the update step): {stale}"


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.parts[-3])
def test_compiled_catalogue_matches_the_po(po):
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"compile {po} (pybabel compile -d cameramap/translations)"
    with mo.open("rb") as handle:
        compiled = {key(m.id): key(m.string) for m in read_mo(handle) if m.id}
    source = {key(m.id): key(m.string) for m in read(po) if m.id and not m.fuzzy}
    assert compiled == source, f"{mo} is out of date: run pybabel compile -d cameramap/translations"
