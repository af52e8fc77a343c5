"""navigator/celery.py: a worker child takes what it keeps (Django, the claims model,
WeasyPrint's caches) out of the garbage collector's way once, after warming up."""

import gc
import threading

from navigator import celery


def test_a_worker_child_freezes_its_heap_once_the_model_is_trained(monkeypatch):
    gc.unfreeze()
    monkeypatch.setattr(celery, "_warmed", threading.Event())
    try:
        celery._freeze_after_warm_up()
        assert gc.get_freeze_count() == 0  # the model is still training: not yet
        celery._warmed.set()
        celery._freeze_after_warm_up()
        frozen = gc.get_freeze_count()
        assert frozen > 1000
        kept = [[n] for n in range(5000)]  # objects made after the freeze
        celery._freeze_after_warm_up()
        assert gc.get_freeze_count() == frozen  # once only: later garbage stays collectable
        assert kept
    finally:
        gc.unfreeze()
