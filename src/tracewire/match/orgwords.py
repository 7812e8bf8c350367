"""Names that are clearly an organisation's, though the list does not say so.

Some publishers type every party alike: the US Consolidated Screening List's "Entity"
rows and BIS's parties load as LegalEntity, which a Person query may meet (a BIS
individual is a LegalEntity). A legal form in the name settles it
(:attr:`tracewire.match.index.Record.org_types`); so does a word only organisations
carry: *SHAHID KARIMI INDUSTRIES*, *JAISH-I-MOHAMMED* (*jaish*, army; its alias *ARMY
OF MOHAMMED*), *Al-Aqsa Martyrs Brigade*. Without it a Person query *Karim Shahd*
alerts on the factory and *Aisha Mohammed* on the army.

The words are those no person's name carries: armed groups' (English and Arabic,
Urdu, Persian as the lists romanise them), and business or public bodies' nouns. Words
that are also given or family names (*Ansar*, *Shahid*, *Bank*s, *Plant*) are not here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from tracewire.match.normalise import NameForm

_WORDS = """
    industries industry industrial company companies corporation group holding holdings
    enterprise enterprises establishment factory works trading services organisation
    organization association foundation society institute institution university
    ministry department committee council commission agency bureau office authority
    directorate administration center centre laboratory laboratories bank airlines
    airline shipping logistics petroleum refinery exchange fund charity relief party
    movement front army brigade brigades battalion battalions regiment corps forces force
    militia network union federation league jaish jaysh lashkar tehrik harakat
    hizb hezbollah hizballah tanzim jamaat jamaah jamiat jamiyat katibat kataib liwa
    sepah artesh basij qaida qaeda taliban state mosque
"""
ORGANISATION_WORDS = frozenset(_WORDS.split())


def organisation_words(tokens: Iterable[str]) -> bool:
    """Whether a name's (lowercase, Latin) tokens carry a word only organisations
    carry (:data:`ORGANISATION_WORDS`)."""
    return any(token in ORGANISATION_WORDS for token in tokens)


#: words that say "a company" and nothing of which one; normalisation drops them from an
#: organisation's tokens (:data:`tracewire.match.normalise.ORG_FILLER`), so they are read
#: from the name as printed
_FILLER = re.compile(r"\b(?:company|corporation|incorporated)\b", re.IGNORECASE)


def organisation_form(form: NameForm) -> bool:
    """Whether a normalised name is clearly an organisation's: a word of
    :data:`ORGANISATION_WORDS` among its tokens, or *Company*, *Corporation* as printed."""
    return organisation_words(form.tokens) or bool(_FILLER.search(form.original))


def query_schema(
    schema: str | None, forms: Sequence[NameForm], identified: bool = False
) -> str | None:
    """The schema a query is screened as: a query that does not say it is an organisation
    (no schema, or LegalEntity) but whose name is clearly one (a legal form, a word of
    :data:`ORGANISATION_WORDS`) meets organisations only. *JSC Kalashnikov* is no match
    for the person *KALASHNIKOV, Alexander*, nor *Joint Stock Company Globus* for a
    person whose alias is *Globus*. A query with identifiers (``identified``) keeps its
    schema: an equal identifier decides whatever the name."""
    if identified:
        return schema
    if schema in (None, "LegalEntity") and any(f.org_types or organisation_form(f) for f in forms):
        return "Organization"
    return schema
