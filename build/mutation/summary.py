"""Per-area figures from one Stryker JSON report: python3 summary.py REPORT AREAS MIN_SCORE ELAPSED_SECONDS.

Stryker scores a whole run; an area's score is counted here the way Stryker counts it: killed and timed-out mutants over
those plus the survivors and the uncovered ones. Compile errors and ignored mutants do not count. Prints a Markdown table
and every surviving mutant, and exits 1 when an area scores below MIN_SCORE (or has no mutant at all).
"""
import json
import re
import sys

report_path, areas_path, min_score, elapsed = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
with open(report_path, encoding="utf-8") as f:
    files = json.load(f)["files"]
areas = []
with open(areas_path, encoding="utf-8") as f:
    for line in f:
        if line.strip() and not line.startswith("#"):
            name, pattern = line.rstrip("\n").split("\t", 1)
            areas.append((name, re.compile(pattern)))

print(f"| area | mutants | killed | survived | no coverage | score | |\n|---|---:|---:|---:|---:|---:|---|")
failed = False
survivors = []
for name, pattern in areas:
    counts = {"Killed": 0, "Timeout": 0, "Survived": 0, "NoCoverage": 0}
    for path, file in files.items():
        if not pattern.search(path.replace("\\", "/")):
            continue
        lines = file["source"].split("\n")
        for mutant in file["mutants"]:
            status = mutant["status"]
            if status in counts:
                counts[status] += 1
            if status in ("Survived", "NoCoverage"):
                line = mutant["location"]["start"]["line"]
                survivors.append(f"{name} {path.split('/')[-1]}:{line} {status} {mutant['mutatorName']}: {lines[line - 1].strip()[:100]}")
    killed = counts["Killed"] + counts["Timeout"]
    total = killed + counts["Survived"] + counts["NoCoverage"]
    score = 100.0 * killed / total if total else 0.0
    ok = total > 0 and score >= min_score
    failed |= not ok
    print(f"| {name} | {total} | {killed} | {counts['Survived']} | {counts['NoCoverage']} | {score:.1f} % | {'ok' if ok else 'BELOW ' + str(min_score) + ' %'} |")
print(f"\nrun time: {elapsed} s\n")
for survivor in survivors:
    print("survived: " + survivor)
sys.exit(1 if failed else 0)
