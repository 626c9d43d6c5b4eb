"""What one build made for the next: a stage's result for one plan, kept under a hash of
everything it was made from, so that a plan nobody changed is not made again.

Entries live in `.build-cache/STAGE/KEY.pickle` beside the site. A key is a content hash (the
plan's files, the corpus files every plan is checked against, the builder's own code), so an
entry is never stale: a change makes a new key. Entries are written whole (a temporary file,
then a rename) and never changed; after a build, `prune` removes the entries it did not use.
An entry that cannot be read (a build killed while writing) counts as absent.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FOLDER = ".build-cache"


@dataclass
class Cache:
    folder: Path
    _used: dict[str, set[str]] = field(default_factory=dict)

    def get(self, stage: str, key: str) -> Any | None:
        self._used.setdefault(stage, set()).add(key)
        try:
            return pickle.loads(self._path(stage, key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def put(self, stage: str, key: str, value: Any) -> None:
        self._used.setdefault(stage, set()).add(key)
        path = self._path(stage, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(path)

    @property
    def used(self) -> dict[str, set[str]]:
        """The keys asked for, by stage (what a worker process hands back to its parent)."""
        return {stage: set(keys) for stage, keys in self._used.items()}

    def note(self, used: dict[str, set[str]]) -> None:
        """Count keys another process used (with this cache's folder) as used here."""
        for stage, keys in used.items():
            self._used.setdefault(stage, set()).update(keys)

    def prune(self) -> None:
        """Remove the entries of every stage this build used that it did not ask for."""
        for stage, keys in self._used.items():
            for path in (self.folder / stage).glob("*"):
                if path.name.removesuffix(".pickle") not in keys:
                    path.unlink(missing_ok=True)

    def _path(self, stage: str, key: str) -> Path:
        return self.folder / stage / f"{key}.pickle"


def content_key(*parts: str | bytes) -> str:
    """One key from strings and bytes (each part length-prefixed, so parts cannot run
    together)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()
