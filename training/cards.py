"""Model cards (public/models/<id>/card.json): one way to write them, whichever program adds figures.

The app's bench (bench/devset.mjs) writes cards too, as UTF-8 with the characters as they are; every writer
here does the same, so a card rewritten with the same figures is the same file (no ± turning into \\u00b1).
"""
import json


def save_card(path, card):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(card, f, indent=2, ensure_ascii=False)
        f.write("\n")
