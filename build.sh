#!/usr/bin/env bash
# Linq2PyArrow's two commands:
#   ./build.sh demo   build and run the demo (installs what it needs)
#   ./build.sh test   build everything and run every test suite (installs what it needs)
# Both work on a fresh Debian/Ubuntu machine with the .NET 10 SDK; missing Debian packages are installed with
# apt-get when running as root (or through sudo), otherwise the script says what to install.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
configuration=Release
system_python=/usr/bin/python3

# Debian packages: the embedded Python (with its shared libpython) and what the sources and tests use.
demo_packages=(python3 libpython3-dev)
test_packages=(python3 libpython3-dev python3-numpy python3-gdal python3-psycopg2 python3-pytest postgresql
               python3-venv python3-setuptools python3-wheel black mypy python3-distributed)

log() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

ensure_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    local sudo=""
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else
            echo "Missing Debian packages: ${missing[*]}" >&2
            echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
            exit 1
        fi
    fi
    if ! command -v apt-get >/dev/null; then
        echo "Missing packages (${missing[*]}) and no apt-get here: install the equivalents with your package manager." >&2
        exit 1
    fi
    log "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_dotnet() {
    if ! command -v dotnet >/dev/null || [[ "$(dotnet --version 2>/dev/null | cut -d. -f1)" -lt 10 ]]; then
        echo "The .NET 10 SDK is required (dotnet --version must print 10.x): https://dot.net/download" >&2
        exit 1
    fi
}

build() {
    log "Building ($configuration)"
    dotnet build Linq2PyArrow.sln -c "$configuration" -warnaserror -nologo -v quiet
}

demo() {
    ensure_packages "${demo_packages[@]}"
    ensure_dotnet
    # Only what the demo needs (the library and the demo), not the tests and benchmarks.
    log "Building the demo ($configuration)"
    dotnet build demo/Linq2PyArrow.Demo -c "$configuration" -warnaserror -nologo -v quiet
    log "Running the demo"
    LINQ2PYARROW_PYTHON="${LINQ2PYARROW_PYTHON:-$system_python}" \
        dotnet run --project demo/Linq2PyArrow.Demo -c "$configuration" --no-build -- "$@"
}

# --- test ---------------------------------------------------------------------------------------------------
results="$(mktemp)"
failures="$(mktemp)"
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$results"; } # suite passed failed skipped

# The names and first message lines of a trx file's failed tests, so the summary at the end of a long log says
# which test failed (CI shows only the log's tail).
record_trx_failures() { # suite, trx
    python3 - "$1" "$2" >>"$failures" <<'PY' || true
import sys, xml.etree.ElementTree as ET
suite, path = sys.argv[1], sys.argv[2]
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
    if result.get("outcome") != "Failed":
        continue
    message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
    lines = message.splitlines()[:4]
    print(f"  {suite}: {result.get('testName')}")
    for line in lines:
        print(f"      {line[:300]}")
PY
}

run_dotnet_tests() { # suite, python, filter...
    local suite="$1" python="$2"; shift 2
    local trx_dir; trx_dir="$(mktemp -d)"
    local status=0
    LINQ2PYARROW_PYTHON="$python" dotnet test tests/Linq2PyArrow.Tests -c "$configuration" --no-build -nologo \
        --logger "trx;LogFileName=results.trx" --results-directory "$trx_dir" "$@" || status=$?
    local trx; trx="$(find "$trx_dir" -name '*.trx' | head -n1)"
    if [[ -n "$trx" ]]; then
        local counters; counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
        local passed failed skipped
        passed="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
        failed="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
        # xUnit's skipped tests are not in notExecuted: they are the ones counted in total but not executed.
        local total executed
        total="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
        executed="$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")"
        skipped=$(( ${total:-0} - ${executed:-0} ))
        record "$suite" "${passed:-0}" "${failed:-0}" "${skipped:-0}"
        [[ "${failed:-0}" -eq 0 ]] || record_trx_failures "$suite" "$trx"
    else
        record "$suite" 0 1 0
    fi
    rm -rf "$trx_dir"
    return $status
}

run_python_tests() { # suite, python
    local suite="$1" python="$2" output status=0
    # -v lists every test with its outcome; counting those is robust where "Ran N tests" differs (3.12.1 omits skips).
    output="$(PYTHONPATH="$root/python:$root/python/samples" "$python" -m unittest discover -v -s "$root/python/tests" -t "$root/python" 2>&1)" || status=$?
    printf '%s\n' "$output" | grep -v ' \.\.\. ok$' | tail -n 25 >&2
    local passed failed skipped
    passed="$(grep -c ' \.\.\. ok$' <<<"$output" || true)"
    skipped="$(grep -c ' \.\.\. skipped' <<<"$output" || true)"
    failed="$(grep -cE ' \.\.\. (FAIL|ERROR)$' <<<"$output" || true)"
    grep -E ' \.\.\. (FAIL|ERROR)$' <<<"$output" | sed "s|^|  $suite: |" >>"$failures" || true
    [[ $status -ne 0 && $failed -eq 0 ]] && failed=1
    record "$suite" "${passed:-0}" "$failed" "${skipped:-0}"
    return $status
}

# One formatting style for all the Python code of the repository (the package, its samples, tests and benchmarks,
# the .NET tests' and benchmarks' sources, the embedded host helpers): black, configured in python/pyproject.toml
# (line length 120), over the whole tree minus what .gitignore excludes; and the type hints checked with mypy
# (the files listed there).
python_format_paths=(.)
check_python_style() {
    local status=0
    if black --config python/pyproject.toml --check --quiet "${python_format_paths[@]}"; then
        record "python: formatting (black --check)" 1 0 0
    else
        echo "Python files are not formatted: run  black --config python/pyproject.toml ${python_format_paths[*]}" >&2
        echo "  python: formatting (black --check)" >>"$failures"
        record "python: formatting (black --check)" 0 1 0
        status=1
    fi
    if (cd python && mypy --config-file pyproject.toml >&2); then
        record "python: type hints (mypy)" 1 0 0
    else
        echo "  python: type hints (mypy, run in python/)" >>"$failures"
        record "python: type hints (mypy)" 0 1 0
        status=1
    fi
    return $status
}

pyenv_pythons() {
    local dir
    for dir in "$HOME"/.pyenv/versions/3.*; do
        [[ -x "$dir/bin/python" ]] || continue
        local minor; minor="$(basename "$dir" | cut -d. -f2)"
        [[ "$minor" =~ ^[0-9]+$ && "$minor" -ge 9 ]] && echo "$dir/bin/python"
    done
}

test_all() {
    ensure_packages "${test_packages[@]}"
    ensure_dotnet
    build
    local status=0

    log "Python style (black, mypy)"
    check_python_style || status=1

    log "Python package tests"
    eval "$(scripts/pg-cluster.sh start)"
    trap 'scripts/pg-cluster.sh stop >/dev/null 2>&1 || true; rm -f "$results" "$failures"' EXIT
    run_python_tests "python: $($system_python --version 2>&1)" "$system_python" || status=1
    local python
    for python in $(pyenv_pythons); do
        run_python_tests "python: $("$python" --version 2>&1) (pyenv)" "$python" || status=1
    done

    log ".NET tests (embedded $($system_python --version 2>&1))"
    run_dotnet_tests ".NET: all tests" "$system_python" || status=1

    # boto3 + moto are only in some pyenv Pythons (3.11.7 here): the S3 sample's tests run with the first that has them.
    local s3_python=""
    for python in $(pyenv_pythons); do
        "$python" -c "import boto3, moto" 2>/dev/null && { s3_python="$python"; break; }
    done
    if [[ -n "$s3_python" ]]; then
        log ".NET S3 sample tests (embedded $("$s3_python" --version 2>&1), which has boto3 and moto)"
        run_dotnet_tests ".NET S3: $("$s3_python" --version 2>&1) (pyenv)" "$s3_python" --filter "Category=S3" || status=1
    else
        log "No Python with boto3 and moto: the S3 sample's .NET tests stay skipped"
    fi

    log "Package test (pack, reference from a new project through a local feed, run a query)"
    if LINQ2PYARROW_PYTHON="$system_python" tests/Linq2PyArrow.PackageTest/run.sh; then
        record "package: pack + consume + run" 1 0 0
    else
        record "package: pack + consume + run" 0 1 0
        status=1
    fi

    log "Binding tests on every pyenv Python"
    for python in $(pyenv_pythons); do
        run_dotnet_tests ".NET binding: $("$python" --version 2>&1) (pyenv)" "$python" --filter "Category=Binding" || status=1
    done

    if [[ -f benchmarks/Linq2PyArrow.Benchmarks/Linq2PyArrow.Benchmarks.csproj ]]; then
        log "Benchmark smoke run"
        if LINQ2PYARROW_PYTHON="$system_python" dotnet run --project benchmarks/Linq2PyArrow.Benchmarks -c "$configuration" --no-build -- --smoke; then
            record "benchmarks: smoke run" 1 0 0
        else
            record "benchmarks: smoke run" 0 1 0
            status=1
        fi
    fi

    log "Summary"
    local total_passed=0 total_failed=0 total_skipped=0
    while IFS=$'\t' read -r suite passed failed skipped; do
        printf '  %-55s %5s passed %3s failed %3s skipped\n' "$suite" "$passed" "$failed" "$skipped" >&2
        total_passed=$((total_passed + passed)); total_failed=$((total_failed + failed)); total_skipped=$((total_skipped + skipped))
    done <"$results"
    if [[ -s "$failures" ]]; then
        echo "Failed tests:" >&2
        cat "$failures" >&2
    fi
    echo "tests: $total_passed passed, $total_failed failed, $total_skipped skipped"
    [[ $total_failed -eq 0 ]] || status=1
    return $status
}

case "${1:-}" in
    demo) shift; demo "$@" ;;
    test) test_all ;;
    *) echo "usage: ./build.sh demo | ./build.sh test" >&2; exit 2 ;;
esac
