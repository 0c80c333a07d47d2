"""Masking of credentials in URLs, option dicts and free text.

Every message the JDBC source builds goes through these helpers, so a
password never reaches a log, an exception or the .NET side.
"""
import re
from urllib.parse import parse_qsl, quote, urlencode

from ..secret_names import is_secret_key

MASK = "***"

# "scheme://user:password@host" -> password is everything between ':' and the last '@'
# before the path; passwords may contain '@' when not percent-encoded.
_USERINFO = re.compile(r"^(?P<head>[A-Za-z][A-Za-z0-9+.\-:]*//)(?P<user>[^:@/]*):(?P<pw>.*)@(?P<tail>[^@]*)$")


def mask_url(url):
    """Mask ``user:password@`` and secret-named query parameters of a URL."""
    if not isinstance(url, str):
        return url
    base, sep, query = url.partition("?")
    match = _USERINFO.match(base)
    if match:
        base = f"{match['head']}{match['user']}:{MASK}@{match['tail']}"
    if sep:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, MASK if is_secret_key(k) else v) for k, v in pairs], safe="*")
    return base + sep + query


def mask_options(options):
    """Copy of an option dict with secret values and URLs masked."""
    masked = {}
    for key, value in (options or {}).items():
        if is_secret_key(key):
            masked[key] = MASK
        elif str(key).lower().endswith("url"):
            masked[key] = mask_url(value)
        else:
            masked[key] = value
    return masked


def redact(text, secrets):
    """Replace every occurrence of each non-empty secret in ``text``.

    Used on driver error messages, which may echo a DSN or the password;
    the percent-encoded form is covered too because URLs carry that one.
    """
    text = str(text)
    variants = {v for s in secrets if s for v in (s, quote(s, safe=""))}
    for secret in sorted(variants, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text
