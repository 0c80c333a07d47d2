#!/usr/bin/env bash
# Run the Python test suite the way it is meant to run here:
#   * Debian's /usr/bin/python3 (psycopg2, GDAL) against a throwaway PostgreSQL
#     cluster started by scripts/pg-cluster.sh and stopped afterwards;
#   * pyenv 3.11.7 (boto3 + moto) when present, for the S3 tests.
# Extra module paths (e.g. a stand-in producer) can be given in EXTRA_PYTHONPATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PYTHONPATH="${EXTRA_PYTHONPATH:+$EXTRA_PYTHONPATH:}$root/python:$root/python/samples"

eval "$("$root/scripts/pg-cluster.sh" start)"
trap '"$root/scripts/pg-cluster.sh" stop' EXIT

status=0
for python in /usr/bin/python3 "$HOME/.pyenv/versions/3.11.7/bin/python"; do
    [[ -x "$python" ]] || continue
    echo "== $python" >&2
    "$python" -m unittest discover -s "$root/python/tests" -t "$root/python" || status=1
done
exit "$status"
