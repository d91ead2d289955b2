#!/usr/bin/env bash
# The public API files of the shipped libraries (runtime/* and emulator/*: PublicAPI.Shipped.txt / PublicAPI.Unshipped.txt, read by
# Microsoft.CodeAnalysis.PublicApiAnalyzers; docs/versioning.md).
#   build/public-api.sh          rewrites every PublicAPI.Unshipped.txt from the code: what the code declares public
#                                beyond Shipped, plus *REMOVED* lines for shipped members that are gone. Review the diff.
#   build/public-api.sh --ship   at a release: folds Unshipped into Shipped (removals dropped) and empties Unshipped.
# Sorted ordinally, so the files diff cleanly whoever regenerates them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 LC_ALL=C
projects=(runtime/Bunq.Runtime runtime/Bunq.Runtime.Redis runtime/Bunq.AspNetCore emulator/Bunq.Emulator)
header='#nullable enable'

# Body of an API file (everything but the header), sorted and without blank lines.
body() { grep -vx "$header" "$1" | grep -v '^[[:space:]]*$' | sort -u || true; }

write() { { echo "$header"; cat; } > "$1"; }

if [[ "${1:-}" == "--ship" ]]; then
  for project in "${projects[@]}"; do
    shipped="$root/$project/PublicAPI.Shipped.txt"
    unshipped="$root/$project/PublicAPI.Unshipped.txt"
    removed="$(body "$unshipped" | sed -n 's/^\*REMOVED\*//p')"
    # Read both files completely before writing either.
    merged="$({ body "$shipped"; body "$unshipped" | grep -v '^\*REMOVED\*' || true; } | sort -u \
      | { if [[ -n "$removed" ]]; then grep -vxF -f <(printf '%s\n' "$removed") || true; else cat; fi; })"
    printf '%s' "${merged:+$merged$'\n'}" | write "$shipped"
    printf '' | write "$unshipped"
  done
  echo "Shipped files updated; commit them with the release."
  exit 0
fi

for project in "${projects[@]}"; do
  unshipped="$root/$project/PublicAPI.Unshipped.txt"
  # Start from an empty Unshipped file so entries for members that are gone, or were renamed, cannot linger.
  printf '' | write "$unshipped"
  # RS0016's fix adds every public member missing from both files to Unshipped.
  dotnet format analyzers "$root/$project/$(basename "$project").csproj" --diagnostics RS0016 --severity info --verbosity quiet
  # RS0017 (a shipped member that is gone) has no fix that records the removal, so the build's RS0017 warnings name
  # the Shipped lines, which go to Unshipped as *REMOVED* lines.
  removed="$(dotnet build "$root/$project" -c Release -nologo -v quiet -p:TreatWarningsAsErrors=false 2>&1 \
    | sed -n 's|^.*PublicAPI\.Shipped\.txt(\([0-9]*\),[0-9]*): warning RS0017:.*$|\1|p' | sort -un \
    | while read -r line; do sed -n "${line}p" "$root/$project/PublicAPI.Shipped.txt" | sed 's/^/*REMOVED*/'; done)"
  if [[ -n "$removed" ]]; then printf '%s\n' "$removed" >> "$unshipped"; fi
  sorted="$(body "$unshipped")"
  printf '%s' "${sorted:+$sorted$'\n'}" | write "$unshipped"
  echo "$project: $(( $(wc -l < "$unshipped") - 1 )) unshipped line(s)"
done
echo "Now build with -warnaserror: RS0016/RS0017 (and RS0036/RS0037 for nullability) must be silent."
