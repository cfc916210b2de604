"""Extensions are created once here and bound to an app in `create_app` (microblog's way)."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from participate.db import db

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address)


def account_key() -> str:
    """Rate limits on writes count per account (per address for visitors not logged in), so
    one citizen cannot flood, and citizens behind one town-hall NAT do not share a limit."""
    from flask_login import current_user

    from participate.accounts.services import session_account

    # The account the signed session names, without reading it (a vote need not read it at
    # all); an account logged in by its remember-me cookie alone is read to be known.
    account = session_account()
    if account is not None:
        return f"user:{account.id}"
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


__all__ = ["account_key", "babel", "csrf", "db", "limiter", "login_manager"]
