"""Precision, recall and F1 of the claims gate per language and per kind, and every miss.

python manage.py evaluate_claims            # the test part (never used for tuning)
python manage.py evaluate_claims --split dev
"""

from django.core.management.base import BaseCommand

from claims import corpus
from claims.evaluate import evaluate


class Command(BaseCommand):
    help = "Measure the claims gate on the project's labelled corpus."

    def add_arguments(self, parser):
        parser.add_argument("--split", choices=["train", "dev", "test"], default="test")

    def handle(self, *args, split: str, **options):
        report = evaluate(corpus.split(split))
        self.stdout.write(f"Claims gate on the {split} part ({report.overall.count} sentences)")
        self.stdout.write(
            f"\n{'by language':<22} {'n':>4} {'precision':>9} {'recall':>7} {'F1':>6}"
        )
        for name, s in sorted(report.by_language.items()):
            self.stdout.write(
                f"{name:<22} {s.count:>4} {s.precision:>9.2f} {s.recall:>7.2f} {s.f1:>6.2f}"
            )
        # A kind holds only claims or only safe sentences: say what matters for each.
        self.stdout.write(f"\n{'by kind':<22} {'n':>4}  result")
        for name, s in sorted(report.by_kind.items()):
            if s.tp + s.fn:
                result = f"{s.recall:.2f} of claims caught"
            else:
                result = f"{s.tn / s.count:.2f} of safe sentences passed"
            self.stdout.write(f"{name:<22} {s.count:>4}  {result}")
        o = report.overall
        self.stdout.write(
            f"\n{'all':<22} {o.count:>4} {o.precision:>9.2f} {o.recall:>7.2f} {o.f1:>6.2f}"
        )
        self.stdout.write(f"\nMisses ({len(report.misses)}):")
        for example, said in report.misses:
            missed = "missed claim" if example.is_claim else "false alarm"
            self.stdout.write(f"- [{example.language} {example.kind}] {missed}: {example.sentence}")
            if not example.is_claim:
                self.stdout.write(f"    gate said: {said}")
