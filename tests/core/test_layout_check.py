"""The layout check that ``make test`` runs (scripts/check_layout.py) finds what it is for."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_layout.py"


def _load():
    spec = importlib.util.spec_from_file_location("check_layout", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_it_finds_a_circle_even_through_an_import_inside_a_function():
    layout = _load()
    graph = {
        "congvu.org.delegations.services": {"congvu.org.delegations.jobs"},
        "congvu.org.delegations.jobs": {"congvu.org.delegations.services"},
        "congvu.org.tree": set(),
    }
    assert layout.circles(graph) == [["congvu.org.delegations.jobs", "congvu.org.delegations.services"]]


def test_it_refuses_core_reaching_up_and_a_module_reaching_the_portal():
    layout = _load()
    graph = {
        "congvu.core.home": {"congvu.assignments.selectors"},
        "congvu.assignments.views": {"congvu.portal.home.selectors"},
        "congvu.portal.home.views": {"congvu.assignments.selectors", "congvu.core.registry"},
    }
    assert layout.layer_breaches(graph) == [
        "congvu.assignments.views (layer 3) imports congvu.portal.home.selectors (layer 4)",
        "congvu.core.home (layer 0) imports congvu.assignments.selectors (layer 3)",
    ]


def test_the_product_itself_passes():
    layout = _load()
    assert layout.main() == 0
