from tests.functional.test_i18n import *  # noqa

def test_dump(app, pages):
    client, with_ids = pages
    html = client.get("/compare?official=Official+i18n&observed=Test+source&lang=ru").get_data(as_text=True)
    i = html.find("official registry"); print("\n##", html[i-600:i+100])
