"""The index's units looked up by document, list, reference and row: built once per
index, so that no question scans every unit."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant import cite
from assistant.types import Unit


class UnitTable:
    def __init__(self, units: list[Unit], sent_unit: np.ndarray) -> None:
        self.units = units
        self._rows_of: dict[str, list[int]] = {}  # document -> its unit rows, in order
        for r, u in enumerate(units):
            self._rows_of.setdefault(u.doc_id, []).append(r)
        self._refs_of = {d: list(dict.fromkeys(units[r].ref for r in rows))
                         for d, rows in self._rows_of.items()}
        self._rows_by_group: dict[tuple[str, str], list[int]] = {}
        self.row_of: dict[str, int] = {}  # unit key -> row
        for row, u in enumerate(units):
            self._rows_by_group.setdefault((u.doc_id, u.group), []).append(row)
            self.row_of[u.key] = row
        # sentence rows of each unit, built once rather than scanned per question
        self.sentence_rows: dict[int, list[int]] = {}
        for srow, row in enumerate(sent_unit.tolist()):
            self.sentence_rows.setdefault(row, []).append(srow)

    def group_units(self, doc_id: str, group: str) -> list[Unit]:
        """A list's lead-in and every item of it, in document order."""
        rows = set(self._rows_by_group.get((doc_id, group), []))
        rows |= {r for r, u in enumerate(self.units) if u.doc_id == doc_id and u.ref == group}
        return [self.units[r] for r in sorted(rows)]

    def has_items(self, unit: Unit) -> bool:
        """Is this unit the lead-in of a list (other units name it as their group)?"""
        rows = self._rows_by_group.get((unit.doc_id, unit.ref), [])
        return any(self.units[r].ref != unit.ref for r in rows)

    def ref_rows(self, refs: Sequence[str], doc_ids: Sequence[str] | None) -> list[int]:
        """The units an explicit reference points at, in the documents in scope (named or
        chosen; else all). A paragraph a document numbers only inside one container is
        found there ("paragraph 15" of a resolution is its "Annex ¶15"), but when no
        document is named only where no document numbers it plainly."""
        rows: list[int] = []
        scope = [d for d in self._refs_of if not doc_ids or d in doc_ids]
        for ref in refs:
            direct = {d: [r for r in self._refs_of[d] if cite.within(r, ref)] for d in scope}
            loose = bool(doc_ids) or not any(direct.values())
            for d in scope:
                wanted = set(cite.resolve_in(ref, self._refs_of[d]) if loose else direct[d])
                rows += [r for r in self._rows_of[d] if self.units[r].ref in wanted and r not in rows]
        return rows

    def unmet_refs(self, refs: Sequence[str], doc_ids: Sequence[str] | None) -> list[str]:
        """The references no document in scope has ("paragraph 40" of a 25-paragraph text)."""
        return [ref for ref in refs if not self.ref_rows([ref], doc_ids)]

    def doc_refs(self, doc_id: str) -> list[str]:
        return self._refs_of.get(doc_id, [])
