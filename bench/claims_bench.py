"""The claims gate: designs compared on one split, speed once warm, memory.

    .venv/bin/python bench/claims_bench.py --runs 50

Prints (1) precision and recall per language on the corpus's test part for the rules
alone, each half of the learned model alone, and the hybrid gate as shipped; (2) the
median time of a one-sentence check and of a three-page case summary's check, with the
rules-only check of the same text as the baseline measured in the same run; (3) how much
memory loading the model adds to a process. Nothing is asserted: these are figures.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings_test")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def anon_mb() -> float:
    """The resident memory private to the process (RssAnon). The rest of RSS is pages of
    mapped files (shared libraries), which the kernel shares and maps more or fewer of
    depending on its page cache: the same code measured 9 MB apart in two virtualenvs."""
    with open("/proc/self/status") as f:
        line = next(line for line in f if line.startswith("RssAnon:"))
    return int(line.split()[1]) / 1024


def scores(flags, examples, languages):
    out = {}
    for lang in languages:
        tp = fp = fn = 0
        for flagged, e in zip(flags, examples, strict=True):
            if lang != "all" and e.language != lang:
                continue
            tp += flagged and e.is_claim
            fp += flagged and not e.is_claim
            fn += (not flagged) and e.is_claim
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        out[lang] = (p, r)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="timed repetitions per figure")
    args = parser.parse_args()

    before = rss_mb()
    import django

    django.setup()
    after_django, anon_django = rss_mb(), anon_mb()
    from claims import corpus, gate, model, rules

    started = time.perf_counter()
    model.warm()
    load_s = time.perf_counter() - started
    loaded, anon_loaded = rss_mb(), anon_mb()

    test = corpus.split("test")
    sentences = [e.sentence for e in test]
    languages = [*corpus.LANGUAGES, "all"]
    trained = model.model()
    by_chars, by_meaning = trained.parts(sentences).T
    designs = {
        "rules only (the old guard)": [bool(rules.sentence_claim(s)) for s in sentences],
        "character n-grams only": [p >= 0.5 for p in by_chars],
        "sentence embeddings only (SVM)": [p >= 0.5 for p in by_meaning],
        "hybrid gate (rules + both)": [
            not gate.check(e.sentence, channel="other", language=e.language).passed for e in test
        ],
    }
    print(f"Designs on the corpus's test part ({len(test)} sentences; precision / recall)")
    print(f"{'design':<30}" + "".join(f"{lang:>12}" for lang in languages))
    for name, flags in designs.items():
        row = scores(flags, test, languages)
        print(f"{name:<30}" + "".join(f"{p:>6.2f}/{r:<5.2f}" for p, r in row.values()))

    one = "Your coordinator has sent the records to the hospital for their review."
    summary = " ".join(e.sentence + "." for e in test[:120])  # about three pages of text
    # (the rules-only baseline reads the same 120 sentences; the gate, fresh copies)

    def median_ms(fn, runs):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return statistics.median(times) * 1000

    # Each timed call sees text the model has not scored yet (it remembers sentences).
    counter = iter(range(10**9))

    def fresh(text):
        return f"{next(counter)} {text}"

    one_gate = median_ms(lambda: gate.check(fresh(one), channel="other", language="en"), args.runs)
    one_rules = median_ms(lambda: rules.rule_claims(one), args.runs)
    summary_runs = max(5, args.runs // 5)
    doc_gate = median_ms(
        lambda: gate.check(
            " ".join(fresh(e.sentence) + "." for e in test[:120]), channel="pdf", language="en"
        ),
        summary_runs,
    )
    doc_rules = median_ms(lambda: rules.rule_claims(summary), summary_runs)
    print(
        f"\nOne-sentence check, warm: median {one_gate:.1f} ms "
        f"(rules alone {one_rules:.2f} ms, {one_gate / one_rules:.0f}x)"
    )
    print(
        f"Three-page text (120 sentences): median {doc_gate:.0f} ms "
        f"(rules alone {doc_rules:.1f} ms, {doc_gate / doc_rules:.0f}x)"
    )
    print(
        f"\nMemory: {before:.0f} MB bare Python, {after_django:.0f} MB with Django, "
        f"{loaded:.0f} MB with the trained model: the model adds {loaded - after_django:.1f} MB "
        f"(trained in {load_s:.1f} s on first use), {anon_loaded - anon_django:.1f} MB of it "
        "private to the process"
    )


if __name__ == "__main__":
    main()
