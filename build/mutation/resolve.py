"""Stryker config with member scopes resolved: python3 resolve.py CONFIG PROJECT_DIR OUT.

Stryker.NET scopes a file with character spans (`File.cs{120..480}`), which go stale with every edit above them. A
target's config may instead name members: `**/Model/ApiModelBuilder.Builder.cs{members:IsBunqShaped,ClassifyResult}`.
This writes the config to OUT with each such entry turned into the members' current spans (declaration line through
the closing brace or semicolon), and fails when a member is not found, so a rename cannot silently empty an area.
"""
import glob
import json
import os
import re
import sys

config_path, project_dir, out_path = sys.argv[1], sys.argv[2], sys.argv[3]
MEMBERS = re.compile(r"^(?P<glob>.+)\{members:(?P<names>[A-Za-z0-9_,]+)\}$")


def skip_literal(text, i):
    """Index just past the string, char literal or comment starting at i, or i when none starts there."""
    if text.startswith("//", i):
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if text.startswith("/*", i):
        return text.index("*/", i + 2) + 2
    prefix = re.match(r'\$?@\$?"|\$?"', text[i:i + 3])
    if prefix:
        verbatim = "@" in prefix.group(0)
        j = i + len(prefix.group(0))
        while True:
            c = text[j]
            if verbatim and c == '"' and text.startswith('""', j):
                j += 2
            elif not verbatim and c == "\\":
                j += 2
            elif c == '"':
                return j + 1
            else:
                j += 1
    if text[i] == "'":
        j = i + 1
        while text[j] != "'":
            j += 2 if text[j] == "\\" else 1
        return j + 1
    return i


def member_span(text, name, path):
    declaration = re.compile(r"^[ \t]*(?:(?:public|private|internal|protected|static|readonly|sealed|override)\s+)+[^;=(]*\b"
                             + re.escape(name) + r"\s*[(=<;]", re.MULTILINE)
    matches = list(declaration.finditer(text))
    if len(matches) != 1:
        sys.exit(f"resolve.py: {len(matches)} declarations of '{name}' in {path} (expected one)")
    start = matches[0].start()
    depth = 0
    i = start
    while i < len(text):
        after = skip_literal(text, i)
        if after != i:
            i = after
            continue
        c = text[i]
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
            if depth == 0 and c == "}":
                return start, i + 1
        elif c == ";" and depth == 0:
            return start, i + 1
        i += 1
    sys.exit(f"resolve.py: no end of '{name}' in {path}")


with open(config_path, encoding="utf-8") as f:
    config = json.load(f)
resolved = []
for entry in config["stryker-config"]["mutate"]:
    match = MEMBERS.match(entry)
    if not match:
        resolved.append(entry)
        continue
    files = glob.glob(os.path.join(project_dir, match.group("glob")), recursive=True)
    if len(files) != 1:
        sys.exit(f"resolve.py: '{match.group('glob')}' matches {len(files)} files under {project_dir} (expected one)")
    # Roslyn counts UTF-16 code units of the text without its byte-order mark; the sources are in the BMP, so
    # Python's code points are the same positions.
    with open(files[0], encoding="utf-8-sig", newline="") as f:
        text = f.read()
    spans = sorted(member_span(text, name, files[0]) for name in match.group("names").split(","))
    resolved.append(match.group("glob") + "".join(f"{{{start}..{end}}}" for start, end in spans))
config["stryker-config"]["mutate"] = resolved
with open(out_path, "w", encoding="utf-8") as f:
    json.dump(config, f, indent=2)
for entry in resolved:
    print("mutate: " + entry)
