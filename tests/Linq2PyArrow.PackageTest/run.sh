#!/usr/bin/env bash
# Package test: packs src/Linq2PyArrow and src/Linq2PyArrow.PythonNet, references the core package from a new console
# project through a local folder feed, builds it, checks that the Python companion package landed in its output (and
# its publish output) and that no pythonnet came with it, runs a query over a JDBC SQLite source, and pip-installs the
# Python package from the .nupkg's files into a fresh venv; then a second project references only the adapter package
# and runs a Python.NET application that queries Arrow data through it. Prints "package test: ok" on success.
#   LINQ2PYARROW_PYTHON  the Python to embed (default /usr/bin/python3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
python="${LINQ2PYARROW_PYTHON:-/usr/bin/python3}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work="$(mktemp -d "${TMPDIR:-/tmp}/l2pa-package-test-XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "package test: FAILED: $*" >&2; exit 1; }

# A version of its own, in a packages folder of its own: a stale cached 0.1.0 can never be what gets tested.
version="0.1.0-pkgtest.$(date +%s)"
echo "== packing Linq2PyArrow $version" >&2
# Build as usual (a no-op after ./build.sh's build), then pack that build: packing with a -p:Version of its
# own would recompile the library into src/.../bin with the test version.
dotnet build "$root/src/Linq2PyArrow.PythonNet" -c Release -nologo -v quiet >&2
dotnet pack "$root/src/Linq2PyArrow" -c Release --no-build -o "$work/feed" -p:Version="$version" -nologo -v quiet >&2
dotnet pack "$root/src/Linq2PyArrow.PythonNet" -c Release --no-build -o "$work/feed" -p:Version="$version" -nologo -v quiet >&2
package="$work/feed/Linq2PyArrow.$version.nupkg"
[[ -f "$package" ]] || fail "dotnet pack did not produce $package"
adapter_package="$work/feed/Linq2PyArrow.PythonNet.$version.nupkg"
[[ -f "$adapter_package" ]] || fail "dotnet pack did not produce $adapter_package"

# Restore sources: the local feed, this machine's package cache (so nothing already downloaded is fetched
# again) and nuget.org.
global_packages="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
mkdir -p "$work/app"
cp "$root/tests/Linq2PyArrow.PackageTest/Consumer/Consumer.csproj" "$root/tests/Linq2PyArrow.PackageTest/Consumer/Program.cs" "$work/app/"
cat >"$work/app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="machine-cache" value="$global_packages" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML

echo "== building a console project that references the package" >&2
export NUGET_PACKAGES="$work/packages"
dotnet build "$work/app/Consumer.csproj" -c Release -p:Linq2PyArrowVersion="$version" -nologo -v quiet -o "$work/app/out" >&2
for file in linq2pyarrow/__init__.py linq2pyarrow/arrow/__init__.py linq2pyarrow/jdbc/datasource.py linq2pyarrow/jdbc/backends/sqlite.py \
        linq2pyarrow/py.typed pyproject.toml; do
    [[ -f "$work/app/out/python/$file" ]] || fail "python/$file is missing from the consumer's build output"
done
[[ ! -e "$work/app/out/Python.Runtime.dll" ]] || fail "the core package brought pythonnet (Python.Runtime.dll) with it"
dotnet publish "$work/app/Consumer.csproj" -c Release -p:Linq2PyArrowVersion="$version" -nologo -v quiet -o "$work/app/published" >&2
[[ -f "$work/app/published/python/linq2pyarrow/jdbc/datasource.py" ]] || fail "the companion package is missing from the publish output"

"$python" - "$work/cities.sqlite" <<'PY'
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("CREATE TABLE cities (name TEXT, population INTEGER)")
conn.executemany("INSERT INTO cities VALUES (?, ?)",
                 [("Zürich", 421878), ("東京", 13960000), ("Oslo", 709037), ("Genève", 203856)])
conn.commit()
PY

echo "== running it (embedded $("$python" --version 2>&1))" >&2
# From another directory, as an installed app would be: nothing may be found through the repository.
actual="$(cd "$work" && LINQ2PYARROW_PYTHON="$python" "$work/app/out/Consumer" "$work/cities.sqlite")" || fail "the consumer exited with an error"
expected="$(printf '%s\n' "Oslo: 709037" "東京: 13960000" "total: 15294771" "countdown: 3,2,1")"
if [[ "$actual" != "$expected" ]]; then
    printf 'expected:\n%s\nactual:\n%s\n' "$expected" "$actual" >&2
    fail "unexpected output"
fi
echo "== pip install of the package's python folder (contentFiles) into a fresh venv" >&2
"$python" -c "import setuptools, wheel, venv" 2>/dev/null \
    || fail "$python lacks setuptools, wheel or venv for an offline pip install (Debian: python3-venv python3-setuptools python3-wheel)"
"$python" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$package" "$work/nupkg"
installed="$(cd "$work" && PYTHONPATH="$root/python" "$python" -c \
    'import sys; from tests.test_packaging import install_and_run; print(install_and_run(sys.argv[1], sys.executable))' \
    "$work/nupkg/contentFiles/any/any/python")" || fail "pip install from the package's files failed"
[[ "$installed" == "0.1.0 [{'name': 'Oslo', 'population': 709037}] 2 PyCapsule" ]] \
    || fail "the package installed from the NuGet files printed: $installed"
echo "== a Python.NET application referencing only Linq2PyArrow.PythonNet" >&2
mkdir -p "$work/pnet"
cp "$root/tests/Linq2PyArrow.PackageTest/PythonNetConsumer/PythonNetConsumer.csproj" "$root/tests/Linq2PyArrow.PackageTest/PythonNetConsumer/Program.cs" \
    "$work/app/nuget.config" "$work/pnet/"
dotnet build "$work/pnet/PythonNetConsumer.csproj" -c Release -p:Linq2PyArrowVersion="$version" -nologo -v quiet -o "$work/pnet/out" >&2
[[ -f "$work/pnet/out/python/linq2pyarrow/arrow/__init__.py" ]] || fail "the companion package did not come with the adapter package"
# Python.NET needs the libpython itself; Linq2PyArrow is given the same Python (and finds the same libpython).
libpython="$("$python" -c 'import os, sysconfig; v = sysconfig.get_config_var; print(os.path.join(v("LIBDIR"), v("INSTSONAME")))')"
actual="$(cd "$work" && PYTHONNET_PYDLL="$libpython" LINQ2PYARROW_PYTHON="$python" "$work/pnet/out/PythonNetConsumer")" \
    || fail "the Python.NET consumer exited with an error"
expected="$(printf '%s\n' "adopted: True" "sensor a: 5.5")"
if [[ "$actual" != "$expected" ]]; then
    printf 'expected:\n%s\nactual:\n%s\n' "$expected" "$actual" >&2
    fail "unexpected output from the Python.NET consumer"
fi
echo "package test: ok"
