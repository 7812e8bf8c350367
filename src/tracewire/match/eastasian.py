"""East Asian names: short syllables that a one-letter edit turns into another name.

A Chinese name is made of syllables from a closed set of about four hundred (pinyin);
*Zhang*, *Wang* and *Shang* are one letter apart and three different family names, so a
one-letter edit between two such syllables is not a typo of the same name. Chinese,
Korean and Vietnamese family names are a small closed set too: two of them are the same
name only when they are romanisations of one family name (pinyin, Wade–Giles,
Cantonese, Hokkien, Korean Revised Romanisation and McCune–Reischauer, Vietnamese):
*Zhang*, *Chang* and *Cheung* are one; *Zhang* and *Wang* never are. Hong Kong's
Cantonese romanisation is a closed set of syllables too (:func:`cantonese_apart`).
"""

from __future__ import annotations

from functools import lru_cache

#: every pinyin syllable without its tone (pypinyin's readings of the CJK block)
_SYLLABLES = (
    "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca "
    "cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou "
    "chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai "
    "dan dang dao de den deng di dian diao die ding diu dong dou du duan dui dun duo e ei "
    "en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng "
    "gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong "
    "hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu "
    "ju juan jue jun ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan kuang kui "
    "kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo "
    "long lou lu luan lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie "
    "min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie "
    "nin ning niu nong nou nu nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng "
    "pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu "
    "quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san "
    "sang sao se sen seng sha shai shan shang shao she shen sheng shi shou shu shua shuai "
    "shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te "
    "teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng "
    "wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao "
    "ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha "
    "zhai zhan zhang zhao zhe zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui "
    "zhun zhuo zi zong zou zu zuan zui zun zuo"
)
PINYIN_SYLLABLES = frozenset(_SYLLABLES.split())

#: the syllables of Hong Kong's Cantonese romanisation, as records print names (those
#: ``cantonese-romanisation`` gives three characters and more; not Jyutping's *aa*, nor
#: Yale's *r* after a vowel or spellings that are English words): *Shing*, *Sang*,
#: *Wing* and *Wong* are each a syllable of their own, as pinyin's are
_CANTONESE = (
    "ah ai ak am an ang ap at au ba bai ban bang bat bau bei beng bik bin bing bit biu bo "
    "boh bok bong booi boon boot bor bui bun bung but cha chai cham chan chang chap chat "
    "chau chea cheh chek cheng cheong cheuk cheung chi chik chim chin ching chip chit "
    "chiu cho choh choi chong chor chow chu chue chuen chuet chui chuk chum chun chung "
    "chut da dai dam dan dang dat dau deah deh dei dek deng deuk dik dim din ding dip diu "
    "do doh doi dok dong dor duen duet dui duk dum dun dung dut fa fai fan fang fat fau "
    "fe feh fei feng fing fo foh fok fong foo fooi fook foon for fu fui fuk fun fung fut "
    "gai gam gap gat gau gei geng geuk gik gong guen gui gum gup gut gwa gwah gwai gwat "
    "gwik gwing ha hai hak ham han hang hap hat hau hei hek heuh heung him hin hing hip "
    "hit hiu ho hoh hoi hok hom hon hong hop hor hot hou huen hui huk hum hung hup hut ja "
    "jai jak jam jan jap jat jau je jeh jek jeng jeuk jeung ji jik jim jin jing jip jit "
    "jiu jo joh joi jok jor juen juet jui juk jum jun jung jup jut ka kai kak kam kan "
    "kang kap kat kau ke kee keh kei kek keuk keung ki kim kin king kip kit kiu ko koh "
    "koi kok kon kong koo kooi koon koot kot ku kuen kuet kui kuk kum kung kut kwa kwai "
    "kwan kwo kwoh kwok kwong kwui la lai lak lam lan lap lau law lee leh lei lek leng "
    "leuk leung li lik lim lin ling lip lit liu lo loh loi lok long luen luet lui luk lum "
    "lun lung lup lut ma mai mak man mang mao mat mau meah meh mei meng mi mik min ming "
    "mit miu mo moh mok mong mooi moon moot mor mui muk mung mut na nai nam nan nap nau "
    "ne neh nei ng nga ngai ngam ngan ngang ngat ngau nget ngit ngo ngoh ngoi ngok ngon "
    "ngong ngor ni nik nim nin ning nip niu no noh noi nok nong nuen nui num nung o oh oi "
    "ok on ong or pa pai pak pan pang pat pau peah peh pei pik pin ping pit piu po poh "
    "pok pong pooi pook poon por pui puk pun pung sa sai sak sam san sang sap sat sau se "
    "seh sei sek seng seuk seung sha shan shat shau shek sheung shim shin shing shiu shue "
    "shui shuk shum shun shut si sik sim sin sing sip sit siu so soh soi sok song sor sue "
    "suen suet sui suk sum sun sung sut sze ta tai tak tam tan tang tao tap tau teng teuh "
    "tik tim tin ting tip tit tiu to toh toi tok tong tsam tsang tsau tsik tsing tsui "
    "tsun tsz tuen tui tuk tun tung uk um ung up wa wah wai wak wan wang wat wei wik wing "
    "wo woh wok wong woo wooi woon woot wu wui ya yai yam yan yap yat yau ye yee yeh yeuk "
    "yeung yi yik yim yin ying yip yit yiu yu yue yuen yuet yui yuk yum yun yung"
)
CANTONESE_SYLLABLES = frozenset(_CANTONESE.split())

#: the romanisations of each common family name (one group per name; a spelling may
#: stand for several names: Wong is Wang and Huang in Cantonese)
FAMILY_NAMES: tuple[tuple[str, ...], ...] = (
    # Chinese: pinyin, Wade–Giles, Cantonese, Hokkien/Teochew, Korean and Vietnamese readings
    ("wang", "wong", "ong", "heng", "vong", "vuong", "wang"),
    ("li", "lee", "lei", "lai", "ly", "le", "lie", "rhee", "yi", "i", "ri", "rhie"),
    (
        "zhang",
        "chang",
        "cheung",
        "cheong",
        "chong",
        "teo",
        "teoh",
        "tiong",
        "zoeng",
        "jang",
        "truong",
        "trương",
    ),
    ("liu", "lau", "lao", "lou", "low", "yoo", "ryu", "yu", "luu"),
    ("chen", "chan", "chun", "tan", "tang", "can", "chin", "tran", "jin"),
    ("yang", "yeung", "young", "yeong", "ieong", "joeng", "duong", "ryang"),
    ("huang", "wong", "ng", "wee", "hwang", "hoang", "huynh", "vong"),
    ("zhao", "chao", "chiu", "chew", "cho", "jo", "trieu"),
    ("wu", "ng", "goh", "woo", "ngo", "oh", "o"),
    ("zhou", "chou", "chow", "chau", "jou", "ju", "chu"),
    ("xu", "hsu", "hsue", "tsui", "choi", "hui", "khoo", "heo", "huh", "hur", "tu"),
    ("sun", "suen", "soon", "son", "sohn", "ton"),
    ("ma", "mah", "ma"),
    ("zhu", "chu", "choo", "ju", "chu"),
    ("hu", "woo", "wu", "ho", "oh"),
    ("guo", "kuo", "kwok", "quach", "kwak", "gwak"),
    ("he", "ho", "hoh", "ha"),
    ("lin", "lam", "lum", "lim", "rim", "im", "liem", "lin"),
    ("gao", "kao", "ko", "koh", "go", "cao"),
    ("luo", "lo", "law", "la", "na"),
    ("zheng", "cheng", "chang", "tay", "jeong", "jung", "chung", "trinh", "dinh"),
    ("liang", "leung", "neo", "yang", "luong"),
    ("xie", "hsieh", "tse", "chia", "sia"),
    ("song", "sung", "soong", "tong", "song"),
    ("tang", "tong", "tang", "dang", "duong"),
    ("han", "hon", "hang", "han"),
    ("feng", "fung", "fong", "phung", "pung"),
    ("deng", "teng", "tang", "dang"),
    ("cao", "tsao", "tso", "chou", "cho", "jo", "tao"),
    ("peng", "pang", "phang", "paeng", "bang"),
    ("zeng", "tseng", "tsang", "chan", "jeung", "tang"),
    ("xiao", "hsiao", "siu", "seow", "so", "tieu"),
    ("tian", "tien", "tin", "jeon", "jun", "chun", "dien"),
    ("dong", "tung", "tong", "dong"),
    ("pan", "pun", "poon", "phan", "ban"),
    ("yuan", "yuen", "won", "vien", "wan"),
    ("cai", "tsai", "choi", "choy", "chua", "toy", "chae", "thai", "sai"),
    ("jiang", "chiang", "keung", "kang", "geung", "gang", "giang", "tuong"),
    ("yu", "yue", "yee", "ue", "u", "vu", "ou"),
    ("du", "tu", "to", "tou", "do"),
    ("ye", "yeh", "yip", "ip", "yap", "diep", "yeop"),
    ("cheng", "ching", "seng", "jeong", "trinh"),
    ("wei", "wai", "ngai", "vi", "wi"),
    ("su", "soo", "so", "sou", "to"),
    ("lu", "lo", "lou", "loh", "lo", "noh", "roh", "no", "lo", "lu", "lo"),
    ("ding", "ting", "teng", "jeong", "dinh"),
    ("ren", "jen", "yam", "yim", "nhiem"),
    ("shen", "sham", "sim", "shim", "thin", "tham"),
    ("yao", "yiu", "yau", "dieu"),
    ("lu", "lui", "loi", "yeo", "lu", "lui"),
    ("jiang", "kong", "kang", "gang"),
    ("cui", "tsui", "choi", "chui", "thoi"),
    ("zhong", "chung", "jung", "chong", "chung"),
    ("tan", "tam", "taam", "dam"),
    ("lu", "luk", "look", "yuk", "luc"),
    ("wang", "wong", "vuong"),
    ("fan", "faan", "fan", "pham", "beom", "bum"),
    ("jin", "kam", "kim", "gim", "chin", "kum", "gum"),
    ("shi", "shih", "sze", "sek", "si", "sit", "thach"),
    ("qin", "chin", "chun", "tan", "jin"),
    ("kong", "hung", "kung", "gong", "khong"),
    ("bai", "pai", "pak", "paek", "baek", "bach"),
    ("mao", "mo", "mau", "mou"),
    ("qiu", "chiu", "yau", "khu", "gu", "koo", "goo"),
    ("hao", "ho", "hou"),
    ("duan", "tuan", "tuen", "doan", "dan"),
    ("lei", "loi", "lui", "noe", "roe"),
    ("long", "lung", "loong", "long", "yong", "ryong"),
    ("lai", "loi", "lay", "nae", "rae", "lai"),
    ("mai", "mak", "mack", "maek", "mach"),
    ("mo", "mok", "mac", "mak"),
    # Korean (Revised Romanisation, McCune–Reischauer and the spellings in use)
    ("kim", "gim", "ghim", "kimm"),
    ("park", "pak", "bak", "bhak", "phak", "pack", "bark"),
    ("choi", "choe", "chey", "choy", "chwe"),
    ("jung", "jeong", "chung", "cheong", "chong", "joung"),
    ("kang", "gang", "ghang", "kahng"),
    ("cho", "jo", "joe", "chough"),
    ("yoon", "yun", "youn", "youn"),
    ("jang", "chang", "zhang"),
    ("lim", "im", "rim", "rhim", "yim"),
    ("han", "hahn"),
    ("shin", "sin", "shinn", "seen"),
    ("seo", "suh", "so", "seoh", "sur"),
    ("kwon", "gwon", "kweon", "kwun"),
    ("hwang", "whang", "hoang"),
    ("ahn", "an", "ann"),
    ("yoo", "yu", "you", "ryu", "ryoo", "rhyu"),
    ("hong", "houng"),
    ("jeon", "jun", "chun", "chon", "jeun"),
    ("ko", "go", "koh", "goh"),
    ("moon", "mun", "munn", "mon"),
    ("son", "sohn", "sonn"),
    ("bae", "pae", "bai", "pai"),
    ("baek", "paek", "paik", "baik", "back"),
    ("heo", "hur", "huh", "her", "hu"),
    ("nam", "nahm"),
    ("noh", "roh", "no", "ro", "rho"),
    ("ha", "hah"),
    ("kwak", "gwak", "koak"),
    ("oh", "o", "oh"),
    ("um", "eom", "uhm", "eum"),
    ("min", "mihn"),
    ("yang", "ryang"),
    ("song", "soung"),
    ("woo", "u", "wu"),
    ("na", "ra", "la"),
    ("cha", "char"),
    ("ryu", "yoo", "yu", "lyu"),
    # Vietnamese
    ("nguyen", "nguyễn", "nguen", "ngyuen", "nguyn"),
    ("tran", "chen", "chan"),
    ("le", "li", "lee"),
    ("pham", "fan", "fam"),
    ("hoang", "huang"),
    ("huynh", "huang"),
    ("phan", "pan"),
    ("vu", "wu", "vo", "voo"),
    ("vo", "wu", "vu"),
    ("dang", "deng"),
    ("bui", "bùi"),
    ("do", "du"),
    ("ho", "hu"),
    ("ngo", "wu"),
    ("duong", "yang"),
    ("ly", "li", "lee"),
    ("truong", "zhang"),
    ("trinh", "zheng"),
    ("dinh", "ding"),
    ("dao", "tao"),
    ("doan", "duan"),
    ("phung", "feng"),
    ("mai",),
    ("lam", "lin"),
    ("luong", "liang"),
    ("quach", "guo"),
    ("trieu", "zhao"),
)

_GROUPS: dict[str, frozenset[int]] = {}
for _n, _group in enumerate(FAMILY_NAMES):
    for _spelling in _group:
        _GROUPS[_spelling] = _GROUPS.get(_spelling, frozenset()) | {_n}


def family_name(token: str) -> bool:
    """Whether ``token`` (lowercase Latin) is a Chinese, Korean or Vietnamese family name."""
    return token in _GROUPS


@lru_cache(maxsize=50_000)
def distinct_names(a: str, b: str) -> bool:
    """Whether two different lowercase Latin words are two East Asian names rather than
    one name misspelt: two family names that romanise no common name, or two pinyin
    syllables that are not spellings of one family name (*zhang* / *shang*)."""
    if a == b:
        return False
    ga, gb = _GROUPS.get(a), _GROUPS.get(b)
    if ga is not None and gb is not None:
        return ga.isdisjoint(gb)
    return a in PINYIN_SYLLABLES and b in PINYIN_SYLLABLES


@lru_cache(maxsize=50_000)
def cantonese_apart(a: str, b: str) -> bool:
    """Whether two different lowercase Latin words are two Cantonese syllables, so two
    names and not one misspelt (*Shing* / *Sang*, *Wing* / *Wang*, *Hing* / *Hung*),
    unless they spell one family name (*Cheung* / *Cheong*). A Cantonese syllable against
    a pinyin one may be one character in two romanisations (*Shing* / *Sheng*): left to
    the typo budget."""
    if a == b or a not in CANTONESE_SYLLABLES or b not in CANTONESE_SYLLABLES:
        return False
    ga, gb = _GROUPS.get(a), _GROUPS.get(b)
    return ga is None or gb is None or ga.isdisjoint(gb)


_SYLLABLES_ANY = PINYIN_SYLLABLES | CANTONESE_SYLLABLES


@lru_cache(maxsize=50_000)
def syllable_word(word: str) -> bool:
    """Whether ``word`` reads as a run of pinyin or Cantonese syllables (*shusang*:
    *shu-sang*; a joined given name), so that one letter more or less is another
    syllable, not a typo."""
    if not word:
        return True
    if len(word) > 18:
        return False
    return any(
        word[:size] in _SYLLABLES_ANY and syllable_word(word[size:])
        for size in range(min(6, len(word)), 0, -1)
    )


def syllable_name(tokens: tuple[str, ...]) -> bool:
    """Whether every word of a name reads as East Asian syllables (:func:`syllable_word`)."""
    return all(syllable_word(t) for t in tokens)
