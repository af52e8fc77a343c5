"""cases/routing.py: rules and tie-breaks, over plain data."""

import itertools
import random
from datetime import datetime, timedelta

import pytest

from cases.routing import Candidate, CaseFacts, Rule, choose

CASE = CaseFacts(language="zh-hans", country="CN", condition="all", condition_area="blood")
T0 = datetime(2026, 1, 1)


def cand(user_id, languages=("zh-hans",), **kw):
    return Candidate(user_id=user_id, name=f"c{user_id}", languages=frozenset(languages), **kw)


def test_only_speakers_of_the_family_language_are_chosen():
    decision = choose(CASE, [cand(1, ["en"]), cand(2, ["zh-hans", "en"])])
    assert decision.coordinator_id == 2
    assert decision.reason.startswith("language zh-hans")


def test_the_fallback_language_is_used_when_nobody_speaks_the_family_language():
    decision = choose(CASE, [cand(1, ["es"]), cand(2, ["en"])], fallback_language="en")
    assert decision.coordinator_id == 2
    assert "fallback" in decision.reason


def test_condition_area_beats_region_which_beats_load():
    pool = [
        cand(1, open_cases=0, regions=frozenset({"CN"})),
        cand(2, open_cases=5, areas=frozenset({"blood"})),
        cand(3, open_cases=0),
    ]
    assert choose(CASE, pool).coordinator_id == 2
    assert choose(CASE, pool[::2]).coordinator_id == 1


def test_lower_relative_load_wins():
    pool = [cand(1, open_cases=4, capacity=10), cand(2, open_cases=3, capacity=5)]
    assert choose(CASE, pool).coordinator_id == 1  # 40% beats 60%


def test_ties_go_to_whoever_was_assigned_least_recently():
    pool = [
        cand(1, last_assigned_at=T0 + timedelta(hours=2)),
        cand(2, last_assigned_at=T0),
        cand(3, last_assigned_at=T0 + timedelta(hours=1)),
    ]
    assert choose(CASE, pool).coordinator_id == 2
    assert choose(CASE, [*pool, cand(4, last_assigned_at=None)]).coordinator_id == 4


def test_unavailable_or_full_coordinators_are_never_chosen():
    pool = [cand(1, available=False), cand(2, open_cases=10, capacity=10)]
    decision = choose(CASE, pool)
    assert decision.coordinator_id is None
    assert "at capacity" in decision.reason or "away" in decision.reason


def test_nobody_fits_gives_a_reason():
    assert choose(CASE, []).reason == "no coordinator speaks zh-hans or en"
    assert "away" in choose(CASE, [cand(1, available=False)]).reason


def test_a_matching_rule_comes_first():
    pool = [cand(1, areas=frozenset({"blood"})), cand(2)]
    rules = [
        Rule(name="PTLD from Spain", coordinator_id=2, condition="ptld", country="ES"),
        Rule(name="All from China", coordinator_id=2, country="CN"),
    ]
    decision = choose(CASE, pool, rules)
    assert decision.coordinator_id == 2
    assert 'routing rule "All from China"' in decision.reason


def test_a_rule_is_skipped_when_switched_off_or_its_coordinator_is_full():
    pool = [cand(1, areas=frozenset({"blood"})), cand(2, open_cases=10, capacity=10)]
    assert choose(CASE, pool, [Rule(name="r", coordinator_id=2, country="CN")]).coordinator_id == 1
    off = Rule(name="r", coordinator_id=1, country="CN", enabled=False)
    assert choose(CASE, [cand(1), cand(3, areas=frozenset({"blood"}))], [off]).coordinator_id == 3


def test_the_reason_reads_like_the_timeline_wants():
    pool = [cand(7, areas=frozenset({"blood"}), open_cases=3, capacity=10)]
    assert choose(CASE, pool).reason == "language zh-hans, blood cancers; load 3 of 10"


@pytest.mark.parametrize("seed", range(300))
def test_random_pools_respect_every_rule(seed):
    """Hundreds of random pools: the choice always obeys the stated order of preference."""
    rng = random.Random(seed)
    languages = ["en", "zh-hans", "es", "ar"]
    areas = ["blood", "solid", "autoimmune", "other"]
    countries = ["CN", "ES", "MX", "EG"]
    case = CaseFacts(
        language=rng.choice(languages),
        country=rng.choice(countries),
        condition="x",
        condition_area=rng.choice(areas),
    )
    pool = []
    for user_id in range(1, rng.randint(0, 8) + 1):
        capacity = rng.randint(1, 8)
        pool.append(
            Candidate(
                user_id=user_id,
                name=str(user_id),
                languages=frozenset(rng.sample(languages, rng.randint(1, 2))),
                regions=frozenset(rng.sample(countries, rng.randint(0, 2))),
                areas=frozenset(rng.sample(areas, rng.randint(0, 2))),
                capacity=capacity,
                open_cases=rng.randint(0, capacity),
                available=rng.random() > 0.2,
                last_assigned_at=rng.choice([None, T0 + timedelta(minutes=rng.randint(0, 999))]),
            )
        )
    decision = choose(case, pool, fallback_language="en")
    eligible = [c for c in pool if c.has_room]
    speakers = [c for c in eligible if case.language in c.languages] or [
        c for c in eligible if "en" in c.languages
    ]
    if not speakers:
        assert decision.coordinator_id is None
        return
    chosen = next(c for c in pool if c.user_id == decision.coordinator_id)
    assert chosen in speakers
    for other in speakers:
        better_area = (case.condition_area in other.areas) and (
            case.condition_area not in chosen.areas
        )
        assert not better_area
        same_area = (case.condition_area in other.areas) == (case.condition_area in chosen.areas)
        if same_area:
            assert not ((case.country in other.regions) and (case.country not in chosen.regions))
            if (case.country in other.regions) == (case.country in chosen.regions):
                assert chosen.open_cases / chosen.capacity <= other.open_cases / other.capacity


def test_choice_does_not_depend_on_input_order():
    pool = [
        cand(i, last_assigned_at=T0 + timedelta(minutes=i % 3), open_cases=i % 2)
        for i in range(1, 6)
    ]
    chosen = {choose(CASE, list(order)).coordinator_id for order in itertools.permutations(pool)}
    assert len(chosen) == 1
