"""Lists of ideas: every order, filters, full-text search, pagination, and a page cost that does
not grow with its length."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from participate.db import utcnow
from participate.ideas import services
from participate.ideas.services import PER_PAGE, list_ideas

DAY = timedelta(days=1)


def ids(page) -> list[int]:
    return [idea.id for idea in page.items]


def listed(client, consultation, **query) -> list[int]:
    """The ids of the ideas on the consultation page, in their order."""
    response = client.get(f"/consultations/{consultation.slug}", query_string=query)
    assert response.status_code == 200
    return [
        int(n) for n in re.findall(r'<article class="idea-card" id="idea-(\d+)"', response.text)
    ]


@pytest.fixture
def consultation(make_consultation):
    return make_consultation("ideas")


# -- Orders ---------------------------------------------------------------------------------


def test_newest_first(request_ctx, consultation, make_idea):
    now = utcnow()
    old = make_idea(consultation, created_at=now - 3 * DAY)
    new = make_idea(consultation, created_at=now)
    middle = make_idea(consultation, created_at=now - DAY)

    assert ids(list_ideas(consultation, sort="newest")) == [new.id, middle.id, old.id]


def test_most_supported_first(request_ctx, consultation, make_idea):
    few, most, some = (make_idea(consultation, votes=n) for n in (1, 5, 3))

    assert ids(list_ideas(consultation, sort="supported")) == [most.id, some.id, few.id]


def test_most_supported_counts_votes_against(request_ctx, make_consultation, make_idea):
    consultation = make_consultation(voting_mode="for_against")
    disputed = make_idea(consultation, votes=4, against=3)
    liked = make_idea(consultation, votes=3)

    assert ids(list_ideas(consultation, sort="supported")) == [liked.id, disputed.id]


def test_trending_ranks_recent_votes_above_old_ones(request_ctx, consultation, make_idea):
    now = utcnow()
    # weights halve every week: 6 × ¼ = 1.5, 2 × 0.9 = 1.8, 1 × ½ = 0.5
    once_popular = make_idea(consultation, votes=6, voted_at=now - 14 * DAY)
    rising = make_idea(consultation, votes=2, voted_at=now - DAY)
    quiet = make_idea(consultation, votes=1, voted_at=now - 7 * DAY)

    assert ids(list_ideas(consultation, sort="trending")) == [rising.id, once_popular.id, quiet.id]
    assert ids(list_ideas(consultation, sort="supported"))[0] == once_popular.id


def test_a_vote_cast_now_makes_an_idea_trend(
    app, client, make_user, login, consultation, make_idea
):
    old = make_idea(consultation, votes=3, voted_at=utcnow() - 28 * DAY)
    new = make_idea(consultation)
    login(make_user())

    client.post(f"/ideas/{new.id}/vote")

    assert listed(client, consultation, sort="trending") == [new.id, old.id]
    client.post(f"/ideas/{new.id}/vote")  # withdrawn: its weight is taken off again
    assert listed(client, consultation, sort="trending") == [old.id, new.id]


def test_most_discussed_first(request_ctx, consultation, make_idea):
    quiet, lively, some = (make_idea(consultation, comments=n) for n in (0, 4, 2))

    assert ids(list_ideas(consultation, sort="discussed")) == [lively.id, some.id, quiet.id]


def test_random_order_is_stable_for_one_seed_and_differs_for_another(
    request_ctx, consultation, make_idea
):
    for _ in range(12):
        make_idea(consultation)

    first = ids(list_ideas(consultation, sort="random", seed=12345))
    again = ids(list_ideas(consultation, sort="random", seed=12345))
    others = {tuple(ids(list_ideas(consultation, sort="random", seed=s))) for s in range(1, 9)}

    assert first == again
    assert sorted(first) == sorted(ids(list_ideas(consultation, sort="newest")))
    assert len(others) == 8


def test_random_order_gives_every_idea_a_turn_on_the_first_page(
    request_ctx, consultation, make_idea
):
    every = {make_idea(consultation).id for _ in range(30)}
    seen: set[int] = set()

    for seed in range(0, 2**31, 2**31 // 150):
        seen.update(ids(list_ideas(consultation, sort="random", seed=seed, per_page=5)))

    assert seen == every


def test_random_order_survives_large_ids_and_seeds(request_ctx, consultation, make_idea):
    make_idea(consultation)

    assert len(list_ideas(consultation, sort="random", seed=2**31 - 1).items) == 1


def test_the_visitor_keeps_one_random_order(client, consultation, make_idea):
    for _ in range(8):
        make_idea(consultation)

    first, second = listed(client, consultation), listed(client, consultation)

    assert first == second and len(first) == 8


@pytest.mark.parametrize("phase", ["ideas", "voting"])
def test_random_is_the_default_while_voting_is_open(client, make_consultation, phase):
    consultation = make_consultation(phase)

    page = client.get(f"/consultations/{consultation.slug}").text

    assert '<option value="random" selected>' in page


def test_most_supported_is_the_default_after_closing(client, make_consultation, make_idea):
    consultation = make_consultation("results")
    low, high = make_idea(consultation, votes=1), make_idea(consultation, votes=9)

    assert listed(client, consultation) == [high.id, low.id]


@pytest.mark.parametrize("sort", ["newest", "supported", "trending", "discussed", "random"])
def test_every_order_is_offered_and_works_on_the_page(client, consultation, make_idea, sort):
    idea = make_idea(consultation)

    assert listed(client, consultation, sort=sort) == [idea.id]


def test_an_unknown_order_falls_back_to_the_default(client, consultation, make_idea):
    idea = make_idea(consultation)

    assert listed(client, consultation, sort="DROP TABLE ideas") == [idea.id]


# -- Filters --------------------------------------------------------------------------------


def test_filter_by_theme(client, consultation, make_idea):
    mobility = make_idea(consultation, theme=0)
    make_idea(consultation, theme=1)

    assert listed(client, consultation, theme=consultation.themes[0].id) == [mobility.id]


def test_filter_by_status(client, consultation, make_idea):
    accepted = make_idea(consultation, status="accepted")
    make_idea(consultation)

    assert listed(client, consultation, status="accepted") == [accepted.id]


def test_filtering_by_a_hidden_status_shows_nothing_hidden(client, consultation, make_idea):
    make_idea(consultation, status="pending", title="Een idee dat nog wacht")
    public = make_idea(consultation)

    assert listed(client, consultation, status="pending") == [public.id]  # filter ignored


def test_theme_and_status_filters_combine(client, consultation, make_idea):
    wanted = make_idea(consultation, theme=1, status="implemented")
    make_idea(consultation, theme=1)
    make_idea(consultation, theme=0, status="implemented")

    found = listed(client, consultation, theme=consultation.themes[1].id, status="implemented")

    assert found == [wanted.id]


def test_a_filter_that_finds_nothing_says_so(client, consultation, make_idea):
    make_idea(consultation, theme=0)

    page = client.get(
        f"/consultations/{consultation.slug}", query_string={"theme": consultation.themes[2].id}
    ).text

    assert 'class="idea-card"' not in page
    assert f'<a href="/consultations/{consultation.slug}">' in page  # "show all ideas"


# -- Pagination ----------------------------------------------------------------------------


def test_pagination_splits_the_list(client, consultation, make_idea):
    made = [make_idea(consultation).id for _ in range(PER_PAGE + 5)]

    first = listed(client, consultation, sort="newest")
    second = listed(client, consultation, sort="newest", page=2)
    page = client.get(f"/consultations/{consultation.slug}?sort=newest").text

    assert len(first) == PER_PAGE and len(second) == 5
    assert sorted(first + second) == sorted(made)
    assert 'rel="next"' in page and "page=2" in page


def test_a_page_beyond_the_last_shows_the_last(client, consultation, make_idea):
    for _ in range(3):
        make_idea(consultation)

    assert len(listed(client, consultation, page=99)) == 3
    assert len(listed(client, consultation, page=-4)) == 3
    assert len(listed(client, consultation, page="x")) == 3


# -- Full-text search ---------------------------------------------------------------------


@pytest.fixture
def searchable(consultation, make_idea):
    trees = make_idea(
        consultation,
        title="Meer bomen op het marktplein",
        body="Schaduw in de zomer en een plek om te zitten voor iedereen.",
    )
    bikes = make_idea(
        consultation,
        title="Een overdekte stalling aan het station",
        body="Veel fietsers zoeken nu een plek; een fietsenstalling zou helpen.",
    )
    play = make_idea(
        consultation,
        title="Een nieuwe speeltuin in het park",
        body="Voor de kinderen van de wijk, met bankjes voor de ouders.",
    )
    return trees, bikes, play


def test_search_finds_words_in_the_title(client, consultation, searchable):
    trees, _bikes, _play = searchable

    assert listed(client, consultation, q="marktplein") == [trees.id]


def test_search_finds_words_in_the_body(client, consultation, searchable):
    _trees, bikes, _play = searchable

    assert listed(client, consultation, q="fietsers") == [bikes.id]


def test_search_needs_every_word(client, consultation, searchable):
    trees, _bikes, _play = searchable

    assert listed(client, consultation, q="plek schaduw") == [trees.id]
    assert listed(client, consultation, q="plek kinderen") == []


def test_search_finds_the_beginning_of_a_word(client, consultation, searchable):
    _trees, bikes, play = searchable

    assert listed(client, consultation, q="fietsenstal") == [bikes.id]
    assert listed(client, consultation, q="speel") == [play.id]


def test_search_ignores_case_and_accents(client, consultation, make_idea):
    idea = make_idea(consultation, title="Een café op het Ééndrachtplein", body="Koffie " * 6)

    assert listed(client, consultation, q="CAFE") == [idea.id]


def test_search_with_dutch_stemming_on_postgresql(app, client, consultation, searchable):
    if app.extensions["participate.engine"].dialect.name != "postgresql":
        pytest.skip("Dutch stemming is PostgreSQL's; SQLite matches the beginnings of words")
    _trees, _bikes, play = searchable

    assert listed(client, consultation, q="speeltuinen") == [play.id]  # plural finds singular


def test_search_only_shows_public_ideas_of_this_consultation(
    client, consultation, make_consultation, make_idea
):
    make_idea(consultation, title="Een verborgen marktplein idee", status="pending")
    make_idea(make_consultation(), title="Een marktplein elders in de gemeente")
    public = make_idea(consultation, title="Het marktplein voor iedereen")

    assert listed(client, consultation, q="marktplein") == [public.id]


def test_the_kept_filters_show_each_view_its_own_choices(client, consultation, make_idea):
    """The search and filter form is kept rendered (participate/fragments.py): its key holds
    every choice it shows, so a view never shows another view's choices."""
    make_idea(consultation, title="Bomen op het plein")
    theme = consultation.themes[1]

    def form(**query) -> str:
        page = client.get(f"/consultations/{consultation.slug}", query_string=query).text
        return page[
            page.index('class="filters"') : page.index("</form>", page.index('class="filters"'))
        ]

    first = form(q="bomen", sort="newest", theme=theme.id, status="accepted")
    again = form(q="plein", sort="supported")
    assert 'value="bomen"' in first and '<option value="newest" selected>' in first
    assert f'<option value="{theme.id}" selected>' in first
    assert '<option value="accepted" selected>' in first
    assert 'value="plein"' in again and '<option value="supported" selected>' in again
    assert " selected>" not in again.split('id="theme"')[1].split("</select>")[0]
    assert form(q="bomen", sort="newest", theme=theme.id, status="accepted") == first


@pytest.mark.parametrize("sort", ["newest", "supported", "trending", "random"])
def test_a_search_with_many_matches_lists_the_same_pages_as_one_with_few(
    client, make_consultation, make_idea, monkeypatch, sort
):
    """With more matches than FEW_MATCHES a page is found walking the list's order (on
    SQLite: each idea checked against the matches); it is the same page, in the same order,
    with the same filters, as finding the matches first."""
    consultation = make_consultation()
    start = utcnow() - 40 * DAY
    for n in range(PER_PAGE + 6):
        make_idea(
            consultation,
            title=f"Bomen op plein nummer {n}",
            votes=n % 4,
            theme=n % 2,
            created_at=start + n * DAY,
            status="accepted" if n % 5 == 0 else "published",
        )
        make_idea(consultation, title=f"Een bank aan de vijver {n}", created_at=start + n * DAY)
    make_idea(consultation, title="Bomen op een verborgen plein", status="pending")
    make_idea(make_consultation(), title="Bomen op een plein elders")
    theme = consultation.themes[1].id
    queries = [
        {"q": "bomen", "sort": sort},
        {"q": "bomen", "sort": sort, "page": 2},
        {"q": "bomen plein", "sort": sort, "theme": theme},
        {"q": "bomen", "sort": sort, "status": "accepted"},
    ]
    few = [listed(client, consultation, **query) for query in queries]
    monkeypatch.setattr(services, "FEW_MATCHES", 1)
    assert [listed(client, consultation, **query) for query in queries] == few
    assert len(few[0]) == PER_PAGE and len(few[1]) == 6 and few[2] and few[3]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"marktplein',
        "marktplein*",
        "-marktplein",
        "marktplein AND",
        "AND",
        "OR marktplein",
        "NOT",
        "NEAR(marktplein bomen)",
        "marktplein:*",
        "bomen & | ! marktplein",
        "(marktplein",
        "'marktplein'",
        "^marktplein",
        "title:marktplein",
        "*",
        "\\",
        "x" * 500,
        "een de het",  # Dutch stop words only
        "_",
    ],
)
def test_search_treats_query_syntax_as_plain_text(client, consultation, searchable, query):
    response = client.get(f"/consultations/{consultation.slug}", query_string={"q": query})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "query", ['"marktplein"', "marktplein*", "-marktplein", "(marktplein)", "marktplein:*"]
)
def test_search_finds_a_word_wrapped_in_syntax_characters(client, consultation, searchable, query):
    trees, _bikes, _play = searchable

    assert listed(client, consultation, q=query) == [trees.id]


def test_search_combines_with_order_and_filters(client, consultation, make_idea):
    a = make_idea(consultation, title="Een marktplein met bomen", votes=1, theme=0)
    b = make_idea(consultation, title="Een marktplein met water", votes=5, theme=0)
    make_idea(consultation, title="Een marktplein met kunst", votes=9, theme=1)

    found = listed(
        client, consultation, q="marktplein", sort="supported", theme=consultation.themes[0].id
    )

    assert found == [b.id, a.id]


def test_the_preview_shows_characters_escaped_once(client, consultation, make_idea):
    make_idea(consultation, body="Fiets & voetganger veilig samen <3 in de straat. " * 2)

    page = client.get(f"/consultations/{consultation.slug}").text

    assert "Fiets &amp; voetganger veilig samen &lt;3" in page
    assert "&amp;amp;" not in page and "&amp;lt;" not in page


# -- Cost ----------------------------------------------------------------------------------


def test_the_consultation_page_costs_the_same_queries_whatever_its_length(
    app, client, make_user, login, make_consultation, make_idea, count_queries
):
    def page_cost(n: int) -> int:
        consultation = make_consultation(vote_limit=10)
        for i in range(n):
            make_idea(consultation, votes=i % 3, comments=i % 2, theme=i % 3, photo=True)
        client.get(f"/consultations/{consultation.slug}")  # warm up the session's seed
        with count_queries() as counter:
            response = client.get(f"/consultations/{consultation.slug}")
        assert response.status_code == 200
        return counter.count

    login(make_user())
    small, large = page_cost(3), page_cost(25)

    assert small == large
    # 8 for the page itself; 3 for what the notifications add (the site-wide announcements,
    # the consultation's news, whether the visitor follows it); 4 for the self-test
    # invitation, the highlighted ideas and the share card; the count of the view
    # (participate/results/visits.py) and the results link. Constant, but a budget to trim.
    assert small <= 18, small


@pytest.mark.parametrize("few", [0, 500])
def test_a_search_lists_the_same_ideas_whether_few_or_many_match(
    client, consultation, make_idea, monkeypatch, few
):
    """Few matches are found first and then ordered; many are found walking the list's
    order. Both give the same page, in the same order, with the same theme filter."""
    from participate.ideas import services

    monkeypatch.setattr(services, "FEW_MATCHES", few)
    made = [
        make_idea(consultation, title=f"Een bank op het plein nummer {n}", theme=n % 2)
        for n in range(4)
    ]
    make_idea(consultation, title="Iets heel anders")
    newest_first = [i.id for i in reversed(made)]
    assert listed(client, consultation, q="plein", sort="newest") == newest_first
    theme = made[1].theme_id
    assert listed(client, consultation, q="plein", sort="newest", theme=theme) == [
        i.id for i in reversed(made) if i.theme_id == theme
    ]
    assert listed(client, consultation, q="zwembad") == []


def test_a_card_shows_what_looks_like_a_tag_as_characters(client, consultation, make_idea):
    make_idea(
        consultation,
        title="Een veilige kaart voor iedereen",
        body="Zie &#60;script&#62;alert(1)&#60;/script&#62; en <b>vet</b> hier.",
    )
    page = client.get(f"/consultations/{consultation.slug}").text
    card = page.split('<article class="idea-card"')[1].split("</article>")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card
    assert "<script>alert" not in page and "<b>vet</b>" not in card


def _reads_whole_list(statements) -> bool:
    return any(
        q.startswith("SELECT ideas.id") and "ORDER BY ideas.id" in q and "LIMIT" not in q
        for q in statements
    )


def test_the_random_order_reads_the_list_once_per_version_and_shows_every_change(
    app, client, make_consultation, make_idea, monkeypatch, count_queries
):
    """The random order shuffles the list's ids, read once per version of the consultation's
    ideas: another visitor's page asks only for its own ideas; a new idea comes in at once
    (the version moves), and so does a pinned one, first (pinning moves no version)."""
    from participate.ideas.models import Idea
    from tests.factories import change_row

    monkeypatch.setattr(services, "_LISTS", {})
    consultation = make_consultation()
    made = [make_idea(consultation) for _ in range(PER_PAGE + 5)]
    with count_queries() as first:
        listed(client, consultation)
    assert _reads_whole_list(first.statements)
    other = app.test_client()
    with count_queries() as again:
        shown = listed(other, consultation)
    assert not _reads_whole_list(again.statements) and len(shown) == PER_PAGE

    late = make_idea(consultation)
    every = listed(other, consultation) + listed(other, consultation, page=2)
    assert sorted(every) == sorted([i.id for i in made] + [late.id])

    change_row(app, Idea, made[7].id, pinned=True)
    assert listed(other, consultation)[0] == made[7].id
    assert listed(client, consultation)[0] == made[7].id
