"""Switchboard's phone normalizer against libphonenumber on a generated corpus."""
import collections
import os
import subprocess

from conftest import BINARY
from phone_corpus import REGIONS, corpus

REPORT = os.environ.get("SWITCHBOARD_PHONE_REPORT", "/tmp/switchboard-phone-oracle.txt")


def normalize(region, texts):
    out = subprocess.run([BINARY, "phone", "normalize", "--country", region], input="\n".join(texts) + "\n",
                         capture_output=True, text=True, timeout=120, check=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def test_agrees_with_libphonenumber_on_valid_numbers():
    rows = corpus()
    assert len(rows) >= 10_000 and len({r[0] for r in rows}) >= 20
    disagreements = []
    by_region = collections.defaultdict(list)
    for row in rows:
        by_region[row[0]].append(row)
    for region, group in by_region.items():
        results = normalize(region, [r[1] for r in group])
        assert len(results) == len(group)
        for (_, text, e164, ext), result in zip(group, results):
            ours = (result[1], result[2]) if len(result) >= 3 else ("", "")
            if ours != (e164, ext):
                disagreements.append(f"{region}\t{text}\toracle {e164} {ext}\tours {ours[0]} {ours[1]} {result[3] if len(result) > 3 else ''}")
    agreement = 1 - len(disagreements) / len(rows)
    with open(REPORT, "w") as f:
        f.write(f"{len(rows)} numbers, {len(by_region)} countries, agreement {agreement:.4%}\n" + "\n".join(disagreements) + "\n")
    assert not disagreements, f"agreement {agreement:.4%}; {len(disagreements)} disagreements, e.g.\n" + "\n".join(disagreements[:15])
