"""Record on a model's card what a change moved: each yardstick's figure before and after, side by side.

    /usr/bin/python3 training/card_changes.py public/models/vgg --previous=904b2e8 \\
        --change="trained with camera effects (--photometric=0.2), otherwise the same recipe"

Run it once the new card carries all its figures (train.py's export, then fer2013c.py and bench/devset.mjs
with their --write_card / DEVSET_WRITE_CARDS). The card it replaces is read from git, `<previous>:<folder>/
card.json` (or a card file given as --previous), so the "before" is what shipped, not a number typed in. Appends one record to the card's
`changes` list (issue 19: "say which moved what on the card"): the change, the commit compared with, and for
every figure both cards have, [before, after] and the difference. Figures a card lacks are left out. A fresh
export has no `changes` yet: it starts from the list of the card it replaces, so the history stays on the card.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cards import save_card  # noqa: E402
import overrides  # noqa: E402

previous = ""  # git revision whose card.json of the same folder is "before", or a card.json path
change = ""  # what changed, in words (the command-line difference)
dry_run = 0  # 1: print the record, write nothing

folder = next(arg for arg in sys.argv[1:] if "=" not in arg)
overrides.apply(globals(), sys.argv[1:], overrides.config_keys(globals()))
assert previous and change, __doc__


def figures(card):
    """The yardsticks' headline figures of a card, flat: name -> fraction."""
    out = {}
    for key, name in (("public_test_accuracy", "fer2013 PublicTest"), ("private_test_accuracy", "fer2013 PrivateTest"),
                      ("private_test_accuracy_flip_average", "fer2013 PrivateTest with flip"),
                      ("private_test_accuracy_dedup", "fer2013 PrivateTest dedup")):
        if key in card:
            out[name] = card[key]
    c = card.get("fer2013_c")
    if c:
        out["fer2013-c mean"] = c["mean"]
        out["fer2013-c mean / clean"] = c["relative"]
        out.update({f"fer2013-c {name}": value for name, value in c["per_corruption"].items()})
    dev = card.get("lfw_expressions")
    if dev:
        out["lfw-expressions balanced"] = dev["balanced_accuracy"]
        out["lfw-expressions accuracy"] = dev["accuracy"]
        out.update({f"lfw-expressions recall {label}": value for label, value in dev["per_class_recall"].items()})
    return out


path = os.path.join(folder, "card.json")
with open(path) as f:
    card = json.load(f)
if os.path.isfile(previous):
    with open(previous) as f:
        previous_card, compared_with = json.load(f), previous
else:
    git_path = os.path.relpath(os.path.abspath(path), subprocess.check_output(
        ["git", "rev-parse", "--show-toplevel"], text=True).strip())
    previous_card = json.loads(subprocess.check_output(["git", "show", f"{previous}:{git_path}"], text=True))
    commit = subprocess.check_output(["git", "rev-parse", "--short", previous], text=True).strip()
    compared_with = f"the card of commit {commit}"
before, after = figures(previous_card), figures(card)
record = {
    "change": change,
    "compared_with": compared_with,
    "figures": {name: {"before": round(before[name], 4), "after": round(after[name], 4),
                       "moved": round(after[name] - before[name], 4)}
                for name in after if name in before},
}
for name, f in record["figures"].items():
    print(f"{name:40s} {f['before'] * 100:6.1f} -> {f['after'] * 100:6.1f}  ({f['moved'] * 100:+.1f})")
if not dry_run:
    history = card.get("changes", previous_card.get("changes", []))
    card["changes"] = [c for c in history if c["change"] != change] + [record]
    save_card(path, card)
    print(f"wrote changes to {path}")
