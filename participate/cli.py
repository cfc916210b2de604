"""The `participate` command: Flask's commands (run, shell, routes) plus ours."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup
from flask_babel import force_locale

from participate.auth.roles import Role


def _create_app() -> Flask:
    from participate import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app)
def cli() -> None:
    """Participate, a citizen participation platform for municipalities."""


def main() -> None:
    cli()


def init_app(app: Flask) -> None:
    app.cli.add_command(migrate_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(users)
    from participate.selftest.cli import selftest_cli

    app.cli.add_command(selftest_cli)
    from participate.notifications.cli import notifications

    app.cli.add_command(notifications)
    from participate.results.cli import export_command

    app.cli.add_command(export_command)


@click.command("migrate")
@click.option("--revision", default="head", show_default=True)
def migrate_command(revision: str) -> None:
    """Bring the database schema up to date (Alembic upgrade)."""
    from participate import migrate

    migrate.upgrade(revision)
    click.echo(f"Database upgraded to {revision}.")


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Fill an empty site with a Dutch demo municipality and users of each role (idempotent)."""
    from participate.demo import DEMO_PASSWORD, seed_demo
    from participate.extensions import db

    created = seed_demo()
    db.session.commit()
    click.echo("Demo data " + ("created." if created else "already present, left as it is."))
    click.echo(f"Demo accounts (password for each: {DEMO_PASSWORD}):")
    from participate.demo import DEMO_USERS

    for email, _name, role in DEMO_USERS:
        click.echo(f"  {role:<10} {email}")
    click.echo(
        "  and demo citizens as firstname.lastname@example.com, e.g. els.wouters@example.com"
    )


@click.group("users")
@click.pass_context
def users(ctx: click.Context) -> None:
    """Manage accounts."""
    # The services' refusals are translated; outside a request there is no visitor's locale
    # to choose (the locale selector reads the session), so the command line speaks English.
    ctx.with_resource(force_locale("en"))


@users.command("create")
@click.argument("email")
@click.option("--name", "display_name", help="Display name (default: the part before @).")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.CITIZEN.value,
    show_default=True,
)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user_command(email: str, display_name: str | None, role: str, password: str) -> None:
    """Create a verified account with a role."""
    from participate.accounts import services
    from participate.extensions import db

    try:
        user = services.create_user(
            email, display_name or email.partition("@")[0], password, role, verified=True
        )
    except services.AccountError as err:
        hint = " Choose one with --name." if err.field == "display_name" else ""
        raise click.ClickException(err.message + hint) from err
    db.session.commit()
    click.echo(f"Created {user.email} with role {user.role}.")


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
def set_role_command(email: str, role: str) -> None:
    """Give an existing account another role."""
    from participate.accounts import services
    from participate.extensions import db

    user = services.get_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with e-mail address {email}.")
    services.set_role(user, role)
    db.session.commit()
    click.echo(f"{user.email} now has role {user.role}.")
