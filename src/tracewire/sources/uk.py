"""UK sanctions lists: the formats, in one place.

- ``uk_fcdo`` (:mod:`~tracewire.sources.uk_fcdo`): the FCDO UK Sanctions List, as the
  summary spreadsheet (``.ods`` or CSV) or the full ``UK-Sanctions-List.csv``;
- ``uk_fcdo_derived`` (:mod:`~tracewire.sources.uk_fcdo_derived`): the same list split by
  a third party into ``subjects.csv`` and four ``subject_*.csv`` files (load all five
  together);
- ``uk_ofsi`` (:mod:`~tracewire.sources.uk_ofsi`): HM Treasury OFSI's legacy
  Consolidated List ``ConList.csv``.

The two FCDO formats load into dataset ``gb_fcdo_sanctions`` with the same entity ids
(``gb-fcdo-<Unique ID>``); OFSI loads into ``gb_hmt_sanctions`` (``gb-hmt-<Group ID>``).
"""

from __future__ import annotations

from tracewire.sources.uk_fcdo import FcdoSanctionsListFormat
from tracewire.sources.uk_fcdo_derived import FcdoDerivedFormat
from tracewire.sources.uk_ofsi import OfsiConsolidatedFormat

FORMATS = [FcdoSanctionsListFormat(), FcdoDerivedFormat(), OfsiConsolidatedFormat()]

__all__ = ["FORMATS", "FcdoDerivedFormat", "FcdoSanctionsListFormat", "OfsiConsolidatedFormat"]
