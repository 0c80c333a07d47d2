#!/usr/bin/env bash
# Regenerates the benchmark results, the tables in docs/benchmarks.md and docs/benchmarks.png.
#
#   scripts/benchmarks.sh            the whole suite (BenchmarkDotNet short job, in process; ~15 min on 2 cores)
#   scripts/benchmarks.sh '*Sum*'    only the matching benchmarks (the report then covers what was run)
#
# The embedded Python is Debian's /usr/bin/python3 unless LINQ2PYARROW_PYTHON says otherwise. A private
# throwaway PostgreSQL cluster (scripts/pg-cluster.sh, own port and directory) serves the database benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."

export LINQ2PYARROW_PYTHON="${LINQ2PYARROW_PYTHON:-/usr/bin/python3}"
results=benchmarks/results

dotnet build -c Release -warnaserror benchmarks/Linq2PyArrow.Benchmarks
dotnet build -c Release -warnaserror benchmarks/Linq2PyArrow.BenchReport

# The cluster lives apart from the one ./build.sh test uses, so both can run at once.
pg_tmp="$(mktemp -d /tmp/l2pa-bench-pg.XXXXXX)"
chmod 755 "$pg_tmp"
export TMPDIR="$pg_tmp" LINQ2PYARROW_PG_PORT="${LINQ2PYARROW_BENCH_PG_PORT:-55439}"
stop_cluster() { scripts/pg-cluster.sh stop || true; rm -rf "$pg_tmp"; }
trap stop_cluster EXIT
eval "$(scripts/pg-cluster.sh start)"

rm -rf "$results"
dotnet run -c Release --no-build --project benchmarks/Linq2PyArrow.Benchmarks -- \
    --filter "${1:-*}" --job short --inProcess --artifacts "$results" --exporters json

dotnet run -c Release --no-build --project benchmarks/Linq2PyArrow.BenchReport -- \
    "$results/results" docs/benchmarks.md docs/benchmarks.png
