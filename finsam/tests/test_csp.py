"""Content security policy on every page (docs/regler.md §5): nothing runs or loads from elsewhere."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/konto/login/", "/", "/rapporter/", "/admin/", "/api/docs/"])
def test_pages_carry_a_strict_policy(client, kansli, url):
    client.force_login(kansli)
    policy = client.get(url).headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_no_page_template_has_inline_script_or_style(settings):
    from pathlib import Path

    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if any(tag in path.read_text(encoding="utf-8") for tag in ("<style", "<script>", "javascript:"))
    ]
    assert offenders == []


def test_report_page_styles_come_from_a_static_file(client, kansli):
    client.force_login(kansli)
    assert 'href="/static/css/rapporter.css"' in client.get(reverse("rapporter:oversikt")).content.decode()
