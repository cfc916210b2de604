"""A self-test result as a shareable item: its permalink carries a complete preview (the top
profile and its match, drawn on the share image), share links count, an unknown token shares
nothing."""

from __future__ import annotations

import pytest

from tests.selftest.conftest import make_selftest  # noqa: F401
from tests.selftest.flow import take
from tests.share.conftest import BASE, counts
from tests.share.test_previews import check_preview


@pytest.fixture
def token(app, client, make_selftest):  # noqa: F811
    selftest = make_selftest()
    # Like "Groen" on every statement: Groen 100 %, first.
    return take(client, app, selftest, ["4", "4", "0", "2"])


def test_a_result_has_a_complete_preview_with_the_top_profile(get, token):
    page = check_preview(
        get,
        f"/selftest-results/{token}",
        canonical=f"{BASE}/selftest-results/{token}",
        title="Groen past het best (100%) · Waar wil jij wonen in 2040?",
        og_type="website",
    )
    assert "Groen" in page["og"]["og:image:alt"]
    assert "/share/result/" in page["og"]["og:image"]
    box = page["soup"].find("section", class_="share-box")
    assert box is not None and f"/share/result/{token}/" in str(box)


def test_sharing_a_result_counts_the_click_and_links_the_permalink(app, get, token):
    response = get(f"/share/result/{token}/whatsapp")
    assert response.status_code in (302, 303)
    assert f"selftest-results%2F{token}" in response.headers["Location"]
    assert counts(app, "result", token, "whatsapp") == (1, 0)


def test_an_unknown_result_shares_nothing(app, get):
    assert get("/share/result/not-a-token/whatsapp").status_code == 404
    image = get("/share/result/not-a-token/image")
    assert image.status_code == 404
    assert counts(app, "result", "not-a-token") == (0, 0)
