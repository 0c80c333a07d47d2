"""Keeping secrets out of the samples' messages."""
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from linq2pyarrow.secret_names import is_secret_key


def safe_url(url):
    """URL without a userinfo password and with secret-looking query values masked."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        netloc = f"{userinfo.split(':', 1)[0]}:***@{host}" if ":" in userinfo else netloc
    query = urlencode([(k, "***" if is_secret_key(k) else v) for k, v in parse_qsl(parts.query, True)], safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
