"""Precision, recall and F1 of the claims gate per language and per kind, and every miss.

python manage.py evaluate_claims            # the test part (never used for tuning)
python manage.py evaluate_claims --split dev
python manage.py evaluate_claims --file claims/holdout/independent_a.tsv
                                            # any file in the corpus's format (a set
                                            # written by someone else, never trained on)
python manage.py evaluate_claims --cv       # five-fold cross-validation on train+dev,
                                            # and the REVIEW_AT it would choose
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims import corpus, gate
from claims.evaluate import Report, evaluate


class Command(BaseCommand):
    help = "Measure the claims gate on the project's labelled corpus."

    def add_arguments(self, parser):
        parser.add_argument("--split", choices=["train", "dev", "test"], default="test")
        parser.add_argument(
            "--file",
            type=Path,
            help="judge the sentences of this file (the corpus's format) instead",
        )
        parser.add_argument(
            "--cv",
            action="store_true",
            help="five-fold cross-validation on train+dev instead (chooses REVIEW_AT)",
        )

    def handle(self, *args, split: str, cv: bool, file: Path | None, **options):
        if cv:
            self._cross_validate()
            return
        if file:
            self._print(evaluate(self._read(file)), str(file))
            return
        report = evaluate(corpus.split(split))
        self._print(report, f"the {split} part")

    def _read(self, path: Path) -> list[corpus.Example]:
        try:
            examples = corpus.read(path)
        except (OSError, KeyError, UnicodeDecodeError) as error:
            raise CommandError(
                f"{path}: not a readable corpus file (tab-separated, with the header "
                f"lang, label, kind, sentence): {error!r}"
            ) from error
        trained_on = {e.sentence for e in corpus.examples()}
        overlap = sum(e.sentence in trained_on for e in examples)
        if overlap:
            self.stdout.write(f"Note: {overlap} of these sentences are in the corpus too.")
        return examples

    def _cross_validate(self):
        from claims.crossval import cross_validate

        validation = cross_validate()
        self._print(
            validation.report(),
            f"five-fold cross-validation over train+dev, REVIEW_AT {gate.REVIEW_AT}",
        )
        review_at, meaning_weight = validation.choose()
        report = validation.report(review_at, meaning_weight)
        self.stdout.write(f"\nREVIEW_AT chosen by cross-validation: {review_at}")
        self.stdout.write(f"MEANING_WEIGHT chosen by cross-validation: {meaning_weight}")
        self._print_languages(report)

    def _print_languages(self, report: Report):
        self.stdout.write(
            f"\n{'by language':<22} {'n':>4} {'precision':>9} {'recall':>7} {'F1':>6}"
        )
        for name, s in sorted(report.by_language.items()):
            self.stdout.write(
                f"{name:<22} {s.count:>4} {s.precision:>9.2f} {s.recall:>7.2f} {s.f1:>6.2f}"
            )
        o = report.overall
        self.stdout.write(
            f"{'all':<22} {o.count:>4} {o.precision:>9.2f} {o.recall:>7.2f} {o.f1:>6.2f}"
        )

    def _print(self, report: Report, what: str):
        self.stdout.write(f"Claims gate on {what} ({report.overall.count} sentences)")
        self._print_languages(report)
        # A kind holds only claims or only safe sentences: say what matters for each.
        self.stdout.write(f"\n{'by kind':<22} {'n':>4}  result")
        for name, s in sorted(report.by_kind.items()):
            if s.tp + s.fn:
                result = f"{s.recall:.2f} of claims caught"
            else:
                result = f"{s.tn / s.count:.2f} of safe sentences passed"
            self.stdout.write(f"{name:<22} {s.count:>4}  {result}")
        self.stdout.write(f"\nMisses ({len(report.misses)}):")
        for example, said in report.misses:
            missed = "missed claim" if example.is_claim else "false alarm"
            self.stdout.write(f"- [{example.language} {example.kind}] {missed}: {example.sentence}")
            if not example.is_claim:
                self.stdout.write(f"    gate said: {said}")
