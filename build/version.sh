#!/usr/bin/env bash
# The package version of the checked-out commit: <prefix>-dev.<commit height>.g<short sha>, e.g. 0.1.0-dev.412.g1a2b3c4.
# Every commit gets its own version, so a NuGet cache can never serve an older package under the same number; with
# uncommitted changes ".local.<unix time>" is added, so two packs of a changed tree differ too. The prefix is
# VERSION_PREFIX (default 0.1.0, the version in Directory.Build.props); outside a git checkout it is <prefix>-dev.0.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="${VERSION_PREFIX:-0.1.0}"
if ! git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then echo "$prefix-dev.0"; exit 0; fi
height="$(git -C "$root" rev-list --count HEAD)"
sha="$(git -C "$root" rev-parse --short=7 HEAD)"
version="$prefix-dev.$height.g$sha"
if [[ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]]; then version="$version.local.$(date -u +%s)"; fi
echo "$version"
