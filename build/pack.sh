#!/usr/bin/env bash
# Packs the shipped packages into artifacts/packages (or $PACKAGE_OUTPUT):
#   Bunq.CodeGen    - the source generator (analyzer package, generator/Bunq.CodeGen.SourceGenerator)
#   Bunq.Runtime    - what generated code calls (runtime/Bunq.Runtime)
#   Bunq.Runtime.Redis - bunq's limits, sessions and contexts shared through Redis (runtime/Bunq.Runtime.Redis)
#   Bunq.AspNetCore - verified callbacks for ASP.NET Core (runtime/Bunq.AspNetCore)
#   Bunq.Emulator   - the local bunq for users' tests (emulator/Bunq.Emulator)
#   bunq-codegen    - the dotnet tool (generator/Bunq.CodeGen.Tool): a pointer package, bunq-codegen.linux-x64 (Native
#                     AOT when packed on linux-x64, else ReadyToRun), linux-arm64 and osx-arm64 (ReadyToRun), any (portable)
# The version is build/version.sh's (it changes with every commit); extra arguments go to every `dotnet pack` and
# may override it, e.g. build/pack.sh -p:Version=0.2.0-preview.1
# Output is deterministic (Directory.Build.props, plus fixed zip timestamps below) and always a
# ContinuousIntegrationBuild: source paths in the pdbs are /_/..., never this machine's, and every pdb carries
# SourceLink to RepositoryUrl at the packed commit whatever the git remote is (Directory.Build.targets; docs/ci.md).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${PACKAGE_OUTPUT:-$root/artifacts/packages}"
mkdir -p "$out"

# The compiler output is deterministic already; NuGet (7.9+) also needs one fixed time for the zip entries, or every
# pack differs in its timestamps. SOURCE_DATE_EPOCH (the reproducible-builds convention) wins; else the time of the
# commit being packed, so the same commit gives bit-identical packages.
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 315532800)}"

# Build into a folder of our own: a Release build of the same projects started by someone else (a benchmark, an IDE)
# would otherwise share bin/obj with this one, and a package could pick up the other build's files (e.g. a deps.json
# with another version). A global property, so it wins over Directory.Build.props.
build_root="${PACK_ARTIFACTS_PATH:-$root/artifacts/pack-build}"

# One at a time: the generator and the tool share Bunq.CodeGen, and two builds of it at once would race.
version="$("$root/build/version.sh")"
for project in runtime/Bunq.Runtime runtime/Bunq.Runtime.Redis runtime/Bunq.AspNetCore emulator/Bunq.Emulator generator/Bunq.CodeGen.SourceGenerator generator/Bunq.CodeGen.Tool; do
  dotnet pack "$root/$project" -c Release -o "$out" --nologo -v quiet -clp:ErrorsOnly \
    "-p:ArtifactsPath=$build_root" "-p:DeterministicTimestamp=$epoch" "-p:Version=$version" \
    -p:ContinuousIntegrationBuild=true "$@"
done

# On linux-x64 the tool ships Native AOT (docs/performance.md: 13-27 % less CPU than ReadyToRun in the same runs, and
# the same bytes out): the RID package packed above (ReadyToRun) is replaced by one packed with BunqNativeAot. The AOT
# compiler in the feed targets linux only and cannot cross-compile, so elsewhere (and with BUNQ_PACK_AOT=0) the
# ReadyToRun package stays. Its own build folder: the ReadyToRun publish of the same RID must not leak into it.
if [[ "$(uname -s)-$(uname -m)" == Linux-x86_64 && "${BUNQ_PACK_AOT:-1}" == 1 ]]; then
  aot_out="$build_root/aot-package"
  rm -rf "$aot_out" "$build_root/aot"
  aot_log="$build_root/aot-pack.log"
  dotnet pack "$root/generator/Bunq.CodeGen.Tool" -c Release -r linux-x64 -p:BunqNativeAot=true -o "$aot_out" --nologo -v minimal \
    "-p:ArtifactsPath=$build_root/aot" "-p:DeterministicTimestamp=$epoch" "-p:Version=$version" \
    -p:ContinuousIntegrationBuild=true "$@" > "$aot_log" 2>&1 || { cat "$aot_log" >&2; echo "pack: the Native AOT pack of bunq-codegen failed" >&2; exit 1; }
  # The one trim warning left is Scriban's Import of a delegate (in whichever TemplateRenderer member registers it),
  # which reflects over a method of Bunq.CodeGen, an assembly the AOT build keeps whole (Bunq.CodeGen.Tool.csproj);
  # any other trim/AOT warning is a new problem.
  warnings="$(grep -oE "(Trim|AOT) analysis warning IL[0-9]+: [^:]+(: Using member '[^']+')?|warning IL[0-9]+: Assembly [^ ]+" "$aot_log" | sort -u)"
  known_warning="^Trim analysis warning IL2026: Bunq\.CodeGen\.Emit\.TemplateRenderer\.[A-Za-z]+\(\): Using member 'Scriban\.Runtime\.ScriptObjectExtensions\.Import\(IScriptObject,String,Delegate\)'$"
  unknown="$(grep -vE "$known_warning" <<<"$warnings" | grep . || true)"
  if [[ -n "$unknown" ]]; then
    echo "pack: the Native AOT build of bunq-codegen has new trim/AOT warnings:" >&2; echo "$unknown" >&2; exit 1
  fi
  # A glob, not $version: the arguments may override the version.
  aot_package="$(ls "$aot_out"/bunq-codegen.linux-x64.*.nupkg 2>/dev/null | head -n 1)"
  [[ -n "$aot_package" ]] || { echo "pack: the Native AOT pack wrote no bunq-codegen.linux-x64 package" >&2; exit 1; }
  grep -qx "tools/any/linux-x64/bunq-codegen" <<<"$(unzip -Z1 "$aot_package")" \
    || { echo "pack: $aot_package lacks the native bunq-codegen" >&2; exit 1; }
  # The ReadyToRun package it replaces is kept out of the output, for build/bench.sh to time beside the shipped one.
  mkdir -p "$build_root/readytorun"
  [[ -f "$out/$(basename "$aot_package")" ]] && cp "$out/$(basename "$aot_package")" "$build_root/readytorun/"
  cp "$aot_package" "$out/"
fi

# The analyzer package must carry the generator's dependencies but never System.Text.Json (or other host
# assemblies): the compiler provides them, and a second copy in analyzers/ can fail to load.
analyzer="$(ls -t "$out"/Bunq.CodeGen.[0-9]*.nupkg | head -n 1)"
listing="$(unzip -Z1 "$analyzer")"
for required in Bunq.CodeGen.SourceGenerator.dll Bunq.CodeGen.dll Microsoft.OpenApi.dll Microsoft.OpenApi.Readers.dll SharpYaml.dll Scriban.Signed.dll; do
  grep -qx "analyzers/dotnet/cs/$required" <<<"$listing" || { echo "pack: $analyzer lacks analyzers/dotnet/cs/$required" >&2; exit 1; }
done
for forbidden in System.Text.Json System.Collections.Immutable Microsoft.CodeAnalysis; do
  if grep -q "^analyzers/.*/$forbidden" <<<"$listing"; then echo "pack: $analyzer must not ship $forbidden" >&2; exit 1; fi
done
grep -qx "build/Bunq.CodeGen.props" <<<"$listing" && grep -qx "build/Bunq.CodeGen.targets" <<<"$listing" \
  || { echo "pack: $analyzer lacks build/Bunq.CodeGen.props/.targets" >&2; exit 1; }
if grep -q "^lib/" <<<"$listing"; then echo "pack: $analyzer must not have a lib/ folder (IncludeBuildOutput=false)" >&2; exit 1; fi

# The emulator package carries the generator library it builds its routes with (not a package of its own).
emulator="$(ls -t "$out"/Bunq.Emulator.[0-9]*.nupkg | head -n 1)"
grep -qx "lib/net10.0/Bunq.CodeGen.dll" <<<"$(unzip -Z1 "$emulator")" || { echo "pack: $emulator lacks lib/net10.0/Bunq.CodeGen.dll" >&2; exit 1; }

echo "Packages in $out:"
ls -1 "$out"/*.nupkg | sed "s|^$out/|  |"
echo "Version of this pack: $version (unless overridden). To use the folder as a feed, add to your nuget.config:"
echo "  <add key=\"bunq-local\" value=\"$out\" />"
