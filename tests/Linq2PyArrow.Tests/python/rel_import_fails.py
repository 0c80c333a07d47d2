"""A module whose import fails with the secret in its message (as a driver that reads credentials at import might)."""
from rel_sources import SECRET

raise ImportError(f"driver could not read its configuration (password {SECRET})")
