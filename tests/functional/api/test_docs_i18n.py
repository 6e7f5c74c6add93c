"""/api/v1/docs speaks the page's language, every text of the document included; /api/v1/openapi.json
stays the same English document whatever the visitor's language."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import orjson
from babel.numbers import format_decimal
from flask_babel import gettext
from markupsafe import escape

from cameramap.api import openapi
from cameramap.api.routes import api_document
from cameramap.domain.texts import N_, Grouped, Text
from cameramap.web.i18n import local_text

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
WORDS = re.compile(r"\b[a-z]+ [a-z]+ [a-z]+\b")  # three English words in a row
SHOWN = ("title", "summary", "description")  # the members the page shows (templates/api/docs.html)


def texts(node: Any) -> Iterator[str]:
    """Every title, summary and description of the document, at any depth (a property named
    `description` is a schema, not a text: only string values count)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SHOWN and isinstance(value, str):
                yield value
            else:
                yield from texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from texts(item)


def schemas(node: Any) -> Iterator[dict[str, Any]]:
    """Every object of the document: all that the page may describe in a few words (and more)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from schemas(value)
    elif isinstance(node, list):
        for item in node:
            yield from schemas(item)


def marked(text: object) -> Iterator[Text]:
    """A marked text and the marked texts among its values, at any depth."""
    if isinstance(text, Text):
        yield text
        for value in text.values.values():
            yield from marked(value)


def page_texts(doc: dict[str, Any]) -> Iterator[str]:
    """The texts the page shows (templates/api/docs.html), paragraph by paragraph."""
    yield doc["info"]["title"]
    yield from doc["info"]["description"].split("\n\n")
    for item in doc["paths"].values():
        for operation in item.values():
            yield operation["summary"]
            yield from [operation["description"]] if "description" in operation else []
            yield from (parameter["description"] for parameter in operation.get("parameters", ()))
            for response in operation["responses"].values():
                yield response["description"]
                yield from (header["description"] for header in response.get("headers", {}).values())
    for schema in doc["components"]["schemas"].values():
        for part in (schema, *schema.get("properties", {}).values()):
            yield from [part["description"]] if "description" in part else []


def article(html: str) -> str:
    found = re.search(r'<article class="api-docs">(.*)</article>', html, re.S)
    assert found, "no documentation article"
    return found.group(1)


def test_every_text_of_the_document_is_marked_and_translated(app):
    """Fails when someone adds a description without N_() or without its Russian translation."""
    with app.test_request_context("/api/v1/docs?lang=ru"):
        doc = api_document(marked=True)
        shown = list(texts(doc))
        unmarked = sorted({text for text in shown if not isinstance(text, Text)})
        assert not unmarked, f"mark these with N_() (cameramap/domain/texts.py): {unmarked}"
        words = [openapi.describe(schema) for schema in schemas(doc)]
        missing = sorted({part.message for text in shown + words for part in marked(text)
                          if gettext(part.message) == part.message})
        assert not missing, f"translate these in messages.po (docs/translations.md): {missing}"
        assert all(CYRILLIC.search(local_text(text)) for text in shown)
        local = [local_text(text) for text in shown + words]
        english = sorted({found.group(0) for text in local if (found := WORDS.search(text))})
        assert not english, f"English left in Russian texts (an unmarked value of a marked text?): {english}"
    assert len(shown) > 250


def test_russian_page_is_russian(client):
    page = article(client.get("/api/v1/docs?lang=ru").get_data(as_text=True))
    for russian in ("<h1>API открытых данных cameramap", "<p>Открытые данные о камерах видеонаблюдения",
                    "Поиск камер (GeoJSON FeatureCollection, по возрастанию id) или вид карты для области",
                    "<td>Такого ресурса нет.</td>", "id оператора или его точное название; для условия ИЛИ",
                    "(пустое значение равносильно отсутствию параметра)</td>", "массив (Camera)",
                    "integer, не меньше 1, не больше", "Выезды временных систем", "Единый формат ошибок",
                    "<p class=\"prose\">С zoom или tile ответ — вид карты (CameraView)",
                    "<h3>Заголовки ответа</h3>",
                    "<dd>слабый; меняется при каждом изменении реестра (отправляйте его обратно в "
                    "If-None-Match)</dd>"):
        assert russian in page, russian
    with client.application.test_request_context("/"):
        english = [text for text in page_texts(api_document()) if len(text.split()) >= 3]
    left = [text for text in english if str(escape(text)) in page]
    assert not left, left
    for glue in (" or ", "array of", "one of", "at least", "at most", ", default"):
        assert glue not in page, glue


def test_english_page_is_the_english_document(client):
    page = article(client.get("/api/v1/docs", headers={"Accept-Language": "en"}).get_data(as_text=True))
    with client.application.test_request_context("/"):
        doc = api_document()
    assert not CYRILLIC.search(page)
    shown = list(page_texts(doc))
    assert len(shown) > 200
    for text in shown:
        assert str(escape(text)) in page, text
    assert "array of Camera" in page and "integer, at least 1, at most" in page
    assert "<h3>Response headers</h3>" in page and "<p class=\"prose\">With zoom or tile the answer" in page


def test_each_header_is_listed_once_with_the_statuses_that_send_it(client):
    page = article(client.get("/api/v1/docs?lang=en").get_data(as_text=True))
    cameras = re.search(r'<section id="listCameras">(.*?)</section>', page, re.S)
    assert cameras, "no section for GET /cameras"
    headers = re.findall(r"<dt><code>([\w-]+)</code> <span class=\"muted\">\(([\d, ]+)\)</span></dt>",
                         cameras.group(1))
    assert headers == [("Link", "200"), ("ETag", "200, 304"), ("Cache-Control", "200, 304"), ("Vary", "200")]


def test_openapi_json_stays_english_in_every_language(client):
    english = client.get("/api/v1/openapi.json").data
    client.get("/api/v1/docs?lang=ru")  # the page translates what it shows, never the document
    assert client.get("/api/v1/openapi.json").data == english  # with the lang=ru cookie
    assert client.get("/api/v1/openapi.json", headers={"Accept-Language": "ru"}).data == english
    assert not CYRILLIC.search(english.decode())
    plain = orjson.loads(english)
    with client.application.test_request_context("/"):
        served, marked = api_document(), api_document(marked=True)
    assert orjson.dumps(served) == orjson.dumps(marked) == english
    assert plain["info"]["title"] == "cameramap open data API"
    assert {type(text) for text in texts(served)} == {str}  # what schema validators take (jsonschema_rs)
    assert any(isinstance(text, Text) for text in texts(marked))


def test_marked_text_is_english_with_its_values_and_local_in_a_page(app):
    limit = N_("page size (at most %(limit)s; more is an error)", limit=2000)
    nested = N_("%(text)s (a blank value counts as absent)", text=limit)
    points = N_("Over 10 MB, or over %(points)s points.", points=Grouped(100_000))
    detour = N_("the detour allowed: %(budget)s = at most %(percent)s %% longer than the shortest "
                "(default)", budget=0.25, percent=25)
    assert nested == "page size (at most 2000; more is an error) (a blank value counts as absent)"
    assert points == "Over 10 MB, or over 100,000 points." and "25 % longer" in detour
    assert copy.deepcopy(nested).message == nested.message and copy.deepcopy(nested) == nested
    with app.test_request_context("/?lang=ru"):
        assert local_text(nested) == (f"размер страницы (не больше {format_decimal(2000, locale='ru')}; "
                                      "больше — ошибка) (пустое значение равносильно отсутствию параметра)")
        assert local_text(points) == f"Больше 10 МБ или больше {format_decimal(100_000, locale='ru')} точек."
        assert "0,25 = не больше чем на 25 % длиннее" in local_text(detour)
        assert local_text("string") == "string"  # names and types are not translated
        assert local_text(N_("a message nobody translated")) == "a message nobody translated"
    with app.test_request_context("/?lang=en"):
        assert local_text(nested) == nested and local_text(points) == points
