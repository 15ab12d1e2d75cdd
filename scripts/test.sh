#!/usr/bin/env bash
# Runs every test file under test/ (or the files given) with Node's test runner through tsx.
# Node 20 needs an explicit file list: a directory or a quoted glob finds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -gt 0 ]; then files=("$@"); else mapfile -t files < <(find test -name '*.test.ts' | sort); fi
if [ "${#files[@]}" -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
exec node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-2}" "${files[@]}"
