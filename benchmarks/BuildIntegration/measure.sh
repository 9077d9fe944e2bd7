#!/usr/bin/env bash
# Build time of the NasBench201 example as a user gets it (the packed AutoBuild package from a local feed) next to
# the same console project without AutoBuild, measured in one run: first build (AutoBuild trains) and a no-op
# rebuild. Restore is done before timing. Usage: benchmarks/BuildIntegration/measure.sh [Release|Debug]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
configuration="${1:-Release}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

dotnet pack "$repo/src/Compiler/MSBuild/AutoBuild.Package" -c "$configuration" -o "$work/feed" --disable-build-servers -nologo -v q >/dev/null
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$work/packages" /></config>
  <packageSources><clear /><add key="local" value="$work/feed" /></packageSources>
</configuration>
XML

make_project() { # name, with-autobuild (yes/no)
  local dir="$work/$1"
  mkdir -p "$dir"
  cp "$repo/examples/NasBench201/nas-bench-201.space.yaml" "$repo/examples/NasBench201/nb201-labels.csv" \
     "$repo/examples/NasBench201/nb201-truth.csv.gz" "$dir/"
  if [ "$2" = yes ]; then
    cp "$repo/examples/NasBench201/Program.cs" "$dir/"
    items='<PackageReference Include="AutoBuild" Version="0.1.0" PrivateAssets="all" />
    <AutoBuildSpace Include="nas-bench-201.space.yaml" Labels="nb201-labels.csv" TargetMetric="c10v_valid_acc_200ep" />'
  else
    echo 'System.Console.WriteLine("Hello");' > "$dir/Program.cs"
    items=''
  fi
  cat > "$dir/$1.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup>
    $items
    <None Include="nb201-truth.csv.gz" CopyToOutputDirectory="PreserveNewest" />
  </ItemGroup>
</Project>
XML
  (cd "$dir" && dotnet restore --disable-build-servers -nologo -v q >/dev/null)
}

seconds() { # directory: runs one build, prints its wall time in seconds
  local start end
  start=$(date +%s.%N)
  (cd "$1" && dotnet build --no-restore --disable-build-servers -nologo -v q -c "$configuration" >/dev/null)
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}

make_project WithAutoBuild yes
make_project WithoutAutoBuild no
a1=$(seconds "$work/WithoutAutoBuild"); b1=$(seconds "$work/WithAutoBuild")
a2=$(seconds "$work/WithoutAutoBuild"); b2=$(seconds "$work/WithAutoBuild")
printf '%-34s %10s %10s\n' "build (s)" "first" "no-op"
printf '%-34s %10.1f %10.1f\n' "NasBench201 without AutoBuild" "$a1" "$a2"
printf '%-34s %10.1f %10.1f\n' "NasBench201 with AutoBuild" "$b1" "$b2"
printf '%-34s %10.2f %10.2f\n' "ratio" "$(awk -v a="$a1" -v b="$b1" 'BEGIN { print b / a }')" "$(awk -v a="$a2" -v b="$b2" 'BEGIN { print b / a }')"
(cd "$work/WithAutoBuild" && dotnet run --no-build -c "$configuration" | head -4)
