from tracewire.model import Entity
from tracewire.sources.name_values import tidy_names


def test_tidy_names() -> None:
    e = Entity.make("Organization", "x", "t")
    e.add("name", "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL); GREAT LAKES BUSINESS COMPANY (GLBC)")
    e.add("alias", ["ООО", "Ansar al-Sharia in Tunisia; (c)Ansar al-Shari'ah; (d) Ansar al-Sharia"])
    e.add("alias", "Agha Jan Alizai (formerly listed as)")
    tidy_names(e)
    assert e.get("name") == ["COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)"]
    assert e.get("alias") == [
        "Ansar al-Sharia in Tunisia",
        "Ansar al-Shari'ah",
        "Ansar al-Sharia",
        "GREAT LAKES BUSINESS COMPANY (GLBC)",
    ]
    assert e.get("previousName") == ["Agha Jan Alizai"]
