"""Metrics: off by default; when on, aggregate counts on the metrics port from loopback only."""

from clinic import services
from clinic.app import create_app
from clinic.letters.samples import sample_form
from tests.conftest import SECRET, csrf_from


def test_metrics_are_off_by_default(client):
    assert client.get("/metrics").status_code == 404


def make_app():
    return create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET, "CLINIC_METRICS_PORT": "9109"})


def test_metrics_count_letters_by_type_and_locale_only():
    app = make_app()
    bundle = services.of(app).content
    letter = bundle.letters.by_number(1)
    form = sample_form(letter, bundle.letters.fields)
    with app.test_client() as client:
        token = csrf_from(client.get("/letter/correction-of-dishonest-entry"))
        assert (
            client.post("/letter/correction-of-dishonest-entry/pdf", data={**form, "csrf_token": token}).status_code
            == 200
        )
        on_port = {"SERVER_PORT": "9109", "REMOTE_ADDR": "127.0.0.1"}
        response = client.get("/metrics", environ_overrides=on_port)
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert 'clinic_letters_total{letter="1",locale="en"} 1' in text
        assert "张喆堃" not in text and "13800138000" not in text
        # Not on the public port, and not from another machine.
        assert (
            client.get("/metrics", environ_overrides={"SERVER_PORT": "5000", "REMOTE_ADDR": "127.0.0.1"}).status_code
            == 404
        )
        assert (
            client.get("/metrics", environ_overrides={"SERVER_PORT": "9109", "REMOTE_ADDR": "203.0.113.9"}).status_code
            == 404
        )


def test_every_label_value_comes_from_an_enumeration():
    import re

    app = make_app()
    text = services.of(app).metrics.exposition()
    numbers = {str(letter.number) for letter in services.of(app).content.letters.ordered()}
    for letter, locale in re.findall(r'letter="([^"]*)",locale="([^"]*)"', text):
        assert letter in numbers and locale in app.config["CLINIC_LOCALES"]
