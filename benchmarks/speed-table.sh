#!/usr/bin/env bash
# The `speed` table of benchmarks/README.md: predictor epoch time of ours, TorchSharp-cpu and PyTorch on the
# predictor-speed protocol (2,700 OFA-MobileNetV3-shaped graphs, GraphConv, 4 layers, batch 128, rank loss),
# measured in one run, implementations alternating round by round, so that every ratio compares runs made under
# the same load. Prints a Markdown table of the median s/epoch (first epoch left out) and ours / TorchSharp.
#
# Usage (from the repository root): benchmarks/speed-table.sh [ROUNDS=3] [EPOCHS=10] [HIDDENS="128 32"]
#   REF_BENCH   folder of the reference implementations (ref_predictor.py, ts-ref/run.sh); default /work/shared/bench
#   PYTHON      an interpreter that imports torch; default /usr/bin/python3 (Debian python3-torch)
#   THREADS     thread settings to run, default "1 2" (on a busy machine libtorch's 2-thread runs collapse: "1")
# PyTorch runs with OPENBLAS_CORETYPE=SkylakeX: OpenBLAS 0.3.21 does not recognise newer CPUs and otherwise falls
# back to its Prescott kernels (3-4x slower); the kernel OpenBLAS reports is printed.
set -euo pipefail
rounds=${1:-3}; epochs=${2:-10}; hiddens=${3:-"128 32"}
ref=${REF_BENCH:-/work/shared/bench}; python=${PYTHON:-/usr/bin/python3}
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
out=$(mktemp -d)
dotnet build -c Release -nologo -v q benchmarks/AutoBuild.Benchmarks >/dev/null
ours="dotnet benchmarks/AutoBuild.Benchmarks/bin/Release/net10.0/AutoBuild.Benchmarks.dll"

echo "# speed table: $(date -u '+%F %T UTC'), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "OpenBLAS (PyTorch): $(OPENBLAS_VERBOSE=2 OPENBLAS_CORETYPE=SkylakeX "$python" -c 'import torch; torch.ones(64, 64) @ torch.ones(64, 64)' 2>&1 | grep -i core | head -n 1), torch $("$python" -c 'import torch; print(torch.__version__)')"
"$ref/ts-ref/run.sh" 300 32 2 1 1 ofa >/dev/null # restores and builds TorchSharp once, outside the timed runs

# One measurement: prints "name hidden s_per_epoch".
run() {
  local name=$1 hidden=$2 threads=$3 s
  case $name in
    ours) s=$(DOTNET_PROCESSOR_COUNT=$threads $ours predictor-speed --hidden "$hidden" --epochs "$epochs" \
            | awk -F'|' -v h="$hidden" '$2+0 == h && NF > 5 { gsub(/ /, "", $3); print $3; exit }') ;;
    torchsharp) s=$("$ref/ts-ref/run.sh" 2700 "$hidden" "$epochs" 1 "$threads" ofa | sed -n 's/.*s_per_epoch_excl_first=\([0-9.]*\).*/\1/p') ;;
    pytorch) s=$(OPENBLAS_CORETYPE=SkylakeX OMP_NUM_THREADS=$threads "$python" "$ref/ref_predictor.py" 2700 "$hidden" "$epochs" 1 "$threads" ofa \
            | sed -n 's/.*s_per_epoch_excl_first=\([0-9.]*\).*/\1/p') ;;
  esac
  echo "$name/$threads $hidden $s" | tee -a "$out/runs" >&2
}

for r in $(seq 1 "$rounds"); do
  for hidden in $hiddens; do
    for threads in ${THREADS:-1 2}; do
      run ours "$hidden" $threads; run torchsharp "$hidden" $threads; run pytorch "$hidden" $threads
    done
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$python" - "$out/runs" "$rounds" "$epochs" <<'EOF'
import sys, statistics, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, hidden, s = line.split()
    runs[(name, int(hidden))].append(float(s))
hiddens = sorted({h for _, h in runs}, reverse=True)
names = sorted({n for n, _ in runs}, key=lambda n: (["ours", "torchsharp", "pytorch"].index(n.split("/")[0]), n))
label = {"ours": "ours (AutoBuild.Learning)", "torchsharp": "TorchSharp-cpu 0.107 (libtorch 2.10)", "pytorch": "PyTorch (Debian) + OpenBLAS, SkylakeX kernels"}
print(f"median s/epoch over {sys.argv[2]} alternating rounds of {sys.argv[3]} epochs (first epoch left out)\n")
print("| implementation | threads | " + " | ".join(f"hidden {h}" for h in hiddens) + " |")
print("|---|---|" + "---|" * len(hiddens))
med = {k: statistics.median(v) for k, v in runs.items()}
for n in names:
    impl, threads = n.split("/")
    print(f"| {label[impl]} | {threads} | " + " | ".join(f"{med[(n, h)]:.3f}" for h in hiddens) + " |")
best = lambda impl, h: min(v for (n, hh), v in med.items() if n.split("/")[0] == impl and hh == h)
print("| **ours / TorchSharp (best thread setting of each)** | | " + " | ".join(f"**{best('ours', h) / best('torchsharp', h):.2f}**" for h in hiddens) + " |")
print("| ours / PyTorch (best thread setting of each) | | " + " | ".join(f"{best('ours', h) / best('pytorch', h):.2f}" for h in hiddens) + " |")
EOF
rm -rf "$out"
