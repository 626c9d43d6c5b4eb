"""What the revisions say of each provision, gathered once per plan (builder/revision/changes)."""

from __future__ import annotations

from pathlib import Path

from builder.load import load_corpus
from builder.revision.changes import provision_changes


def test_last_change_and_versions_of_the_fixture_plan(mini_corpus: Path):
    plan = load_corpus(mini_corpus).plans[0]
    changes = provision_changes(plan.reports, plan.snapshots)
    assert changes.last_changed == {"art-1": 2}  # reworded in revision 2; art-2 never changed
    assert changes.versions == {"art-1": [1, 2], "art-2": [1, 2], "art-3": [1]}


def test_a_later_revision_is_the_last_change():
    reports = {
        3: {"moved": [{"id": "art-5", "from": "2.1", "to": "2.2"}]},
        2: {"added": ["art-5"], "reworded": [{"id": "art-6", "old": "a", "new": "b"}]},
    }
    changes = provision_changes(reports, {})
    assert changes.last_changed == {"art-5": 3, "art-6": 2}
