#!/usr/bin/env bash
# A fake `dotnet autobuild.dll` for testing the targets without training (the Grpc.Tools fakeprotoc idea).
# Called as: fake-autobuild.sh <tool.dll> @<response file>. Appends the response file's arguments to
# $FAKE_AUTOBUILD_LOG (one per line, then a line "--"), then behaves like `autobuild build`: a spec containing
# FAKE_SPEC_ERROR gets a canonical error at line 2, column 3 (exit 1), one containing FAKE_UNLOCATED_ERROR an
# error without a file ("autobuild: error AB4001: ...", exit 1); otherwise it writes
# <name>.autobuild.json and <name>.report.{md,html} into --out, where <name> is the spec file name without
# .space.yaml.
set -euo pipefail
response="${2#@}"
args=()
while IFS= read -r line || [ -n "$line" ]; do args+=("$line"); done < "$response"
if [ -n "${FAKE_AUTOBUILD_LOG:-}" ]; then
  printf '%s\n' "${args[@]}" >> "$FAKE_AUTOBUILD_LOG"
  printf -- '--\n' >> "$FAKE_AUTOBUILD_LOG"
fi
spec="${args[1]}"
out=""
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = "--out" ]; then out="${args[$((i + 1))]}"; fi
done
if grep -q FAKE_SPEC_ERROR "$spec"; then
  echo "$spec(2,3): error AB1999: fake spec error" >&2
  exit 1
fi
if grep -q FAKE_UNLOCATED_ERROR "$spec"; then
  echo "autobuild: error AB4001: fake budget nothing meets" >&2
  exit 1
fi
name="$(basename "$spec" .space.yaml)"
mkdir -p "$out"
printf '{"schemaVersion":1,"space":"%s"}\n' "$name" > "$out/$name.autobuild.json"
printf '# %s report\n' "$name" > "$out/$name.report.md"
printf '<html><body>%s</body></html>\n' "$name" > "$out/$name.report.html"
echo "fake autobuild: wrote $out"
