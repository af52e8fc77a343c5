"""Sections that other apps add to the case workspace.

The workspace belongs to cases, but what other apps do with a case (generated documents
now) shows there too. Those apps import cases, so cases cannot import them; instead each
registers a panel when Django starts (in its AppConfig.ready), and the workspace renders
whatever is registered, in order.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkspacePanel:
    name: str
    template: str  # rendered with the workspace's context plus `panel`
    context: Callable  # (case, user) -> dict, the panel's own data
    order: int = 100


_panels: dict[str, WorkspacePanel] = {}


def register(panel: WorkspacePanel) -> None:
    _panels[panel.name] = panel  # by name: registering twice (a reload) replaces it


def panels_for(*, case, user) -> list[dict]:
    return [
        {"template": panel.template, **panel.context(case, user)}
        for panel in sorted(_panels.values(), key=lambda p: (p.order, p.name))
    ]
