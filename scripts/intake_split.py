#!/usr/bin/env python3
"""Checks labelled intake messages and splits them into a training and a held-out part.

    python3 scripts/intake_split.py FILE.jsonl...

Each input file (lines as in data/intake/README.md) is checked against the labelling rules of
shared/eval/LABELS.md that a machine can check (kinds, categories, urgency only on requests, unique
ids, no text twice, nothing copied from the public sample), then written as
data/intake/train/NAME.jsonl and data/intake/heldout/NAME.jsonl. A message is held out when the
CRC-32 of its id is divisible by 5 (about one in five), so the split never depends on the order of
lines or on anything else in the file. Training never reads data/intake/heldout/.
"""

import json
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "intake"
PUBLIC = ROOT.parent / "shared" / "eval" / "intake_public_sample.jsonl"
KINDS = {"request", "question", "notice", "chat"}
CATEGORIES = {"repair", "sanitation", "dispute", "hazard", "assistance", "paperwork", "livelihood", "other"}


def norm(text):
    return "".join(text.lower().split())


def check(line, where):
    d = json.loads(line)
    for key in ("id", "lang", "text", "kind", "category", "urgent"):
        if key not in d:
            raise SystemExit(f"{where}: no {key}")
    if d["kind"] not in KINDS or d["lang"] not in ("zh", "en") or not d["text"].strip():
        raise SystemExit(f"{where}: bad kind, lang or text")
    if d["kind"] == "request":
        if d["category"] not in CATEGORIES:
            raise SystemExit(f"{where}: a request needs a category")
    elif d["category"] is not None or d["urgent"]:
        raise SystemExit(f"{where}: only requests have a category or urgency")
    if not isinstance(d["urgent"], bool):
        raise SystemExit(f"{where}: urgent is true or false")
    return d


def main(files):
    seen_texts = set()
    if PUBLIC.exists():
        seen_texts = {norm(json.loads(l)["text"]) for l in PUBLIC.open(encoding="utf-8") if l.strip()}
    for folder in ("train", "heldout"):
        for f in sorted((OUT / folder).glob("*.jsonl")):
            if f.name not in {Path(x).name for x in files}:
                seen_texts |= {norm(json.loads(l)["text"]) for l in f.open(encoding="utf-8") if l.strip()}
    ids = set()
    for name in files:
        path = Path(name)
        parts = {"train": [], "heldout": []}
        dropped = 0
        for i, line in enumerate(path.open(encoding="utf-8"), 1):
            if not line.strip():
                continue
            d = check(line, f"{path}:{i}")
            if d["id"] in ids:
                raise SystemExit(f"{path}:{i}: id {d['id']} twice")
            ids.add(d["id"])
            key = norm(d["text"])
            if key in seen_texts:
                dropped += 1
                continue
            seen_texts.add(key)
            part = "heldout" if zlib.crc32(d["id"].encode()) % 5 == 0 else "train"
            parts[part].append(json.dumps(d, ensure_ascii=False))
        for part, lines in parts.items():
            (OUT / part).mkdir(parents=True, exist_ok=True)
            (OUT / part / path.name).write_text("".join(l + "\n" for l in lines), encoding="utf-8")
        print(f"{path.name}: train {len(parts['train'])}, held out {len(parts['heldout'])}, dropped {dropped} repeated")


if __name__ == "__main__":
    main(sys.argv[1:])
