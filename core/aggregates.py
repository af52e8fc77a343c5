"""SQL aggregates Django does not ship, for PostgreSQL. On SQLite (a laptop's `make run`)
a percentile is left out (NULL: the dashboard says "not shown") and days are counted with
julianday()."""

from django.db.models import Aggregate, FloatField, Func


class Percentile(Aggregate):
    """percentile_cont(fraction) WITHIN GROUP (ORDER BY expression): the interpolated
    percentile, e.g. Percentile("hours", fraction=0.5) is the median. NULLs are ignored."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, *, fraction: float, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must lie between 0 and 1")
        super().__init__(expression, fraction=float(fraction), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


class DaysBetween(Func):
    """(end - start) in days, as a float: EXTRACT(EPOCH FROM (end - start)) / 86400."""

    template = "EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0"
    arg_joiner = " - "
    output_field = FloatField()

    def __init__(self, start, end, **extra):
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s)) * 1.0",
            arg_joiner=") - julianday(",
            **extra_context,
        )
