"""claims/crossval.py: the folds cover train+dev only, and REVIEW_AT is chosen by the
stated rule. The rule is tested with a scorer whose probabilities are set by hand, so
each case says which threshold must win and why."""

from collections import Counter

import numpy as np

from claims import corpus, crossval
from claims.crossval import CrossValidation


def test_the_folds_split_train_and_dev_into_five_similar_parts_and_leave_test_out():
    examples = corpus.split("train") + corpus.split("dev")
    sizes = Counter(crossval.fold_of(e) for e in examples)
    assert sorted(sizes) == list(range(crossval.FOLDS))
    assert max(sizes.values()) < 1.25 * min(sizes.values())
    assert not {e.sentence for e in examples} & {e.sentence for e in corpus.split("test")}


class _Scores:
    """Probabilities set by hand, one per sentence."""

    def __init__(self, scores: dict[str, float]):
        self.scores = scores

    def parts(self, sentences):
        # Both halves agree, so the weighting between them changes nothing here.
        return np.array([(self.scores[s], self.scores[s]) for s in sentences], dtype=float)


def _validation(rows):
    examples = [
        corpus.Example(language="ru", label=label, kind="test", sentence=sentence)
        for sentence, label, _ in rows
    ]
    return CrossValidation(examples, _Scores({s: p for s, _, p in rows}))


def test_review_at_is_the_highest_threshold_that_catches_the_claims_precisely():
    # 50 claims scored 0.52 to 0.99 and one at 0.33; 50 safe sentences at 0.05 to 0.29.
    rows = [(f"Заявка номер {i} одобрена клиникой", "claim", 0.52 + i * 0.0095) for i in range(50)]
    rows.append(("Место за вашим отцом", "claim", 0.33))
    rows += [(f"Документ номер {i} получен", "safe", 0.05 + i * 0.0048) for i in range(50)]
    chosen, weights = _validation(rows).choose()
    # 0.5 catches 50 of 51 (0.98, the aim) with no false alarm; 0.3 also catches the last
    # claim but is lower: the highest threshold that reaches the aim wins.
    assert chosen["ru"] == 0.5
    assert weights["ru"] == 0.5  # every weighting ties: the even one


def test_review_at_never_buys_recall_with_precision_below_the_floor():
    rows = [(f"Пациент {i} принят", "claim", 0.6) for i in range(40)]
    rows += [(f"Пациент {i} на пересадку", "claim", 0.22) for i in range(10)]
    # 30 safe sentences from 0.21 to 0.27: catching the last ten claims at 0.2 would hold
    # all 30 too (precision 50 / 80). Every threshold from 0.3 up catches the same 40
    # claims with no false alarm, and the highest of them wins.
    rows += [(f"Письмо {i} отправлено", "safe", 0.21 + i * 0.002) for i in range(30)]
    report = _validation(rows)
    chosen, weights = report.choose()
    assert chosen["ru"] == max(crossval.THRESHOLDS)
    score = report.report(chosen, weights).by_language["ru"]
    assert score.precision >= crossval.PRECISION_FLOOR and score.recall == 0.8


class _Halves:
    """(by wording, by meaning) set by hand, one pair per sentence."""

    def __init__(self, parts: dict[str, tuple[float, float]]):
        self.scores = parts

    def parts(self, sentences):
        return np.array([self.scores[s] for s in sentences], dtype=float)


def _colloquial_corpus():
    """20 colloquial claims only the meaning half sees (0.6 to 0.79 by meaning, 0.1 by
    wording), 30 plain claims both halves see, 50 safe sentences at 0.3: (halves by
    sentence, examples)."""
    rows = {f"Вас ждут в клинике {i}": (0.1, 0.6 + i * 0.01) for i in range(20)}
    rows |= {f"Отец принят номер {i}": (0.9, 0.8) for i in range(30)}
    rows |= {f"Письмо {i} отправлено": (0.3, 0.3) for i in range(50)}
    examples = [
        corpus.Example(
            language="ru",
            label="safe" if s.startswith("Письмо") else "claim",
            kind="test",
            sentence=s,
        )
        for s in rows
    ]
    return rows, examples


def test_the_weighting_that_lets_the_threshold_stand_highest_wins():
    # The wording half misses 20 colloquial claims the meaning half sees (0.6 to 0.79).
    # Evenly weighted they score 0.35 to 0.45, barely above the safe sentences' 0.3, so
    # only a threshold of 0.35 catches them all. With the meaning counting 0.9 they score
    # 0.55 and up: 0.55 catches every claim too, and the higher threshold wins (fewer
    # false alarms on sentences the corpus does not have).
    rows, examples = _colloquial_corpus()
    validation = CrossValidation(examples, _Halves(rows))
    review_at, weights = validation.choose()
    assert (weights["ru"], review_at["ru"]) == (0.9, 0.55)
    score = validation.report(review_at, weights).by_language["ru"]
    assert score.recall == 1.0 and score.precision == 1.0


def test_no_setting_that_would_hold_shipped_wording_is_chosen():
    # The same corpus as above, and one shipped Russian string whose meaning half reads
    # 0.6 (a status the meaning model finds close to a claim) and wording half 0.1. With
    # the meaning counting 0.9 it scores 0.55 and would be held at 0.55; 0.8 gives 0.5,
    # held at 0.5 but not at 0.55, and so on. The winner must let it through, even though
    # the colloquial claims that score like it (0.6) then pass too.
    rows, examples = _colloquial_corpus()
    shipped = "Ваши документы переданы в больницу"
    scorer = _Halves(rows | {shipped: (0.1, 0.6)})
    validation = CrossValidation(examples, scorer, {"ru": [shipped]}, shipped_model=scorer)
    review_at, weights = validation.choose()
    weight, threshold = weights["ru"], review_at["ru"]
    assert weight * 0.6 + (1 - weight) * 0.1 < threshold  # the shipped string passes
    assert (weight, threshold) != (0.9, 0.55)  # the winner without it
    score = validation.report(review_at, weights).by_language["ru"]
    assert score.precision == 1.0 and 0.8 < score.recall < 1.0


def test_no_setting_that_would_let_a_promised_claim_through_is_chosen():
    # The corpus of the weighting test, where the meaning counting 0.9 with a threshold of
    # 0.55 wins. A promised claim (the issue's own example) that only the wording half
    # sees (0.9 by wording, 0.2 by meaning) scores 0.27 there and would pass; the even
    # weighting scores it 0.55, and only a setting that holds it may win.
    rows, examples = _colloquial_corpus()
    promised = "Место за ним"
    scorer = _Halves(rows | {promised: (0.9, 0.2)})
    validation = CrossValidation(
        examples, scorer, promised={"ru": [promised]}, shipped_model=scorer
    )
    review_at, weights = validation.choose()
    weight, threshold = weights["ru"], review_at["ru"]
    assert weight * 0.2 + (1 - weight) * 0.9 >= threshold  # the promised claim is held
    assert (weight, threshold) != (0.9, 0.55)  # the winner without it
