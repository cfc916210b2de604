"""Every permission is a named rule here, composed from small predicates (adhocracy4's
`rules.py`). Views call `require(...)`, templates call `can(...)`; neither repeats the logic.
Tests check each rule as a matrix of role × state (tests/auth/test_permissions.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from participate.auth.roles import Role

Predicate = Callable[[Any, Any], bool]


def is_authenticated(user: Any, _obj: Any = None) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_verified(user: Any, _obj: Any = None) -> bool:
    return is_authenticated(user) and user.is_verified


def has_role(*roles: Role) -> Predicate:
    def predicate(user: Any, _obj: Any = None) -> bool:
        return is_authenticated(user) and user.role in {r.value for r in roles}

    predicate.__name__ = "has_role_" + "_or_".join(r.value for r in roles)
    return predicate


def all_of(*predicates: Predicate) -> Predicate:
    return lambda user, obj=None: all(p(user, obj) for p in predicates)


def any_of(*predicates: Predicate) -> Predicate:
    return lambda user, obj=None: any(p(user, obj) for p in predicates)


def is_not_blocked(user: Any, _obj: Any = None) -> bool:
    """A blocked account keeps its role but may not act with it (participate/moderation/)."""
    return is_authenticated(user) and getattr(user, "blocked_at", None) is None


is_admin = has_role(Role.ADMIN)
is_staff = has_role(Role.MODERATOR, Role.COUNCIL, Role.ADMIN)

RULES: dict[str, Predicate] = {
    # Accounts
    "account.manage": is_authenticated,
    # Administration of the site itself
    "site.manage": is_admin,
    "users.manage": is_admin,
    "audit.view": is_admin,
    # Consultations and ideas
    "consultation.manage": is_admin,
    "idea.set_status": all_of(has_role(Role.MODERATOR, Role.ADMIN), is_not_blocked),
    # Moderation: the queue, decisions, merges, offline contributions, blocking accounts
    "moderation.act": all_of(has_role(Role.MODERATOR, Role.ADMIN), is_not_blocked),
    # Blocked words, the links limit and the standard reasons for rejection
    "moderation.configure": is_admin,
    # Self-tests: admins build them, the council and admins see their aggregate figures
    "selftest.manage": is_admin,
    "selftest.aggregates": has_role(Role.COUNCIL, Role.ADMIN),
    # Notifications: the municipality's news and site-wide announcements
    "consultation.post_update": is_admin,
    "announcement.manage": is_admin,
    # Results for the council
    "results.view": is_staff,
    # The administration page that lists the tools of one's role
    "staff.tools": is_staff,
    "results.export": has_role(Role.COUNCIL, Role.ADMIN),
    # The export variant with the authors' names and e-mail addresses
    "results.export_contacts": is_admin,
    # Sharing: clicks and arrivals per network, per idea and consultation
    "share.view_counts": is_staff,
}


def can(user: Any, action: str, obj: Any = None) -> bool:
    """Whether `user` may perform `action` (on `obj`). Unknown actions are refused."""
    rule = RULES.get(action)
    if rule is None:
        raise KeyError(f"no permission rule named {action!r}")
    return rule(user, obj)


def require(action: str) -> Callable:
    """View decorator: anonymous visitors are sent to log in, others without the right get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if can(current_user, action):
                return view(*args, **kwargs)
            if not current_user.is_authenticated:
                from participate.extensions import login_manager

                return login_manager.unauthorized()
            abort(403)

        return wrapped

    return decorator


def can_current(action: str, obj: Any = None) -> bool:
    """The Jinja global `can(...)`: asks the rule for the visitor of this request."""
    return can(current_user, action, obj)
