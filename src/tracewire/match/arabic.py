"""Arabic names in Arabic script and in their many Latin spellings.

One Arabic name reaches the lists in several Latin spellings: محمد is *Mohammed*,
*Muhammad*, *Mohamed*, *Mohamad*; the article is *al-*, *el-* or *Al*, assimilated
(*ar-Rahman*, *ad-Din*) or joined (*Alhassan*); عبد before a name is *Abd al-*,
*Abdul*, *Abdel*, *Abdul-*, *Abd-El* or joined (*Abdulrahman*); ابن and بن are *ibn*,
*bin* or *ben*; ق is *q*, *k* or *g* (*Qasim*, *Kassem*, *Gasim*), ذ *dh* or *z*, ث
*th* or *s*; Egyptian ج is *g* (*Gamal*); *ou* is French for *u* (*Youssef*).

- :data:`SPELLINGS` and :func:`canonical` give each common Arabic name word one key for
  all its spellings (:func:`tracewire.match.normalise.fold` uses it, so *Mohamed* and
  *Muhammad* are one name to the index and the comparison: a transliteration, not a
  typo).
- :func:`arabic_words` joins *Abd* and the name after it into one word whatever the
  spelling (*Abdul Rahman*, *Abd al-Rahman*, *Abdelrahman* → ``abdrahman``), writes the
  assimilated article as *al* and splits a joined *-uddin* / *-eddine*.
- :func:`romanise` reads a name in Arabic script: the common names from
  :data:`ARABIC_NAMES`, the article and *Abd* apart, every other word letter by letter
  (consonants and long vowels: Arabic writes few vowels, the comparison then falls back
  on consonant skeletons).
"""

from __future__ import annotations

import re
import unicodedata

#: canonical spelling: the other spellings lists print (lowercase ASCII)
_SPELLINGS = """
muhammad: mohammed mohammad muhammed mohamed mohamad muhamad muhamed mouhamed mouhammad
    mohammod mohamud mohd mhd mohamet mahomed mohummad muhammet mohmad mohmmad
ahmad: ahmed ahmat achmed ahmmed
mahmud: mahmoud mahmood mehmood mahmut
mustafa: mostafa moustafa mustapha mostapha moustapha mustafah
yusuf: yousef youssef yousif yusef yousuf yossef yussef youcef yusof yosef yusif
umar: omar omer oumar
uthman: othman osman usman othmane outhman
usama: osama ousama oussama osamah usamah
hussein: husayn husain hussain hossein hosein houssein hussien husein hussin
hasan: hassan hassane hasen
khalid: khaled khaleed khalad
ibrahim: ebrahim ibraheem ibrahem brahim
ismail: ismael ismaeel esmail ismayil
yahya: yehia yahia yehya yahiya
musa: moussa mousa moosa
isa: issa eisa
sulayman: suleiman sulaiman soliman slimane suleyman soleiman sulaman
abu: abou
bin: ibn ben bn
ould: wuld walad
al: el
allah: ullah alah
abdallah: abdullah abdulla abdalla abdollah abdoullah abdellah abdulah
jamal: gamal jamaal
jihad: gihad jehad
rajab: ragab
najib: naguib nagib najeeb
qasim: kasim gasim qassem kassem qassim kasem qasem
qadir: kadir gadir kader qader kadr qadr
tariq: tarek tarik tareq tarig
sadiq: sadek sadik sadeq
faruq: farouk farooq farouq faruk
rafiq: rafik rafeek
shafiq: shafik shafeek chafik
qaddafi: gaddafi kadhafi qadhafi gadhafi kaddafi qathafi
nazir: nadhir nadir
zahir: dhahir dahir
adil: adel
ramadan: ramadhan ramazan
haytham: haitham heitham haithem
thabit: sabit thabet
said: saeed saed saeid sayeed
fatima: fatma fatemah fatimah
aisha: aicha aysha ayesha aishah
khadija: khadijah khadeeja
maryam: mariam meriem mariyam
nasrin: nasreen nesreen nisreen nesrine nasrine
salih: saleh
faysal: faisal feisal faical
mansur: mansour
nasir: nasser naser nassir nasr
rahman: rehman rahmane
rahim: raheem
karim: kareem
aziz: azeez
majid: majeed maged
rashid: rasheed rachid
hamza: hamzah hamzeh
zakariya: zakaria zakariyya zakariyah zakaria
anwar: anouar
jafar: jaafar
tayyib: tayeb taieb tayib
wahid: waheed
walid: waleed oualid
mahdi: mehdi
nabil: nabeel
imad: emad
ayman: aiman
yasin: yassin yaseen yassine
amin: ameen amine
hakim: hakeem
salim: saleem selim
habib: habeeb
latif: lateef
munir: mounir
bashir: basheer bachir
nur: nour noor
din: deen dine
khalil: khaleel
idris: idrees
kamal: kamel
lutfi: lotfi
muhsin: mohsen mohsin
murtada: mortada murtaza murtadha
rida: reda ridha reza
samir: sameer
sharif: sherif shareef
tahir: taher
tawfiq: tawfik toufik taufik
zayd: zaid zeid
sayyid: sayyed sayed seyed seyyed syed sayid seyyid
ziyad: ziad zeyad
hafiz: hafez
hisham: hesham
husam: hussam hosam houssam
jamil: jameel gamil
mahir: maher
yasir: yasser yaser
wail: wael
raid: raed
suhayl: suhail sohail souhail
ubayd: obaid ubaid obeid
ubaydallah: obaidullah ubaidullah obaidallah ubaydullah
abbas: abass
hamid: hamed
hadi: hady
hani: hany
sami: samy
fadi: fady
fawzi: fawzy fauzi
mujahid: moujahid mujahed
qutb: kotb qutub
"""
SPELLINGS: dict[str, str] = {}
for _line in re.sub(r"\n\s+", " ", _SPELLINGS).strip().splitlines():
    _canon, _, _rest = _line.partition(":")
    SPELLINGS[_canon.strip()] = _canon.strip()
    for _variant in _rest.split():
        SPELLINGS[_variant] = _canon.strip()


def canonical(token: str) -> str | None:
    """The one spelling of a common Arabic name word, or None for other words."""
    return SPELLINGS.get(token)


#: common Arabic given names, women's and men's, that lists seldom carry (most listed
#: persons are men, and the men's names lists do carry are in :data:`SPELLINGS`): one
#: name a line, its usual spelling first, then the others people write (Gulf, Levantine,
#: Egyptian, Maghreb). Written by hand as :data:`SPELLINGS` is; ``python -m
#: bench.given_names`` asks rigour's name database about each word (offline: the
#: matcher never loads it), which knows about three in four. Not a fold: *Mona* and *Muna* are one name
#: here, not to the index. Used to tell a real name from a misspelt one
#: (:func:`given_name`) and two names apart (:func:`given_names_apart`).
_GIVEN_NAMES = """
abir: abeer
afaf
afnan
ahlam
aliya: alia aaliyah aliaa
amal: amel
amani
amina: aminah amena
amira: ameera amirah
amir: ameer
arwa: arwah
asma: asmaa asmae
aya: ayah
ayat
basma: basmah
bayan
bushra: boushra bouchra
dalal
dalia: dalya daliah
dana
dima
dina: dinah
duha: doha
dunya: donia dounia
duaa: doaa dua
fadwa: fadoua
farah
farida: faridah fareeda
fatiha
ghada
ghadir: ghadeer
ghaliya: ghalia
hadil: hadeel
hafsa: hafsah
haifa: haifaa
hajar: hagar hager
hala
hana: hanaa
hanan: hanane
haya
hayat
habiba: habeeba
hashim: hashem hachem
hessa: hissa
hiba: heba
hind
huda: hoda houda
ibtisam: ibtissam
ikram
ilham
iman: eman imane
inas: enas
israa: esraa isra
jamila: djamila gamila jameela
karima: kareema
khalida: khaleda
jana
jawahir: jawaher
jumana: joumana
kawthar: kawtar kaoutar kawsar
khulud: kholoud
lama
lamia: lamya lamiaa
lana
latifa: latefa
layla: leila laila leyla
lina: leena
leen
lubna: loubna
luljuwa
lujain: lujayn loujain
maha
maisa: maysa mayssa
maitha
malak
malika
manal
maram
marwa: marwah
mayar
mai: may mayy
mina: meena
muna: mona mouna
muza: mouza moza
nabila: nabeela
nada
nadia: nadya nadiya
naima: naeema
najat
najla: najlaa
nawal
nihal
nisma
nura: noura nora
nuf: nouf
nuha: noha
raghad
rahaf
rahma: rahmah
rana
randa
rania: ranya raniya
rasha
rawan: rowan
razan
rim: reem
rima: reema
ruba: roba
rukaya: ruqayya ruqaya roqaya
rumaysa: rumaisa
saba
sabah
safa: safaa
safiya: safia safiyya
sahar
saida: saeeda
salma: selma salmah
salwa
sama
samah
samar
samia: samiya
samira: sameera
sana: sanaa
sara: sarah
sawsan: sausan
shahd
sharifa: sherifa shareefa cherifa
shayma: shaima shaimaa
shaykha: shaikha sheikha shaykhah
shurouq: shorouk shoruq
siham
souad: suad soad
suha: soha
sumaya: sumaiya soumaya somaya
suzan
tahani
tala
wafa: wafaa
walaa
widad: wedad
wijdan: wejdan
yara
yasmin: yasmine yasmeen jasmin
yusra: yousra yosra
zahra: zahraa
zaynab: zainab zeinab zineb zenab
zubayda: zubaida zoubida
ali: aly
ammar: amar
amr: amro amru
anas
ashraf
ayub: ayoub ayyub ayoob
badr: bader
bandar
bassam: basam
fahd: fahad
faris: fares
ghassan
hamad
hazim: hazem
hamdan
haydar: haider hayder
ihab: ehab
iyad: eyad
kadhim: kazim kazem kadhem kathem
luay: louai luai
marwan
mazin: mazen
mishal: meshal mishaal
muadh: moaz muath
muhannad: mohannad
munthir: munther mundher
mutlaq: mutlak
nawaf
nayif: nayef
nizar
qays: qais kais
rakan
rami: ramy
rayan: rayyan
saad
sabri: sabry
sakhr: saqr saker
shadi: shady
sultan
talal
tamir: tamer
turki
usayd: osaid
wasim: waseem
yazan
yazid: yazeed
zuhayr: zuhair zouhair
"""
GIVEN_NAMES: dict[str, str] = {}
for _line in _GIVEN_NAMES.strip().splitlines():
    _canon, _, _rest = _line.partition(":")
    for _variant in (_canon.strip(), *_rest.split()):
        GIVEN_NAMES[_variant] = _canon.strip()
#: name words of :data:`SPELLINGS` that are no given names (particles, name parts)
_NOT_GIVEN = frozenset(
    {"abu", "bin", "al", "allah", "din", "rahman", "rahim", "aziz", "qadir", "qaddafi"}
)


def given_name(token: str) -> str | None:
    """The one spelling of a common Arabic given name (:data:`GIVEN_NAMES`, and the
    names of :data:`SPELLINGS`), or None for other words."""
    found = GIVEN_NAMES.get(token)
    if found is not None:
        return found
    found = SPELLINGS.get(token)
    return None if found is None or found in _NOT_GIVEN else found


def given_names_apart(a: str, b: str) -> bool:
    """Whether two words are two different common Arabic given names (*Mona* / *Mina*,
    *Amal* / *Jamal*, *Ammar* / *Amr*), or a given name and the family name its nisba
    makes (*Hashem* / *Hashemi*): however alike they look, one is no typo or other
    spelling of the other."""
    if a == b:
        return False
    ga = given_name(a)
    if ga is None:
        return False
    gb = given_name(b)
    if gb is None:
        # a name and its nisba, a family name: Hashem / Hashemi, Mina / Mina'i (not a
        # nisba cut short: Qadhafi / Qadhaf)
        return b == a + "i"
    return ga != gb


#: Abd (servant of) as lists write it before a name, with or without the article
_ABD = ("abd", "abdul", "abdel", "abdal", "abdol", "abdu", "abdou", "abdil", "abdoul",
        "abdur", "abdus", "abdush", "abduz", "abdun", "abdut", "abdud", "abdar", "abdas",
        "abdoer", "abdour", "abdous")  # fmt: skip
_ABD_JOINED = re.compile(
    r"^(?:abd|abdu|abdou|abdoul)(?:al|el|ul|ol|ar|ur|as|us|an|un|at|ad|er|es|en|et|ed|ez)?"
)
#: the article assimilated to a sun letter and written joined, as French and Maghreb
#: spellings print it (*Essaadi*, *Ettounsi*, *Ennaji*, *Errachidi*, *Elsseid*: as-Sa'di,
#: at-Tunsi...): ``e`` and the letter doubled before four letters or more (three after
#: ``el``)
_JOINED_ARTICLE = re.compile(
    r"^(?:e(ch|sh|[tdrzsn])\1([a-z]{4,})|el(ch|sh|[tdrzsn])\3([a-z]{3,}))$"
)
#: the article, assimilated to a sun letter or not
ARTICLES = frozenset(
    {"al", "el", "ul", "ar", "ur", "as", "us", "es", "ad", "ud", "at", "an", "az", "ash"}
)
_DIN = re.compile(
    r"^(\w{2,}?)(?:uddin|uddeen|eddine|eddin|addin|aldin|eldin|oddin|oldin|oldeen|uldin|ud din)$"
)
#: ... and with one d (*Hesamudin*, *Sirajudin*, Malay *Kamarudin*): after a name of three
#: letters or more ending in a consonant (not *Claudin*, *Baudin*)
_UDIN = re.compile(r"^(\w{2,}[b-df-hj-np-tv-z])udin$")


def _assimilated(article: str, tokens: list[str], i: int) -> bool:
    """Whether ``tokens[i]`` is the article assimilated to the next word's first letter
    (*ar Rahman*, *ash Shami*; *ul* always): *An Sang* (Korean An) is no article."""
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    return article == "ul" or nxt.startswith(article[1:]) and len(nxt) > len(article)


#: the spellings of Abd with the article that a misspelt one is a letter from
_ABD_ARTICLE = ("abdul", "abdel", "abdal", "abdol", "abdoul")


def _misspelt_abd(tok: str) -> bool:
    """Whether ``tok`` is *Abdul* / *Abdel* misspelt by a letter (*Abdui*, *Abdlu*,
    *Abdyul*, *Adbul*: two letters of *abd* swapped): it keeps *abd* (or *adb*), is no
    known name word, does not end in *n* (*Abdin*, *Abdan* are names of their own) and
    is no *Abdullah* cut short (*Abdull*)."""
    if (
        not 5 <= len(tok) <= 6
        or not tok.startswith(("abd", "adb"))
        or tok.endswith("n")
        or "ll" in tok
    ):
        return False
    if tok in SPELLINGS or tok in _ABD:
        return False
    return any(_one_edit(tok, form) for form in _ABD_ARTICLE)


def _one_edit(a: str, b: str) -> bool:
    """Whether two different words are one letter replaced, dropped, added, or two
    neighbours swapped apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        if len(diff) == 1:
            return True
        k = diff[0]
        return len(diff) == 2 and diff[1] == k + 1 and a[k] == b[k + 1] and a[k + 1] == b[k]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))


#: names a Persian or Arabic compound given name begins with, which lists write joined
#: to the name after it or apart (*Alireza* / *Ali Reza*, *Mohammadreza*, *Amirhossein*)
_COMPOUND_HEADS = frozenset({"muhammad", "ali", "amir", "hamid"})


def _joined_names(tok: str) -> tuple[str, str] | None:
    """A word that is a compound given name written as one (:data:`_COMPOUND_HEADS`
    and another given name, :func:`given_name`): the two words, else None."""
    if len(tok) < 6 or tok in SPELLINGS or tok in GIVEN_NAMES:
        return None
    for cut in range(3, len(tok) - 2):
        head, tail = tok[:cut], tok[cut:]
        if given_name(head) in _COMPOUND_HEADS and given_name(tail) is not None:
            return head, tail
    return None


def _arabic_name(tokens: list[str]) -> bool:
    """Whether a name has a word of an Arabic name (a spelling of :data:`SPELLINGS`, a
    given name of :data:`GIVEN_NAMES`, the article): *Ettinger* in *Meir ETTINGER* is no
    article joined to a word, *Essaadi* in *Moussa BEN Omar* is."""
    return any(t in SPELLINGS or t in GIVEN_NAMES or t in ARTICLES for t in tokens)


def arabic_words(tokens: list[str]) -> list[str]:
    """A name's words with *Abd* joined to the name it governs (*Abdul Rahman*,
    *Abd al-Rahman*, *Abdelrahman* → ``abdrahman``; *Abdullah* stays), an assimilated
    article written *al* (*ar-Rahman* → *al rahman*) and a joined *-uddin* split
    (*Nuruddin* → *nur al din*)."""
    out: list[str] = []
    arabic_name = any(_JOINED_ARTICLE.match(t) for t in tokens) and _arabic_name(tokens)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in SPELLINGS and SPELLINGS[tok] in ("abdallah", "ubaydallah"):
            out.append(tok)
        elif (
            tok in _ABD
            or _misspelt_abd(tok)
            # Abd with two letters swapped, before the article: ADB-AL-HAMID
            or (tok == "adb" and i + 2 < len(tokens) and tokens[i + 1] in ARTICLES)
        ) and i + 1 < len(tokens):
            j = i + 1
            if tokens[j] in ARTICLES and j + 1 < len(tokens):
                j += 1
            out.append("abd" + SPELLINGS.get(tokens[j], tokens[j]))  # Abdur Rehman
            i = j
        elif tok.startswith("abd") and len(tok) > 6 and tok not in SPELLINGS:
            rest = _ABD_JOINED.sub("", tok)
            out.append("abd" + SPELLINGS.get(rest, rest) if len(rest) >= 3 else tok)
        elif tok in ARTICLES and tok not in ("al", "el") and _assimilated(tok, tokens, i):
            out.append("al")  # ar-Rahman, ad-Din, as-Sayyid: the article assimilated
        elif (m := _DIN.match(tok) or _UDIN.match(tok)) is not None:
            out.extend((m.group(1), "al", "din"))
        elif (pair := _joined_names(tok)) is not None:
            out.extend(pair)  # Alireza, Amirhossein: Ali Reza, Amir Hossein
        elif tok == "son" and i + 2 < len(tokens) and tokens[i + 1] == "of":
            out.append("ould")  # Akhter Mohmad son of Noor Mohmad: ولد, *Ould*
            i += 1
        elif (
            (m := _JOINED_ARTICLE.match(tok)) is not None
            and tok not in SPELLINGS
            and tok not in GIVEN_NAMES
            and arabic_name
        ):
            letter, rest = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            out.extend(("al", letter + rest))  # Essaadi: al saadi
        else:
            out.append(tok)
        i += 1
    return out


#: the names *Abd* governs (the Most Beautiful Names, and *Nabi*, *Rasul*), as lists spell
#: them after *Abd al-*: a lone *Abd* before another word of a reshuffled name belongs to
#: one of these wherever it sits (:func:`abd_readings`)
_ABD_PARTNER_NAMES = """
    rahman rehman rahim raheem malik quddus salam mumin muhaymin aziz azeez jabbar khaliq
    bari ghaffar ghafar ghafur ghafoor qahhar wahhab wahab razzaq razaq razak fattah alim
    basit baset rafi hakam adl latif lateef khabir halim azim azeem shakur shakoor kabir
    hafiz hafeez hasib jalil jaleel karim kareem raqib mujib wasi hakim hakeem wadud majid
    majeed shahid haqq haq wakil qawi matin wali hamid hameed muhyi hayy qayyum qayoom
    wahid waheed ahad samad qadir kadir kader qader muqtadir awwal zahir batin barr tawwab
    afuw rauf raouf ghani mughni hadi badi baqi warith rashid sabur nabi rasul mannan
    muttalib mutalib moneim munim sattar jawad ilah qawiy nasser nasir
"""
_ABD_PARTNERS = frozenset(_ABD_PARTNER_NAMES.split())
_LATIN_PARTS = re.compile(r"[a-z]+")


def _abd_partner(stem: str) -> bool:
    return stem in _ABD_PARTNERS or SPELLINGS.get(stem, stem) in _ABD_PARTNERS


def _abd_partner_misspelt(stem: str) -> bool:
    """A word a letter from a name *Abd* governs (*Rahin* for *Rahim*), itself no known
    name word."""
    if len(stem) < 5 or stem in SPELLINGS or stem in GIVEN_NAMES:
        return False
    return any(len(p) >= 5 and p[0] == stem[0] and _one_edit(stem, p) for p in _ABD_PARTNERS)


def abd_readings(text: str) -> list[str]:
    """A person's name in Latin letters whose lone *Abd* (*Abd*, *Abdul*, *'Abd*) does not
    stand before a name it governs, with *Abd* moved before the one it may have been
    reshuffled from: *AL-LATIF ABD MUHAMMAD* → *ABD AL-LATIF MUHAMMAD*, *HAMD AL-RAHMAN
    KHALID ABD* → *HAMD ABD AL-RAHMAN KHALID*. A partner is, best first, a governed name
    (:data:`_ABD_PARTNERS`) with the article, one without, one misspelt by a letter; for
    an *Abd* last with none of them, the word before it (*SAYED ABDUL*: *Abdul Sayed*).
    Names of three words or more only (two are as often a common name's forename and
    surname: *Karim Abd*). At most two readings; [] for a name whose every *Abd* governs
    the name after it (the name as read already joins them, :func:`arabic_words`)."""
    low = text.casefold()
    if "abd" not in low or ARABIC.search(text):
        return []
    words = low.replace(",", " ").split()
    if len(words) < 3:
        return []  # Karim Abd, a common name, is not read Abd al-Karim
    raw = text.replace(",", " ").split()
    parts = [_LATIN_PARTS.findall(w) for w in words]
    article = [len(p) == 1 and p[0] in ARTICLES for p in parts]
    lone = [len(p) == 1 and (p[0] in _ABD or _misspelt_abd(p[0])) for p in parts]

    def stem(j: int) -> tuple[str, bool]:
        """The name of word ``j`` and whether an article goes with it."""
        p = parts[j]
        if len(p) >= 2 and p[0] in ARTICLES:
            return "".join(p[1:]), True
        return "".join(p), j > 0 and article[j - 1]

    def start(j: int) -> int:
        return j - 1 if j > 0 and article[j - 1] else j

    def governed(j: int) -> bool:
        k = start(j) - 1
        return k >= 0 and lone[k]

    out: list[str] = []
    for i in (k for k, is_lone in enumerate(lone) if is_lone):
        nxt = i + 1 + (i + 1 < len(words) and article[i + 1])
        with_article = parts[i][0] in _ABD_ARTICLE  # Abdul, Abdel: the article in it
        if nxt < len(words) and (_abd_partner(stem(nxt)[0]) or _abd_partner_misspelt(stem(nxt)[0])):
            if with_article or stem(nxt)[1]:
                continue  # Abd before a name it governs: as read
            best = 0  # ABD MAJID ... AL-GHAFUR: only a partner with the article
        else:
            best = 2
        ranked: list[tuple[int, int]] = []
        for j in range(len(words)):
            if j in (i, nxt) or article[j] or lone[j] or not parts[j] or governed(j):
                continue
            name, has_article = stem(j)
            if name.startswith("abd"):
                continue
            if _abd_partner(name):
                ranked.append((0 if has_article else 1, j))
            elif _abd_partner_misspelt(name):
                ranked.append((2, j))
        ranked = sorted(r for r in ranked if r[0] <= best)
        if (
            not ranked
            and nxt >= len(words)
            and len(words) >= 3
            and not article[i - 1]
            and not governed(i - 1)
        ):
            before = stem(i - 1)[0]
            if SPELLINGS.get(before, before) not in _NOT_GIVEN | {"ould"}:
                ranked.append((3, i - 1))  # ALY MASSOUD SAYED ABDUL: Abdul Sayed
        for _rank, j in ranked[: 2 - len(out)]:
            order = [k for k in range(len(raw)) if k != i]
            at = order.index(start(j))
            order.insert(at, i)
            out.append(" ".join(raw[k] for k in order))
        if len(out) >= 2:
            break
    return out


def given_abd_first(original: str, tokens: list[str]) -> list[str]:
    """``tokens`` of a name written *SURNAME, Abdul* (the given name a lone *Abd* with its
    article, as a reshuffle of *ABDUL HAKIM MURAD* prints it: *HAKIM MURAD, ABDUL*) with
    *Abd* first, where it governs the name after it as the name read in its order does;
    other names as they are. A bare *'Abd* after the comma stays (*AL-MULAY, 'Abd*: read
    as *Abd al-Mulay* it met *Abd Malak* as a typo in random common names)."""
    if len(tokens) < 2 or tokens[-1] not in _ABD_ARTICLE or "," not in original:
        return tokens
    if len(original.rpartition(",")[2].split()) != 1:
        return tokens
    return [tokens[-1], *tokens[:-1]]


# -- Arabic script ------------------------------------------------------------------------------
ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
#: common name words in Arabic script (hamza forms of alif folded to ا, ة kept, ى as ي)
_ARABIC_NAMES = """
محمد muhammad|احمد ahmad|محمود mahmud|مصطفي mustafa|يوسف yusuf|عمر umar|عثمان uthman
اسامه usama|حسين husayn|حسن hasan|خالد khalid|ابراهيم ibrahim|اسماعيل ismail|يحيي yahya
موسي musa|عيسي isa|سليمان sulayman|ابو abu|ابي abi|بن bin|ابن bin|بنت bint|عبدالله abdallah
عبد abd|ولد ould|جمال jamal|جهاد jihad|رجب rajab|نجيب najib|قاسم qasim|قادر qadir|طارق tariq
صادق sadiq|فاروق faruq|رفيق rafiq|شفيق shafiq|القذافي al qaddafi|نذير nazir|ظاهر zahir
عادل adil|رمضان ramadan|هيثم haytham|ثابت thabit|سعيد said|فاطمه fatima|عائشه aisha
عايشه aisha|خديجه khadija|مريم maryam|صالح salih|فيصل faysal|منصور mansur|ناصر nasir
رحمن rahman|الرحمن al rahman|رحيم rahim|الرحيم al rahim|كريم karim|الكريم al karim
عزيز aziz|العزيز al aziz|ماجد majid|رشيد rashid|حمزه hamza|زكريا zakariya|انور anwar
جعفر jafar|طيب tayyib|وحيد wahid|وليد walid|مهدي mahdi|نبيل nabil|عماد imad|ايمن ayman
ياسين yasin|امين amin|الامين al amin|حكيم hakim|سليم salim|حبيب habib|لطيف latif
منير munir|بشير bashir|نور nur|الدين al din|دين din|خليل khalil|ادريس idris|كمال kamal
لطفي lutfi|محسن muhsin|مرتضي murtada|رضا rida|سمير samir|شريف sharif|طاهر tahir
توفيق tawfiq|زيد zayd|زياد ziyad|حافظ hafiz|هشام hisham|حسام husam|جميل jamil|ماهر mahir
ياسر yasir|وائل wail|رائد raid|سهيل suhayl|عبيد ubayd|عباس abbas|حامد hamid|هادي hadi
هاني hani|سامي sami|فادي fadi|فوزي fawzi|مجاهد mujahid|علي ali|اللّه allah|الله allah
عبدالرحمن abdrahman|عبدالعزيز abdaziz|عبدالكريم abdkarim|عبدالقادر abdqadir
عبدالرحيم abdrahim|عبدالحميد abdhamid|عبدالمجيد abdmajid|عبدالسلام abdsalam
عبدالملك abdmalik|عبدالباسط abdbasit|عبدالهادي abdhadi|عبدالناصر abdnasir
عبداللطيف abdlatif|عبدالحكيم abdhakim|عبدالرزاق abdrazzaq|عبدالغني abdghani
عبدالوهاب abdwahhab|عبدالمنعم abdmunim|عبدالفتاح abdfattah|عبدالجبار abdjabbar
سلام salam|السلام al salam|ملك malik|حميد hamid|مجيد majid|حق haq|الحق al haq
منعم munim|فتاح fattah|وهاب wahhab|رزاق razzaq|غني ghani|جبار jabbar|باسط basit
سيد sayyid|السيد al sayyid|شيخ shaykh|حاج hajj|الحاج al hajj|امير amir|الامير al amir
عامر amir|عمار ammar|عمرو amr|عوض awad|عبيدالله ubaydallah|قطب qutb|اسد asad|الاسد al asad
بكر bakr|ابوبكر abu bakr|بغدادي baghdadi|البغدادي al baghdadi|زرقاوي zarqawi
الزرقاوي al zarqawi|ظواهري zawahiri|الظواهري al zawahiri|حقاني haqqani|الحقاني al haqqani
عبدالرسول abdrasul|رسول rasul|مولوي mawlawi|ملا mulla|حاجي haji|نصرالله nasrallah
طه taha|حسيني husayni|الحسيني al husayni|هاشم hashim|هاشمي hashimi|الهاشمي al hashimi
قاسمي qasimi|تميمي tamimi|التميمي al tamimi|عتيبي utaybi|العتيبي al utaybi
شمري shammari|الشمري al shammari|دوسري dawsari|الدوسري al dawsari|قحطاني qahtani
القحطاني al qahtani|عنزي anazi|العنزي al anazi|مطيري mutayri|المطيري al mutayri
عراقي iraqi|العراقي al iraqi|سوري suri|السوري al suri|مصري misri|المصري al misri
ليبي libi|الليبي al libi|يمني yamani|اليمني al yamani|كويتي kuwaiti|الكويتي al kuwaiti
"""
ARABIC_NAMES: dict[str, str] = {}
for _entry in _ARABIC_NAMES.replace("\n", "|").split("|"):
    if _entry.strip():
        _arabic, _, _latin = _entry.strip().partition(" ")
        ARABIC_NAMES[_arabic] = _latin

#: letters, for the words :data:`ARABIC_NAMES` lacks (Arabic, Persian, Urdu, Pashto)
LETTERS = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "u", "ي": "i", "ء": "", "ئ": "", "ؤ": "", "ة": "a",
    "پ": "p", "چ": "ch", "ژ": "zh", "ک": "k", "گ": "g", "ی": "i", "ے": "e", "ټ": "t",
    "ډ": "d", "ړ": "r", "ښ": "sh", "ځ": "dz", "څ": "ts", "ګ": "g", "ڼ": "n", "ۍ": "i",
    "ې": "e", "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n", "ھ": "h",
}  # fmt: skip
_FOLD_LETTERS = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ـ": "", "ة": "ه", "ی": "ي",
        "ک": "ك", "ہ": "ه", "ھ": "ه", "ۀ": "ه", "ە": "ه", "ي": "ي",
    }
)  # fmt: skip


#: Persian reads some Arabic letters otherwise: ض ذ ظ as *z* (*Feiz*), ث as *s*, ق as
#: *gh* (*Naghdi*, *Taghi*)
PERSIAN_LETTERS = {"ض": "z", "ذ": "z", "ظ": "z", "ث": "s", "ق": "gh"}
_PERSIAN_VALUES = re.compile(f"[{''.join(PERSIAN_LETTERS)}]")
#: letters only Persian (and Urdu, Pashto) writes: a name with one is read as Persian
_PERSIAN_ONLY = re.compile("[پچژگکی]")


def _letters(word: str, persian: bool = False) -> str:
    """A word letter by letter: consonants, and و / ي as *w* / *y* where they begin a
    syllable (first letter, after or before ا), else as the long vowels *u* / *i*;
    ``persian``: some letters as Persian reads them (:data:`PERSIAN_LETTERS`)."""
    out: list[str] = []
    for n, ch in enumerate(word):
        if persian and ch in PERSIAN_LETTERS:
            out.append(PERSIAN_LETTERS[ch])
        elif ch in "وي" and (n == 0 or word[n - 1] == "ا" or word[n + 1 : n + 2] == "ا"):
            out.append("w" if ch == "و" else "y")
        elif ch == "ا" and 0 < n < len(word) - 1 and n and word[n - 1] == "ا":
            continue
        elif ch == "ه" and n == len(word) - 1 and n >= 1 and word[n - 1] == "ا":
            out.append("h")  # after alif a final h is read: Shah, Sepah, Panah, Dargah
        elif ch == "ه" and n == len(word) - 1 and n >= 1:
            out.append("a")  # ta marbuta (or a final h): Hamza, Fatima, Taha
        elif ch == "ع" and n == len(word) - 1 and n >= 2:
            out.append("a")  # a final ain: Latin writes a vowel (Tali, Talea; Rabie)
        else:
            out.append(LETTERS.get(ch, ch))
    text = "".join(out)
    if word.startswith("ع"):
        text = "a" + text if not text.startswith("a") else text
    return text


#: a name before الله (*Habib Allah*): lists write the pair as one word, *Habibullah*
_BEFORE_ALLAH = re.compile(r"\b(?!(?:abd|abu|abi|bin|bint|al)\b)([a-z]{2,}) +allah\b")


#: Persian name parts that Persian script writes apart (or after a zero-width
#: non-joiner) and lists join to the word before: *Akhundzada*, *Shamsabad*, *Walijan*,
#: *Yazdikhah*, *Mostafavinia*, *Aliabadi* (letters as :data:`_FOLD_LETTERS` leaves them)
JOINED_AFTER = ("زاده", "زاد", "اباد", "ابادي", "خواه", "نيا", "پور", "نژاد", "جان", "فر")
_JOIN = "\u200d"  # marks a join through romanisation (a character no name uses)
_ARABIC_LETTER = "[\u0600-\u06ff\u0750-\u077f]"
_JOINED_AFTER = re.compile(
    f"(?<={_ARABIC_LETTER})(?: +|\u200c)(?=(?:{'|'.join(JOINED_AFTER)})(?!{_ARABIC_LETTER}))"
)


def _two_names(word: str) -> tuple[str, str] | None:
    """A word that is two common name words written together (محمدرضا *Mohammad Reza*,
    علیرضا *Ali Reza*, محمدعبد, بنحسين *ben Hassine*): the two, else None."""
    for cut in range(2, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        if (
            head in ARABIC_NAMES
            and (tail in ARABIC_NAMES or tail == "عبد")
            and tail != "الله"  # Saidullah: a name before Allah is one word (below)
            and len(word) >= 5
        ):
            return head, tail
    return None


def _word(word: str, persian: bool = False) -> str:
    if word in ARABIC_NAMES and not (
        persian and _PERSIAN_VALUES.search(word) and ARABIC_NAMES[word] not in SPELLINGS
    ):  # Persian: عوض *Ewaz*, not *Awad*; رضا *rida*, whose spellings include *Reza*
        return ARABIC_NAMES[word]
    if (pair := _two_names(word)) is not None:
        return " ".join(_word(part, persian) for part in pair)
    if word.startswith("الله") and len(word) > 5:  # اللهکرم: Allah-Karam, Allahyar
        return "allah " + _word(word[4:], persian)
    if word.endswith("الله") and len(word) > 5 and not word.startswith(("عبد", "ابو")):
        return _word(word[:-4], persian) + "ullah"  # حمدالله: Hamdullah
    if word.startswith("ابوال") and len(word) >= 7:  # Abu al-Fadl; Persian Abolfazl
        rest = _word(word[5:], persian).replace(" ", "")
        return f"abul{rest}" if persian else f"abu al {rest}"
    for prefix, latin in (("ال", "al "), ("عبدال", "abd"), ("عبد", "abd"), ("ابو", "abu ")):
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 2:
            inner = ARABIC_NAMES.get(rest) or _letters(rest, persian)
            if latin == "abd":
                inner = inner.removeprefix("al ")
            return latin + inner
    return _letters(word, persian)


#: Arabic letters as Persian and Urdu names read them (:data:`PERSIAN_LETTERS`), in
#: Arabic letters of those values: ض ذ ظ as ز, ث as س, ق as غ
_AS_PERSIAN = str.maketrans({"ض": "ز", "ذ": "ز", "ظ": "ز", "ث": "س", "ق": "غ"})
#: Persian yeh and kaf as Arabic writes them
_AS_ARABIC = str.maketrans({"ی": "ي", "ک": "ك", "ى": "ي"})
_PERSIAN_SOUNDS = re.compile("[پچژگ]")


def readings(text: str) -> list[str]:
    """A name in Arabic script read the other way it is read: a name in Arabic letters
    only as Persian, Dari and Urdu names read them (فضل *Fazl*, عوض *Ewaz*, قناد
    *Ghannad*); a name typed with Persian yeh and kaf but no Persian sound (پ چ ژ گ) as
    an Arabic name. [] when there is no other reading."""
    if not has_arabic(text):
        return []
    org = org_reading(text)
    if org is not None:
        return [org]
    if _PERSIAN_SOUNDS.search(text):
        return []
    text = unicodedata.normalize("NFKC", text)
    other = (
        text.translate(_AS_ARABIC) if _PERSIAN_ONLY.search(text) else text.translate(_AS_PERSIAN)
    )
    return [other] if other != text else []


# -- organisations' names in Arabic and Persian words -------------------------------------------
#: the words of organisations' names that lists print in translation (Arabic and
#: Persian, letters as :data:`_FOLD_LETTERS` leaves them, without the article and the
#: clitics و ل ب) → English; a ``*`` marks a word of the organisation's kind (a name
#: gets its translated reading only when it has one)
_ORG_TERMS = """
شركه llc*|شرکت llc*|شزکت llc*|موسسه establishment*|مؤسسه establishment*
جماعه group*|مجموعه group*|گروه group*|حركه movement*|حرکت movement*|منظمه organization*
سازمان organization*|شبكه network*|جبهه front*|كتيبه battalion*|لواء brigade*|فرقه division*
جيش army*|جيش army*|دوله state*|بنياد foundation*|جمعيه association*|هيئه commission*
مجلس council*|وزاره ministry*|وزارت ministry*|مكتب office*|مركز center*|مصنع factory*
مختبر laboratory*|بنك bank*|بانك bank*|مصرف bank*|صرافه exchange*|حراسات protection|نيروي force*|نيرو force*
سپاه corps*|قرارگاه headquarters*|ستاد headquarters*|زندان prison*|خبرگزاري news agency*
صنايع industries*|صناعات industries*|هواپيمايي airline*|كشتيراني shipping*|مجتمع complex*
اتحاديه union*|تنظيم organization*|فرماندهي command*|دانشگاه university*|جامعه university*
پژوهشگاه institute*|معهد institute*|پژوهشكده institute*|موسسات establishments*
اسلاميه islamic|اسلامي islamic|اسلام islam|مسلمين muslims|عراق iraq|شام levant|يمن yemen
ليبيا libya|مصر egypt|سوريا syria|لبنان lebanon|فلسطين palestine|تونس tunisia
تونسيه tunisian|جزائر algeria|مغرب maghreb|افريقيا africa|ايران iran|عربيه arab|عربي arab
غرب west|شرق east|شمال north|جنوب south|جنوبي south|شمالي north|مركزي central
في in|من of|مسلحه armed|مقاتله combatant|خدمات services|امنيه security|امني security
حمايه protection|حراسه security|تجاره trading|تجارت trading|تجاريه commercial|عامه general
عام general|فوسفات phosphate|مناجم mines|نفط oil|نفت oil|غاز gas|گاز gas|طيران aviation
هوايي aviation|شحن shipping|بحريه marine|دوليه international|دولي international
بين international|عالميه global|متحده united|وطنيه national|ملي national|صناعيه industrial
صنعت industry|صنعتي industrial|استثمار investment|سرمايه investment|قابضه holding
انقلاب revolutionary|پاسداران guard|جمهوري republic|هوافضاي aerospace|هوافضا aerospace
دفاع defense|دفاعي defense|سايبري cyber|پژوهش research|توسعه development|ارتباطات communications
الكترونيك electronic|الكترونيكي electronic|مهندسي engineering|بازرگاني trading|پتروشيمي petrochemical
شيمي chemical|شيميايي chemical|كيمياويه chemical|هواپيماسازي aircraft manufacturing
انتظامي law enforcement|ويژه special|خاصه special|تعاون cooperation|تعاوني cooperative
بهره production|برداري production|توليد production|انرژي energy|طاقه energy|برق power
معادن mines|فولاد steel|حديد steel|الومينيوم aluminium|موشكي missile|صواريخ missiles
شيبينغ shipping|شيپينگ shipping|مارين marine|سيرفيسز services|افييشن aviation|ليزر laser
تشيبس chips|تريدينغ trading|انترناشيونال international|جنرال general|هولدينغ holding
تكنولوجي technology|ميدل middle|ايست east|غروب group|ليمتد limited|اويل oil
منطقه zone|حره free|و and|ايمن safe
صدا broadcasting|سيما broadcasting|مركزي central|مرکزي central
تهران tehran|اصفهان isfahan|شيراز shiraz|مشهد mashhad|تبريز tabriz|كرج karaj|قم qom
اهواز ahvaz|كرمانشاه kermanshah|زاهدان zahedan|سنندج sanandaj|اروميه urmia|رشت rasht
كرمان kerman|يزد yazd|همدان hamedan|اوين evin|قزوين qazvin|زنجان zanjan|اراك arak
بوشهر bushehr|سمنان semnan|كردستان kurdistan|خوزستان khuzestan|بلوچستان baluchestan
سيستان sistan|زاگرس zagros|كربلا karbala|دمشق damascus|حلب aleppo|بغداد baghdad
قاعده al qaida*|مهاجرين emigrants|انصار supporters|احياء revival|تراث heritage
بيروت beirut|صنعاء sanaa|حمص homs|ادلب idlib|طرابلس tripoli|موصل mosul|بصره basra
"""
ORG_TERMS: dict[str, str] = {}
_kinds: set[str] = set()
for _entry in _ORG_TERMS.replace("\n", "|").split("|"):
    if _entry.strip():
        _arabic, _, _english = _entry.strip().partition(" ")
        _arabic = _arabic.translate(_FOLD_LETTERS)
        ORG_TERMS[_arabic] = _english.rstrip("*")
        if _english.endswith("*"):
            _kinds.add(_arabic)
ORG_KINDS = frozenset(_kinds)
#: legal forms of the Gulf as Arabic prints them (ش.م.ح *FZCO*, م.م.ح *FZE*, ش.ذ.م.م
#: *LLC*, م.د.م.س *DMCC*), letters with dots or spaces between
_GULF_FORMS = (
    ("ش ذ م م", "llc"), ("ش م ح", "fzco"), ("م م ح", "fze"), ("م د م س", "dmcc"),
    ("ذ م م", "llc"), ("ش م م", "llc"),
)  # fmt: skip
_GULF_FORM_RE = [
    (re.compile(r"(?<![\w])" + r"\s*[.\s]\s*".join(form.split()) + r"\.?(?![\w])"), latin)
    for form, latin in _GULF_FORMS
]
_CLITICS = ("وال", "بال", "لل", "ال", "و", "ل", "ب")
#: آ before ل at a word's start: a word of its own (آلومینا *Alumina*), never the article
_MADDA_LAM = re.compile(r"(?<![\u0600-\u06ff])آ(?=ل[\u0600-\u06ff])")


def _org_term(word: str) -> tuple[str, bool] | None:
    """An organisation's word in English (and whether it names the organisation's
    kind), its article and clitics (و ل ب) and a Persian ezafe ی left out; None for
    other words."""
    for clitic in ("", *_CLITICS):
        if clitic and not word.startswith(clitic):
            continue
        rest = word[len(clitic) :]
        for stem in (rest, rest[:-1] if rest.endswith("ي") and len(rest) > 4 else ""):
            if stem in ORG_TERMS and (len(stem) >= 2 or not clitic):
                return ORG_TERMS[stem], stem in ORG_KINDS
    return None


def org_reading(text: str) -> str | None:
    """An organisation's name in Arabic or Persian words with the words lists translate
    in English (شركة أمان للحماية والحراسة الأمنية → *llc أمان protection security*),
    the name's own words left in Arabic script, and Gulf legal forms (ش.م.ح *FZCO*) in
    Latin letters; None unless a word names an organisation's kind (company, group,
    army, ministry…) or a legal form is there. A company (شركة) is the legal form
    *llc*; a word translated twice is written once."""
    text = _MADDA_LAM.sub("ءا", unicodedata.normalize("NFKC", text)).translate(_FOLD_LETTERS)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    kind = False
    for pattern, latin in _GULF_FORM_RE:
        text, n = pattern.subn(f" {latin} ", text)
        kind = kind or n > 0
    out: list[str] = []
    translated = False
    words = [w for w in re.split(r"[\s\-\u2013\u2014]+", text) if w]
    for n, word in enumerate(words):
        term = _org_term(word) if ARABIC.search(word) else None
        if term is None and n + 1 < len(words) and word.endswith("اي") and len(word) > 4:
            word = word[:-1]  # a Persian ezafe after alif: آلومینای ایران, Alumina-ye Iran
        if term is None:
            out.append(word)
        else:
            if term[0] not in out:  # الحماية والحراسة الأمنية: *protection security*
                out.append(term[0])
            translated = True
            kind = kind or term[1]
    return " ".join(out) if kind and (translated or len(out) > 1) and has_arabic(text) else None


def has_arabic(text: str) -> bool:
    return ARABIC.search(text) is not None


def romanise(text: str) -> str:
    """A name with its Arabic-script words in Latin letters (see the module docstring)."""
    text = "".join(
        ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Mn"
    )
    persian = _PERSIAN_ONLY.search(text) is not None
    # آل begins a word (آلومینا *Alumina*, آلمان *Alman*), never the article ال: a hamza
    # (read as nothing) before it keeps the fold from making it one
    text = _MADDA_LAM.sub("ءا", text)
    text = text.translate(_FOLD_LETTERS)
    for pattern, latin in _GULF_FORM_RE:  # ش.م.ح *FZCO*: a legal form, not three words
        text = pattern.sub(f" {latin} ", text)
    text = _JOINED_AFTER.sub(_JOIN, text)
    text = re.sub(
        r"[\u0600-\u06ff\u0750-\u077f]+",
        lambda m: " " + _word(m.group(0), persian) + " ",
        text,
    ).strip()
    text = re.sub(f" *{_JOIN} *", "", text)
    return _BEFORE_ALLAH.sub(r"\1ullah", text)


#: letters of a name read from Arabic script that lists print otherwise in French and
#: Maghreb spellings (ج *dj*: *Djamel*; ش *ch*: *Akkacha*, *Chaoui*; ق *g* or *gh*:
#: *Gasmi*, *Ghedeir*) and Egyptian ones (ج *g*: *Gamal*)
_OTHER_LETTERS = (("j", "dj"), ("j", "g"), ("sh", "ch"), ("q", "g"), ("q", "gh"))


def other_spellings(token: str) -> list[str]:
    """A word read from Arabic script (:func:`romanise`) as French, Maghreb and Egyptian
    spellings write it, one letter class at a time (*jamal* → *djamal*, *gamal*;
    *akasha* → *akacha*): retrieval looks up their consonant skeletons, which the fold
    keys of those spellings do not share (*Djamel* folds to *damel*, *jamal* to *amal*)."""
    return [token.replace(a, b) for a, b in _OTHER_LETTERS if a in token]


# -- consonant skeletons against Latin spellings ----------------------------------------------
#: Latin letters and digraphs as one consonant of an Arabic name, one pass, longest first:
#: French *dj* / *ch* (*Djamel*, *Chaoui*), *kh* / *gh* / *q* / *g* one class (ق is *q*,
#: *k* or *g*: *Gasmi*, *Ghedeir*), *dh* / *zh* as *z*, *w* / *v* / *y* as vowels
_SKELETON_FOLDS = (
    ("tch", "s"), ("sch", "s"), ("dj", "j"), ("ch", "s"), ("sh", "s"), ("kh", "k"),
    ("gh", "k"), ("ck", "k"), ("th", "t"), ("dh", "z"), ("zh", "z"), ("ph", "f"),
    ("q", "k"), ("g", "k"), ("c", "k"), ("x", "ks"), ("w", "a"), ("v", "a"), ("y", "a"),
)  # fmt: skip
_SKELETON_MAP = dict(_SKELETON_FOLDS)
_SKELETON_RE = re.compile("|".join(sorted(_SKELETON_MAP, key=len, reverse=True)))
_INNER_VOWELS = re.compile(r"(?<=.)[aeiou]+")
_DOUBLED = re.compile(r"(.)\1+")


def skeleton_key(token: str) -> str:
    """A Latin word's consonants as an Arabic-script name writes them, to compare a name
    read from Arabic script with its Latin spellings: the same for *Motassadeq* and
    متصدق (*mtsdq*), *Djamel* and جمال, *Chaoui* and شاوي, *Sarnaghi* and سرنقی; the
    first letter kept (*a* for any vowel: an alif or an ain), a final silent *h*
    dropped. A common name's spellings are one first (*Mohamed* → *muhammad*)."""
    token = SPELLINGS.get(token, token)
    text = _SKELETON_RE.sub(lambda m: _SKELETON_MAP[m.group(0)], token)
    if len(text) > 2 and text.endswith("h") and text[-2] in "aeiou":
        text = text[:-1]
    head = "a" if text[:1] in "aeiou" else text[:1]
    return _DOUBLED.sub(r"\1", head + _INNER_VOWELS.sub("", text)[1:])
