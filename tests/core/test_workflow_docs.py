"""Each workflow is described in plain words in docs/workflows/, and the description names every
transition and every action of its table (STYLE: Workflows). The list of workflows is the engine's
registry, so a new workflow is checked the day it is declared."""

from pathlib import Path

import pytest
from django.apps import apps

from congvu.core.workflow import WORKFLOWS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "workflows"


def _all_workflows():
    for config in apps.get_app_configs():  # importing every app's workflows registers them
        if config.name.startswith("congvu."):
            for module in (
                "workflow",
                *(f"{p.name}.workflow" for p in Path(config.path).iterdir() if p.is_dir()),
            ):
                try:
                    __import__(f"{config.name}.{module}")
                except ModuleNotFoundError as missing:
                    if not missing.name or not missing.name.endswith("workflow"):
                        raise
    return sorted(WORKFLOWS.values(), key=lambda w: w.name)


def test_every_known_workflow_is_registered():
    names = {w.name for w in _all_workflows()}
    assert {
        "accounts.user",
        "accounts.accountrequest",
        "org.delegation",
        "assignments.assignment",
        "assignments.extension",
    } <= names


@pytest.mark.parametrize("workflow", _all_workflows(), ids=lambda w: w.name)
def test_the_workflow_document_names_every_step(workflow):
    assert workflow.doc, f"{workflow.name} names no document under docs/workflows/"
    text = (DOCS / workflow.doc).read_text(encoding="utf-8")
    missing = [name for name in workflow.steps if f"`{name}`" not in text]
    assert missing == []
