"""`participate selftest purge`: the retention rule, for cron."""

from __future__ import annotations

import click


@click.group("selftest")
def selftest_cli() -> None:
    """Self-tests."""


@selftest_cli.command("purge")
def purge_command() -> None:
    """Delete anonymous self-test answers older than each self-test's retention period.
    Results that citizens saved to their account are kept. Safe to run daily from cron."""
    from participate.extensions import db
    from participate.selftest.aggregates import purge_expired

    deleted = purge_expired()
    db.session.commit()
    total = sum(deleted.values())
    for slug, n in deleted.items():
        click.echo(f"  {slug}: {n}")
    click.echo(f"Deleted {total} anonymous self-test response(s) past their retention period.")
