"""`participate export SLUG --format xlsx|csv|json --output PATH`: the council's exports from
the command line, with the same filters as in the site. The file is written under a temporary
name beside PATH and renamed when complete, so a failure leaves nothing behind; the export is
recorded in the audit log (as done from the command line) once the file is in place."""

from __future__ import annotations

from pathlib import Path

import click
from flask_babel import force_locale

from participate.results.filters import FORMATS


@click.command("export")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="File format.")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    required=True,
    help="The file to write (replaced if it exists).",
)
@click.option("--theme", "themes", multiple=True, help="A theme's name or number; repeat for more.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    help="published, under_consideration, accepted, rejected, implemented or pending; repeat for more.",
)
@click.option(
    "--from", "since", help="First day, YYYY-MM-DD (ideas posted, votes and comments cast)."
)
@click.option("--until", help="Last day, YYYY-MM-DD (included).")
@click.option(
    "--include-hidden",
    is_flag=True,
    help="Also what the moderation hid or rejected, and pending ideas.",
)
@click.option(
    "--contact-details",
    is_flag=True,
    help="Add the authors' names and e-mail addresses (marked as such in the audit log).",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "fr", "en"]),
    default="nl",
    show_default=True,
    help="Language of the headers and pseudonyms.",
)
def export_command(
    slug: str,
    fmt: str,
    output: Path,
    themes: tuple[str, ...],
    statuses: tuple[str, ...],
    since: str | None,
    until: str | None,
    include_hidden: bool,
    contact_details: bool,
    lang: str,
) -> None:
    """Export the results of the consultation SLUG for the council."""
    from participate.consultations.services import get_by_slug
    from participate.extensions import db
    from participate.results import services
    from participate.results.filters import ExportError, make_filter

    consultation = get_by_slug(slug)
    if consultation is None:
        raise click.ClickException(f"No consultation with the address {slug!r}.")
    try:
        with force_locale("en"):  # the command line speaks English, as `participate users`
            services.check_output(output)
            flt = make_filter(
                consultation,
                themes=themes,
                statuses=statuses,
                since=since,
                until=until,
                include_hidden=include_hidden,
            )
            export = services.start_export(
                None,
                consultation,
                flt,
                fmt,
                contact_details=contact_details,
                via="command line",
            )
        with force_locale(lang):
            services.write_to_path(export, fmt, output)
    except ExportError as err:
        db.session.rollback()
        raise click.ClickException(err.message) from err
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    click.echo(f"Exported {consultation.slug} ({fmt}) to {output}.")
