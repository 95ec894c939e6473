"""A second opinion on what a mail asks for, learned from the labelled mail in
`tests/corpus/` (`scripts/train_intent.py` writes `lexicon/learned.json`).

The cue table decides and explains; this only speaks when the cues found nothing at
all. Its guess never registers or cancels anyone by itself: the mail still waits for
the coordinator, with the guess, the words behind it and the participants found, so
that her decision is one click in the digest.

The model is a linear one over the words and word pairs of the text (each present
or not, scaled to the text's length), so that the words that weighed most can be
named.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

MODEL = Path(__file__).resolve().parent / "lexicon" / "learned.json"
# an address, a number and a person's own words tell nothing about what a mail asks
ADDRESS = re.compile(r"\S+@\S+")
NUMBER = re.compile(r"\d+")
TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Opinion:
    kind: str  # "signup", "cancel", "question", "unclear"
    share: float  # how sure, 0..1
    words: tuple[str, ...]  # the features that weighed most for it, strongest first


def features(text: str) -> set[str]:
    """The words and pairs of neighbouring words of a text, in lower case."""
    words = TOKEN.findall(NUMBER.sub(" 0 ", ADDRESS.sub(" x_address ", text.casefold())))
    return set(words) | {f"{a} {b}" for a, b in pairwise(words)}


# (classes, bias per class, {feature: weight per class})
Model = tuple[Sequence[str], Sequence[float], Mapping[str, Sequence[float]]]


@cache
def _model() -> Model:
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    return data["classes"], data["bias"], data["weights"]


def opinion(text: str, model: Model | None = None) -> Opinion:
    """The kind of mail the model (the shipped one unless given) takes the text for,
    how sure it is, and why."""
    classes, bias, weights = model or _model()
    known = sorted(f for f in features(text) if f in weights)  # (a set's order varies)
    scale = 1 / math.sqrt(len(known)) if known else 0.0
    scores = [b + scale * sum(weights[f][k] for f in known) for k, b in enumerate(bias)]
    top = max(scores)
    shares = [math.exp(s - top) for s in scores]
    best = scores.index(top)
    why = sorted((f for f in known if weights[f][best] > 0 and _telling(f)),
                 key=lambda f: (-weights[f][best], f))
    return Opinion(classes[best], shares[best] / sum(shares), tuple(why[:4]))


def _telling(feature: str) -> bool:
    """A feature a person can read as a reason: a pair of words, or a word of four
    letters or more; not a number or an address."""
    words = feature.split()
    return not {"0", "x_address"} & set(words) and (len(words) > 1 or len(feature) >= 4)
