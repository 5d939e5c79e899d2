"""Each workflow is described in plain words in docs/workflows/, and the description names every
transition of its table (STYLE: Workflows)."""

from pathlib import Path

import pytest

from congvu.accounts.users.workflow import ACCOUNT_WORKFLOW
from congvu.assignments.workflow import ASSIGNMENT_WORKFLOW, EXTENSION_WORKFLOW

DOCS = Path(__file__).resolve().parents[2] / "docs" / "workflows"


@pytest.mark.parametrize(
    ("workflow", "doc"),
    [
        (ACCOUNT_WORKFLOW, "accounts.md"),
        (ASSIGNMENT_WORKFLOW, "assignments.md"),
        (EXTENSION_WORKFLOW, "assignments.md"),
    ],
)
def test_the_workflow_document_names_every_transition(workflow, doc):
    text = (DOCS / doc).read_text(encoding="utf-8")
    missing = [t.name for t in workflow if f"`{t.name}`" not in text]
    assert missing == []
