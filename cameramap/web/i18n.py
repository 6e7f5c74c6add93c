"""Languages: Flask-Babel set up with ?lang= -> `lang` cookie -> Accept-Language -> English."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import quote, urlencode

from flask import Flask, Response, g, jsonify, request
from flask_babel import format_date, format_decimal, get_locale, gettext, ngettext, refresh
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.exceptions import NotFound

from ..domain.texts import Text
from ..extensions import babel, settings

# code -> the language's own name, shown in the switch. Adding a language: a catalogue and a line here.
SUPPORTED_LANGUAGES = {"en": "English", "ru": "Русский"}
DEFAULT_LANGUAGE = "en"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _asked() -> str | None:
    """The language named by ?lang= when it is one we have; anything else is ignored."""
    value = (request.args.get("lang") or "").strip().lower()
    return value if value in SUPPORTED_LANGUAGES else None


def select_locale() -> str:
    """?lang= (validated), then the remembered cookie, then the browser's Accept-Language."""
    if not request:
        return DEFAULT_LANGUAGE
    asked = _asked()
    if asked:
        return asked
    remembered = request.cookies.get(COOKIE, "")
    if remembered in SUPPORTED_LANGUAGES:
        return remembered
    return request.accept_languages.best_match(list(SUPPORTED_LANGUAGES), DEFAULT_LANGUAGE)


def current_language() -> str:
    """The language of this request's page, e.g. `ru` (for <html lang> and scripts)."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def remember_language(response: Response) -> Response:
    """Set the `lang` cookie when the visitor chose a language with ?lang=."""
    asked = _asked()
    if asked and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                            secure=settings().cookie_secure, path="/")
    if response.mimetype == "text/html":  # pages differ by language; caches must know
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    return response


def language_url(code: str) -> str:
    """This page's address with ?lang=code (other query parameters kept)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", code)]
    return quote(request.script_root + request.path) + "?" + urlencode(args)


def local_date(value: date | datetime | str | None, style: str = "medium") -> Markup | str:
    """A date in the page's language inside <time datetime="YYYY-MM-DD">; None gives ''.

    Datetimes lose their time of day: public pages show dates only."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), format_date(value, style))


def local_number(value: float | int | None, digits: int | None = None) -> str:
    """A number in the page's language (grouping, decimal sign); `digits` fixes the decimals."""
    if value is None:
        return ""
    if digits is None:
        return format_decimal(value)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round(value, digits), format=pattern)


def local_text(text: str) -> str:
    """A marked English text (domain/texts.py; the API document's) in the page's language: its message
    translated, then each value that is a marked text in turn and each number written the local way.
    The English as it is when the catalogue has no translation; other strings (names, types) unchanged."""
    if not isinstance(text, Text):
        return text
    message = gettext(text.message)
    if message == text.message:
        return str(text)
    if not text.values:
        return message
    return message % {name: _local_value(value) for name, value in text.values.items()}


def _local_value(value: object) -> object:
    if isinstance(value, Text):
        return local_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_decimal(int(value) if isinstance(value, int) else value)  # int(): domain.texts.Grouped
    return value


# Counts that between them reach every plural category (CLDR) of the languages we have.
PLURAL_SAMPLES = (1, 2, 5, 0, 11, 21, 22, 25, 101, 111)


def _plural_forms(singular: str, plural: str) -> dict[str, str]:
    """The forms of a plural message by CLDR category (one, few, many, other), as the scripts'
    Intl.PluralRules names them, from the catalogue's gettext forms."""
    locale = get_locale()
    forms: dict[str, str] = {}
    for count in PLURAL_SAMPLES:
        category = locale.plural_form(count) if locale is not None else ("one" if count == 1 else "other")
        forms.setdefault(category, ngettext(singular, plural, count))
    return forms


def _scripts_strings() -> dict[str, dict]:
    from .script_messages import SCRIPT_MESSAGES, SCRIPT_PLURALS
    from .terms import MARKER_LABELS, TERMS

    messages = SCRIPT_MESSAGES + tuple(MARKER_LABELS.values())
    return {
        "messages": {message: gettext(message) for message in messages},
        "terms": {value: gettext(words) for value, words in TERMS.items()},
        "plurals": {singular: _plural_forms(singular, plural) for singular, plural in SCRIPT_PLURALS},
    }


def script_messages() -> dict[str, dict]:
    """The scripts' strings in this request's language: `messages` (English -> translation, see
    web/script_messages.py) and `terms` (vocabulary value -> words, see web/terms.py)."""
    if "script_messages" not in g:
        g.script_messages = _scripts_strings()
    return g.script_messages


def script_catalogue(code: str):
    """GET /i18n/<code>.json: the scripts' strings for pages that are not rendered by Jinja (the map)."""
    from flask_babel import force_locale

    if code not in SUPPORTED_LANGUAGES:
        raise NotFound(f"no catalogue for language {code!r}")
    with force_locale(code):
        strings = _scripts_strings()
    response = jsonify({"lang": code, **strings})
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def _per_request(function):
    """A template filter Jinja never evaluates at compile time (its result depends on the language)."""

    @pass_context
    def filter_(_context, *args, **kwargs):
        return function(*args, **kwargs)

    return filter_


def _forget_language(_exc: BaseException | None = None) -> None:
    """The language lives for one request, even where requests share an app context (tests, CLI)."""
    if g:
        state = g.get("_flask_babel")  # Flask-Babel's per-context cache, made on first use
        if state is not None and vars(state):
            refresh()
        g.pop("script_messages", None)


def init_app(app: Flask) -> None:
    """Bind Flask-Babel, the cookie, the template helpers and the scripts' catalogue route."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts them
    app.before_request(_forget_language)
    app.after_request(remember_language)
    app.teardown_request(_forget_language)
    from .terms import marker_label, report_kind_label, revision_reason, term, value_term

    app.context_processor(lambda: {"lang": current_language()})
    app.jinja_env.globals.update(languages=SUPPORTED_LANGUAGES, language_url=language_url,
                                 script_messages=script_messages, report_kind_label=report_kind_label)
    filters = {"date": local_date, "number": local_number, "term": term, "value_term": value_term,
               "marker_label": marker_label, "revision_reason": revision_reason, "translated": local_text}
    app.jinja_env.filters.update({name: _per_request(f) for name, f in filters.items()})
    app.add_url_rule("/i18n/<code>.json", "i18n_catalogue", script_catalogue, methods=["GET"])
