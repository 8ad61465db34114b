"""Translating the admin UI: message ids are the Chinese texts.

The default locale (zh_CN) shows the message ids themselves; English comes
from ``core/translations/en/LC_MESSAGES/messages.po``.

Use :func:`lazy_gettext` (imported as ``_l``) for texts fixed when a module or
view is built (labels, names, categories) and :func:`gettext` for texts made
inside a request (flash messages, errors raised from views).

Why not flask_babel's own ``lazy_gettext``: Flask-Admin turns view names,
categories and filter labels into ``str`` while the app is being built, in an
app context without a request, where flask_babel would ask the app's locale
selector, which reads the request. Outside a request these lazy strings are
simply their message ids (the default locale's text), so building the app,
sorting the menu by ``CATEGORY_ORDER`` and the CLI keep working.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_babel import gettext as _babel_gettext
from flask_babel.speaklater import LazyString


def gettext(msgid: str, **variables: Any) -> str:
    """``msgid`` translated into the request's language (the msgid itself outside a request)."""
    if has_request_context():
        return str(_babel_gettext(msgid, **variables))
    return msgid % variables if variables else msgid


def lazy_gettext(msgid: str, **variables: Any) -> LazyString:
    """A string translated each time it is shown, into the language of that request."""
    return LazyString(gettext, msgid, **variables)


__all__ = ["gettext", "lazy_gettext"]
