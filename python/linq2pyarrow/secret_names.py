"""Which option names hold secrets: the one list the Python helpers and the .NET masker share.

An option (or URL query parameter, or partition-spec key) whose name contains
one of :data:`SECRET_KEY_PARTS`, in any case and position (``DB_PASSWORD``,
``apiKey``, ``X-Amz-Signature``), holds a secret: its value never appears in a
message.  ``Linq2PyArrow.Sources.SecretMasker`` uses the same list (a .NET
test checks that they are equal).
"""
__all__ = ["SECRET_KEY_PARTS", "is_secret_key"]

SECRET_KEY_PARTS = ("pass", "pwd", "secret", "token", "key", "credential", "auth", "signature")


def is_secret_key(name: object) -> bool:
    """True when *name* contains one of :data:`SECRET_KEY_PARTS` (case-insensitive)."""
    lowered = str(name).lower()
    return any(part in lowered for part in SECRET_KEY_PARTS)
