#!/usr/bin/env bash
# Builds every output the examples produce -- `autobuild inspect` of each example spec, `autobuild cost` of each
# labels CSV, `autobuild build` of each example (JSON, Markdown and HTML reports) and the C# the source generator
# emits for each spec and each result -- at two revisions, and compares them byte for byte. A change that claims
# to preserve behaviour (a refactoring, a move) must leave this script silent.
#
#   scripts/compare-outputs.sh <base-revision> [<head-revision>]
#
# Without <head-revision> the working tree is the head (uncommitted changes included). Revisions are checked
# out as temporary git worktrees. Options through the environment:
#   EPOCHS=n      predictor epochs for the builds (default: the tool's own choice, i.e. what users get)
#   KEEP=1        keep the outputs and worktrees (their paths are printed)
# Exit code: 0 identical, 1 different, 2 a side failed to build or run.
set -Eeuo pipefail
trap 'echo "failed ($BASH_COMMAND): outputs not compared" >&2; exit 2' ERR

if [[ $# -lt 1 || $# -gt 2 ]]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d "${TMPDIR:-/tmp}/autobuild-compare.XXXXXX")
worktrees=()
cleanup() {
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept: $work"; return; fi
  for w in "${worktrees[@]}"; do git -C "$repo" worktree remove --force "$w" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM  # so that EXIT cleans up

# The example builds: output folder name | spec | labels | target | extra arguments. Keep in step with examples/.
builds=(
  "NasBench201|examples/NasBench201/nas-bench-201.space.yaml|examples/NasBench201/nb201-labels.csv|c10v_valid_acc_200ep|"
  "ConstrainedNasBench201|examples/ConstrainedNasBench201/nas-bench-201.space.yaml|examples/ConstrainedNasBench201/nb201-labels.csv|c10v_valid_acc_200ep|--max-flops 6e7"
  "NasBenchMacro|examples/NasBenchMacro/nas-bench-macro.space.yaml|examples/NasBenchMacro/macro-labels.csv|mean_acc|"
  "GeneratedSpace|examples/GeneratedSpace/nas-bench-201.space.yaml|examples/GeneratedSpace/nas-bench-201.labels.csv|accuracy|"
)

checkout() { # revision -> $checked_out, a new worktree (not in $(...): the list of worktrees must survive)
  checked_out="$work/tree-$(git -C "$repo" rev-parse --short "$1")"
  git -C "$repo" worktree add --detach "$checked_out" "$1" >/dev/null 2>&1 || { echo "cannot check out $1" >&2; exit 2; }
  worktrees+=("$checked_out")
}

# A consumer project outside the tree (so no Directory.Build.props applies) that runs the tree's generator on the
# given AdditionalFiles and keeps the generated files in $2.
generate() { # tree output-folder additional-files...
  local tree=$1 out=$2; shift 2
  local project="$work/consumer-$RANDOM$RANDOM"
  mkdir -p "$project" "$out"
  {
    echo '<Project Sdk="Microsoft.NET.Sdk">'
    echo '  <PropertyGroup><TargetFramework>net10.0</TargetFramework><RootNamespace>Compare.Consumer</RootNamespace><Nullable>enable</Nullable>'
    echo "    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles><CompilerGeneratedFilesOutputPath>$out</CompilerGeneratedFilesOutputPath></PropertyGroup>"
    echo '  <ItemGroup>'
    echo "    <ProjectReference Include=\"$tree/src/Generators/AutoBuild.Generators/AutoBuild.Generators.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />"
    echo "    <ProjectReference Include=\"$tree/src/Runtime/AutoBuild.Runtime/AutoBuild.Runtime.csproj\" />"
    for f in "$@"; do echo "    <AdditionalFiles Include=\"$f\" />"; done
    echo '  </ItemGroup>'
    echo '</Project>'
  } > "$project/Consumer.csproj"
  echo 'namespace Compare.Consumer { internal static class Program { private static void Main() { } } }' > "$project/Program.cs"
  dotnet build "$project/Consumer.csproj" -c Release -nologo -v q --disable-build-servers > "$project/build.log" 2>&1 \
    || { cat "$project/build.log" >&2; echo "generating code for $* failed" >&2; return 2; }
}

produce() { # tree output-folder
  local tree=$1 out=$2
  mkdir -p "$out"
  echo "building $tree" >&2
  dotnet build "$tree/src/Compiler/AutoBuild.Cli" -c Release -nologo -v q --disable-build-servers > "$out.build.log" 2>&1 \
    || { cat "$out.build.log" >&2; echo "building the tool in $tree failed" >&2; return 2; }
  local tool="$tree/src/Compiler/AutoBuild.Cli/bin/Release/net10.0/autobuild.dll"
  local epochs=()
  [[ -n "${EPOCHS:-}" ]] && epochs=(--epochs "$EPOCHS")
  (
    cd "$tree"  # relative paths, so the outputs of both trees name the same files
    mkdir -p "$out/inspect" "$out/cost" "$out/build"
    for spec in examples/spaces/*.space.yaml; do
      dotnet "$tool" inspect "$spec" > "$out/inspect/$(basename "$spec" .space.yaml).txt"
    done
    for entry in "${builds[@]}"; do
      IFS='|' read -r name spec labels target extra <<< "$entry"
      dotnet "$tool" cost "$spec" --labels "$labels" --out "$out/cost/$name.csv" > /dev/null
      # shellcheck disable=SC2086 # $extra holds separate arguments
      dotnet "$tool" build "$spec" --labels "$labels" --target "$target" --out "$out/build/$name" "${epochs[@]}" $extra \
        | sed -E -e "s#$out#<out>#g" -e 's/trained in [0-9.]+ s/trained in <seconds> s/' \
        > "$out/build/$name.stdout.txt"  # printed paths differ by <out>; the wall time is the one non-deterministic value
    done
  )
  local specs=("$tree"/examples/spaces/*.space.yaml)
  generate "$tree" "$out/generated/spaces" "${specs[@]}"
  for entry in "${builds[@]}"; do
    IFS='|' read -r name spec _ <<< "$entry"
    generate "$tree" "$out/generated/$name" "$tree/$spec" "$out"/build/"$name"/*.autobuild.json
  done
}

checkout "$1"; base=$checked_out
if [[ $# -eq 2 ]]; then checkout "$2"; head=$checked_out; else head=$repo; fi
produce "$base" "$work/out/base"
produce "$head" "$work/out/head"

trap - ERR  # from here on a non-zero status is the answer, not a failure
count=$(find "$work/out/base" -type f | wc -l)
if diff -r "$work/out/base" "$work/out/head" > "$work/diff.txt"; then
  echo "identical: $count files (inspect, cost, build JSON/reports/stdout, generated C#) at $1 and ${2:-the working tree}"
  exit 0
fi
echo "DIFFERENT outputs at $1 and ${2:-the working tree}:" >&2
head -100 "$work/diff.txt" >&2
exit 1
