"""Are the counts the app keeps exact? Every idea's support_count, oppose_count and
comment_count against its rows, its trend_score against the weights of its votes, each
consultation's and theme's number of public ideas against the ideas, and the
full-text index against the ideas. Used after generating, after the load run (votes cast and
withdrawn by many accounts at once) and by the test suite (tests/bench/)."""

from __future__ import annotations

import math
from collections import defaultdict

from sqlalchemy import text
from sqlalchemy.engine import Connection

from participate.ideas.models import PUBLIC_STATUSES

COUNTS = """
SELECT count(*) FROM ideas i
LEFT JOIN (
    SELECT idea_id,
           sum(CASE WHEN value = 1 THEN 1 ELSE 0 END) AS support,
           sum(CASE WHEN value = -1 THEN 1 ELSE 0 END) AS oppose
    FROM votes GROUP BY idea_id
) v ON v.idea_id = i.id
WHERE i.support_count <> coalesce(v.support, 0) OR i.oppose_count <> coalesce(v.oppose, 0)
"""

COMMENTS = """
SELECT count(*) FROM ideas i
LEFT JOIN (
    SELECT idea_id, count(*) AS shown FROM comments
    WHERE deleted_at IS NULL AND visibility = 'visible'
    GROUP BY idea_id
) c ON c.idea_id = i.id
WHERE i.comment_count <> coalesce(c.shown, 0)
"""

VOTES_OUTSIDE_CONSULTATION = """
SELECT count(*) FROM votes v JOIN ideas i ON i.id = v.idea_id
WHERE v.consultation_id <> i.consultation_id
"""

# The model's rule for a public idea (Idea.public_clause), as SQL on the alias `i`.
_STATUSES = ", ".join(f"'{s.value}'" for s in PUBLIC_STATUSES)
PUBLIC = f"i.status IN ({_STATUSES}) AND i.visibility = 'visible' AND i.merged_into_id IS NULL"

PUBLIC_IDEA_COUNTS = f"""
SELECT
  (SELECT count(*) FROM consultations c WHERE c.public_idea_count <>
     (SELECT count(*) FROM ideas i WHERE i.consultation_id = c.id AND {PUBLIC}))
+ (SELECT count(*) FROM themes t WHERE t.public_idea_count <>
     (SELECT count(*) FROM ideas i WHERE i.theme_id = t.id AND {PUBLIC}))
"""

RESPONSES_WITHOUT_ANSWERS = """
SELECT count(*) FROM selftest_responses r
WHERE NOT EXISTS (SELECT 1 FROM selftest_answers a WHERE a.response_id = r.id)
"""


def _trend_problems(connection: Connection) -> int:
    """Ideas whose trend_score is not the sum of their supporting votes' weights (streamed:
    there may be millions)."""
    from participate.ideas.services import trend_weight
    from participate.models import metadata

    votes = metadata.tables["votes"]
    ideas = metadata.tables["ideas"]
    sums: dict[int, float] = defaultdict(float)
    latest = 0.0
    rows = connection.execute(
        votes.select()
        .with_only_columns(votes.c.idea_id, votes.c.created_at)
        .where(votes.c.value == 1)
        .execution_options(yield_per=20_000)
    )
    for idea_id, created_at in rows:
        weight = trend_weight(created_at)
        sums[idea_id] += weight
        latest = max(latest, weight)
    # Adding and taking away weights of about the same size leaves rounding of that size.
    tolerance = max(latest, 1.0) * 1e-6
    wrong = 0
    for idea_id, score in connection.execute(
        ideas.select().with_only_columns(ideas.c.id, ideas.c.trend_score)
    ):
        if not math.isclose(score, sums.get(idea_id, 0.0), rel_tol=1e-9, abs_tol=tolerance):
            wrong += 1
    return wrong


def _fulltext_problems(connection: Connection) -> list[str]:
    if connection.dialect.name == "sqlite":
        try:
            connection.execute(text("INSERT INTO ideas_fts(ideas_fts) VALUES ('integrity-check')"))
        except Exception as err:  # the integrity check reports by failing
            return [f"the full-text index does not match the ideas: {err}"]
        return []
    present = connection.scalar(
        text("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_ideas_fulltext'")
    )
    return [] if present else ["the full-text index ix_ideas_fulltext is missing"]


def check(connection: Connection) -> list[str]:
    """What is not exact, in words; an empty list when everything is."""
    problems = []
    for sql, what in (
        (COUNTS, "ideas whose vote counts differ from their votes"),
        (COMMENTS, "ideas whose comment_count differs from their visible comments"),
        (VOTES_OUTSIDE_CONSULTATION, "votes filed under another consultation than their idea's"),
        (PUBLIC_IDEA_COUNTS, "consultations or themes whose number of public ideas is wrong"),
        (RESPONSES_WITHOUT_ANSWERS, "self-test responses without answers"),
    ):
        wrong = connection.scalar(text(sql))
        if wrong:
            problems.append(f"{wrong} {what}")
    wrong = _trend_problems(connection)
    if wrong:
        problems.append(f"{wrong} ideas whose trend_score differs from their votes' weights")
    problems += _fulltext_problems(connection)
    return problems
