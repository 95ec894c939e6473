"""Train the learned second opinion on what a mail asks for (`mailreg/reading/learned.py`)
from the labelled development mail and phrases, print how well it reads each
development corpus it was not trained on, and write `mailreg/reading/lexicon/learned.json`.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python scripts/train_intent.py

Holdouts (`tests/corpus/holdout*`, the phrase banks' `holdout.tsv`) are never read here.
Run it again after adding a development corpus: the model then knows its mail too.
"""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus_tools import ARRIVAL, COORDINATOR, OWN, cases, expected  # noqa: E402

from mailreg.reading.guard import machine_reason  # noqa: E402
from mailreg.reading.learned import MODEL, Model, features, opinion  # noqa: E402
from mailreg.reading.message import parse  # noqa: E402
from mailreg.reading.understand import learned_input  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
C = 16.0  # little regularisation: the phrasings are many and each is seen few times
MIN_MAILS = 2  # a word seen in one text only is a name, a typo or a place


def development() -> dict[str, list[tuple[str, str]]]:
    """{part: [(text, intent)]}: every labelled mail that is not machine mail, and
    the phrase banks' development sentences."""
    parts: dict[str, list[tuple[str, str]]] = {}
    # the development corpora are those with a ratchet of known gaps (test_corpus.py)
    folders = [CORPUS] + sorted(f.parent for f in CORPUS.glob("*/known.toml")
                                if (f.parent / "networks.toml").exists())
    for folder in folders:
        for case in cases(folder):
            mail = parse(case.read_bytes(), ARRIVAL)
            label = expected(case)["intent"]
            if label != "machine" and not machine_reason(mail, OWN):
                parts.setdefault(folder.name, []).append(
                    (learned_input(mail, COORDINATOR), label))
    for bank in sorted(CORPUS.glob("*/dev.tsv")):
        rows = [line.split("\t", 1) for line in bank.read_text(encoding="utf-8").splitlines()]
        parts[bank.parent.name] = [(text, label) for label, text in rows if text]
    return parts


def fit(examples: list[tuple[str, str]]) -> Model:
    """(classes, bias, {feature: weight per class}) of a model of the examples."""
    seen = Counter(f for text, _ in examples for f in features(text))
    vectors = DictVectorizer()
    x = vectors.fit_transform([{f: 1 for f in features(text) if seen[f] >= MIN_MAILS}
                               for text, _ in examples])
    model = LogisticRegression(C=C, max_iter=5000)
    model.fit(normalize(x), [label for _, label in examples])
    names = vectors.get_feature_names_out()
    return list(model.classes_), list(model.intercept_), {
        str(name): [float(w) for w in model.coef_[:, i]] for i, name in enumerate(names)}


def main() -> None:
    logging.getLogger("mailparser").setLevel(logging.ERROR)
    parts = development()
    print("intent read right by a model trained without the part:")
    for name, examples in parts.items():
        model = fit([e for other, rest in parts.items() if other != name for e in rest])
        right = sum(opinion(text, model).kind == label for text, label in examples)
        print(f"  {name:<10} {right / len(examples):.3f}  ({len(examples)} texts)")
    classes, bias, weights = fit([e for rest in parts.values() for e in rest])
    def numbers(values: Sequence[float]) -> str:
        return "[" + ", ".join(f"{v:.3f}" for v in values) + "]"
    # one feature a line, so that a new training shows in a diff as what it changed
    lines = [f"  {json.dumps(f, ensure_ascii=False)}: {numbers(ws)}"
             for f, ws in sorted(weights.items())]
    trained_on = json.dumps({name: len(texts) for name, texts in parts.items()})
    MODEL.write_text(f'{{\n"classes": {json.dumps(classes)},\n"bias": {numbers(bias)},\n'
                     f'"trained_on": {trained_on},\n"weights": {{\n' + ",\n".join(lines)
                     + "\n}\n}\n", encoding="utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)}: {len(weights)} features, "
          f"{sum(len(e) for e in parts.values())} texts")


if __name__ == "__main__":
    main()
