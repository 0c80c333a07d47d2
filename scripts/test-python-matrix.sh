#!/usr/bin/env bash
# Runs the binding tests (Category=Binding) once per installed CPython: one interpreter per process, so the
# matrix is one `dotnet test` per Python, chosen through LINQ2PYARROW_PYTHON.
#
# Pythons: every pyenv 3.9–3.14 under ${PYENV_ROOT:-~/.pyenv}/versions (2.x and 3.8 or older skipped, builds
# without a shared libpython skipped, each with the reason printed) and Debian's /usr/bin/python3.
# Builds once (Release), then `dotnet test --no-build`. Prints a table; exits non-zero if any run failed.
#
# Usage: scripts/test-python-matrix.sh [extra dotnet test arguments...]
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
configuration=Release
logs="${TMPDIR:-/tmp}/linq2pyarrow-python-matrix"
mkdir -p "$logs"

echo "== Building ($configuration)"
if ! dotnet build Linq2PyArrow.sln -c "$configuration" -nologo -v q >"$logs/build.log" 2>&1; then
  tail -30 "$logs/build.log"
  echo "Build failed; see $logs/build.log" >&2
  exit 2
fi

# candidates: "label|python executable"
candidates=()
pyenv_versions="${PYENV_ROOT:-$HOME/.pyenv}/versions"
if [[ -d "$pyenv_versions" ]]; then
  while IFS= read -r dir; do
    version="$(basename "$dir")"
    python="$dir/bin/python"
    if [[ ! "$version" =~ ^3\.([0-9]+)\. ]]; then
      echo "skip pyenv $version: not CPython 3.x"
      continue
    fi
    minor="${BASH_REMATCH[1]}"
    if (( minor < 9 || minor > 14 )); then
      echo "skip pyenv $version: outside the supported 3.9–3.14"
      continue
    fi
    if [[ ! -x "$python" ]]; then
      echo "skip pyenv $version: no $python"
      continue
    fi
    shared="$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("Py_ENABLE_SHARED") or 0)' 2>/dev/null)"
    if [[ "$shared" != "1" ]]; then
      echo "skip pyenv $version: built without a shared libpython (Py_ENABLE_SHARED=${shared:-?}); rebuild with PYTHON_CONFIGURE_OPTS=--enable-shared"
      continue
    fi
    candidates+=("pyenv $version|$python")
  done < <(find "$pyenv_versions" -mindepth 1 -maxdepth 1 -type d | sort -V)
else
  echo "skip pyenv: no $pyenv_versions"
fi
if [[ -x /usr/bin/python3 ]]; then
  candidates+=("system $(/usr/bin/python3 -c 'import platform; print(platform.python_version())')|/usr/bin/python3")
else
  echo "skip system python: no /usr/bin/python3"
fi

if (( ${#candidates[@]} == 0 )); then
  echo "No Python to test." >&2
  exit 2
fi

results=()
failed=0
for candidate in "${candidates[@]}"; do
  label="${candidate%%|*}"
  python="${candidate#*|}"
  log="$logs/$(echo "$label" | tr ' /' '__').log"
  echo "== $label ($python)"
  start=$SECONDS
  LINQ2PYARROW_PYTHON="$python" dotnet test tests/Linq2PyArrow.Tests -c "$configuration" --no-build -nologo \
    --filter "Category=Binding" "$@" >"$log" 2>&1
  status=$?
  summary="$(grep -E '^(Passed|Failed)!' "$log" | tail -1 | sed -E 's/ - Linq2PyArrow.Tests.dll.*//')"
  [[ -z "$summary" ]] && summary="no summary (exit code $status); see $log"
  if (( status == 0 )); then
    outcome="passed"
  else
    outcome="FAILED"
    failed=$((failed + 1))
    grep -E '^\s+Failed ' "$log" | head -20
  fi
  results+=("$(printf '%-16s | %-6s | %4ss | %s' "$label" "$outcome" "$((SECONDS - start))" "$summary")")
done

echo
printf '%-16s | %-6s | %5s | %s\n' "Python" "Result" "Time" "Tests"
printf '%s\n' "-----------------+--------+-------+-----------------------------------------------"
printf '%s\n' "${results[@]}"
echo
echo "Logs: $logs"
if (( failed > 0 )); then
  echo "$failed of ${#candidates[@]} Python runs failed." >&2
  exit 1
fi
echo "All ${#candidates[@]} Python runs passed."
