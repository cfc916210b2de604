"""Who holds personal data. A capability that stores something about a citizen adds its
module to CONTRIBUTORS (or calls `register`); the module defines

    export_user_data(user) -> dict | list   # JSON-ready: what we hold about them
    delete_user_data(user) -> None          # remove or anonymise it (flush only)

and, optionally, DELETE_ORDER (lower runs first; the account row itself goes last, at 1000).
Nothing else needs to change for the export and the deletion to include a new table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CONTRIBUTORS: list[str] = [
    "participate.ideas.userdata",
    "participate.moderation.userdata",
    "participate.selftest.userdata",
    "participate.oidc.userdata",
    "participate.notifications.userdata",
    "participate.accounts.userdata",
]


@dataclass(frozen=True)
class Contributor:
    name: str
    export: Callable[[Any], Any] | None
    delete: Callable[[Any], None] | None
    order: int = 100


_registered: dict[str, Contributor] = {}


def register(
    name: str,
    *,
    export: Callable[[Any], Any] | None = None,
    delete: Callable[[Any], None] | None = None,
    order: int = 100,
) -> None:
    """Add (or replace) a contributor by name, e.g. from a plug-in."""
    _registered[name] = Contributor(name, export, delete, order)


def contributors() -> list[Contributor]:
    """Every contributor, in deletion order."""
    found = dict(_registered)
    for module_name in CONTRIBUTORS:
        module = importlib.import_module(module_name)
        name = getattr(module, "SECTION", module_name.split(".")[-2])
        found.setdefault(
            name,
            Contributor(
                name,
                getattr(module, "export_user_data", None),
                getattr(module, "delete_user_data", None),
                getattr(module, "DELETE_ORDER", 100),
            ),
        )
    return sorted(found.values(), key=lambda c: (c.order, c.name))
