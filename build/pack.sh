#!/usr/bin/env bash
# Packs the shipped packages into artifacts/packages (or $PACKAGE_OUTPUT):
#   Bunq.CodeGen    - the source generator (analyzer package, generator/Bunq.CodeGen.SourceGenerator)
#   Bunq.Runtime    - what generated code calls (runtime/Bunq.Runtime)
#   Bunq.Runtime.Redis - bunq's limits, sessions and contexts shared through Redis (runtime/Bunq.Runtime.Redis)
#   Bunq.AspNetCore - verified callbacks for ASP.NET Core (runtime/Bunq.AspNetCore)
#   Bunq.Emulator   - the local bunq for users' tests (emulator/Bunq.Emulator)
#   bunq-codegen    - the dotnet tool (generator/Bunq.CodeGen.Tool)
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
