#!/usr/bin/env bash
# The AutoBuild loop on real data, end to end (docs/evaluate.md, "The digits loop"):
#   sample 60 small CNNs of digits-cnn.space.yaml -> train each on the 8x8 digits (autobuild evaluate)
#   -> dotnet build (the predictor learns from the labels and constructs Best; DigitsCnnBestModel is generated)
#   -> train Best and print its accuracy next to the best label.
# Resumable: a second run reuses the labels it finds (evaluate trains only unfinished rows). N and EPOCHS override.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-60}
EPOCHS=${EPOCHS:-3}
spec=examples/DigitsLoop/digits-cnn.space.yaml
labels=examples/DigitsLoop/labels/digits-labels.csv
autobuild() { dotnet src/Compiler/AutoBuild.Cli/bin/Release/net10.0/autobuild.dll "$@"; }
phase() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
start=$SECONDS

phase "build the tools"
dotnet build src/Compiler/AutoBuild.Cli -c Release -nologo -v q
dotnet build src/Training/AutoBuild.Evaluate -c Release -nologo -v q
t0=$SECONDS

phase "sample $N architectures"
mkdir -p "$(dirname "$labels")"
if [ -f "$labels" ]; then echo "reusing $labels"; else autobuild sample "$spec" -n "$N" --seed 1 --out "$labels"; fi

phase "evaluate: train each for $EPOCHS epochs on the digits"
autobuild evaluate "$spec" --archs "$labels" --data digits --epochs "$EPOCHS" 2>&1 | grep -v NNPACK
t1=$SECONDS

phase "dotnet build: learn from the labels, construct Best, generate DigitsCnnBestModel"
dotnet build examples/DigitsLoop -c Release -nologo -v q
t2=$SECONDS

phase "train Best"
dotnet examples/DigitsLoop/bin/Release/net10.0/DigitsLoop.dll "$labels" "$EPOCHS" 2>&1 | grep -v NNPACK
t3=$SECONDS

printf '\ntimes: tools %ds, label collection %ds, build %ds, Best %ds, total %ds\n' \
  $((t0 - start)) $((t1 - t0)) $((t2 - t1)) $((t3 - t2)) $((t3 - start))
