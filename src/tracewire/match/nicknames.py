"""Nicknames: the short forms people go by for a given name (*Bill* / *William*, *Ben* /
*Benjamin*, *Volodya* / *Vladimir*, *Pepe* / *José*).

A query may name a listed person by the name the press uses (*Bibi Netanyahu*, *Ben
Netanyahu* for *Benjamin Netanyahu*); a nickname and its given name are far apart as
letters (a typo budget never pairs them) and rigour's name database seldom links them
(*Ben* and *Benjamin*, *Bill* and *William* share no name item). The table is written
by hand: the common English ones, and a few of other languages the lists' persons
carry, one given name a line and its nicknames after it. A nickname shared by several
names (*Pat*: Patrick, Patricia) pairs each. Nicknames that are words of other names'
grammar or common names of their own are left out: *Al* (the Arabic article), *Don*,
*Bert* (Albert, Robert, Herbert), *Liam*, *Leo*, *Ken*, *Sandy*.

Only a nickname and its own given name pair (:func:`nickname_of`), never two nicknames
of one name (*Bill* / *Will*), and only in persons' names
(:func:`tracewire.match.names.token_similarity`).
"""

from __future__ import annotations

from functools import lru_cache

from tracewire.match.normalise import fold

#: a given name, then its nicknames (fold keys are made of both, so spellings that fold
#: alike pair too: *Aleksandr* / *Alexander*)
_TABLE = """
abraham: abe
alexander: alex
aleksandr: sasha sanya shura
aleksey: alyosha lyosha
alfred: alf alfie
andrew: andy
anthony: tony
antonio: tony toni
archibald: archie
arthur: artie
barbara: barb babs
benjamin: ben benny bibi
bernard: bernie
catherine: cathy kate katie
charles: charlie chuck
christopher: chris
daniel: danny
david: dave davy
deborah: debbie
dmitry: dima mitya
donald: donny
douglas: doug
edward: ed eddie ted ned
elizabeth: liz lizzie beth betty betsy
yekaterina: katya
yelena: lena
yevgeny: zhenya
francis: frank
francisco: paco pancho
frederick: fred freddie
gregory: greg
grigory: grisha
henry: harry hank
ignacio: nacho
irina: ira
ivan: vanya
jacob: jake
james: jim jimmy jamie
jennifer: jen jenny
john: jack johnny
jonathan: jon
jose: pepe
joseph: joe joey
katherine: kathy kate katie
konstantin: kostya
lawrence: larry
leonard: lenny
margaret: maggie meg peggy
mariya: masha
matthew: matt
michael: mike mickey
mikhail: misha
natalya: natasha
nicholas: nick nicky
nikolai: kolya
patricia: pat patty
patrick: pat paddy
pavel: pasha
peter: pete
philip: phil
pyotr: petya
raymond: ray
richard: rich rick ricky dick
robert: bob bobby rob robbie
ronald: ronnie
samuel: sam sammy
sergey: seryozha
stephen: steve
steven: steve
susan: sue susie
svetlana: sveta
tatyana: tanya
theodore: ted teddy
thomas: tom tommy
timothy: tim
vladimir: volodya vova
walter: walt wally
william: bill billy will willie willy
yury: yura
zachary: zach
"""


def _nicknames() -> dict[str, frozenset[str]]:
    """Per nickname's fold key, the fold keys of the given names it is a nickname of."""
    out: dict[str, set[str]] = {}
    for line in _TABLE.strip().splitlines():
        name, _, nicks = line.partition(":")
        for nick in nicks.split():
            out.setdefault(fold(nick), set()).add(fold(name.strip()))
    return {nick: frozenset(names) for nick, names in out.items()}


NICKNAMES = _nicknames()
#: every fold key :func:`nickname_of` can pair (nicknames and their given names): a
#: caller comparing many word pairs asks this set first
NICKNAME_KEYS = frozenset(NICKNAMES) | frozenset(n for names in NICKNAMES.values() for n in names)


@lru_cache(maxsize=20_000)
def nickname_of(a: str, b: str) -> bool:
    """Whether one fold key is a nickname of the other's given name (*bil* / *viliam*:
    :func:`~tracewire.match.normalise.fold` keys), either way round."""
    return b in NICKNAMES.get(a, ()) or a in NICKNAMES.get(b, ())
