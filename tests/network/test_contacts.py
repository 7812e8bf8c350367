"""Addresses, phones, e-mails and domains reduced to comparable keys."""

from __future__ import annotations

import pytest

from tracewire.network.contacts import address_key, domain_of, email_key, phone_country, phone_key

REDLEPUS = ("101-19, Xinghua Building, No. 1007, Banxuegang Avenue, Maantang Community, "
            "Bantian Street, Longgang District, Shenzhen, People’s Republic of China")  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        (REDLEPUS, "Rm 101-22, Xinghua Bldg, 1007 Banxuegang Ave, Bantian, Longgang, Shenzhen 518000", "same_building"),
        (REDLEPUS, "101-19 Xinghua Building, No. 1007 Banxuelan Ave, Maantang Neighborhood, Bantian Subdistrict, Longlan District, Shenzhen 518000", "same_address"),
        ("d. 235, kv. 70, ul. Sevastopolskaya, Irkutsk 664048", "664048, Sevastopolskaya ulitsa d. 235, kv. 70, Irkutsk", "same_address"),
        ("d. 235, kv. 70, ul. Sevastopolskaya, Irkutsk 664048", "d. 235, kv. 12, ul. Sevastopolskaya, Irkutsk", "same_building"),
        ("d. 235, ul. Sevastopolskaya, Irkutsk", "d. 237, ul. Sevastopolskaya, Irkutsk", None),  # next door
        ("d. 235, ul. Sevastopolskaya, Irkutsk 664048", "d. 235, ul. Sevastopolskaya, Irkutsk 664099", None),  # other postcode
    ],
)  # fmt: skip
def test_same_building_and_address(a: str, b: str, relation: str | None) -> None:
    ka, kb = address_key(a), address_key(b)
    assert ka is not None and kb is not None
    assert ka.relation(kb) == relation == kb.relation(ka)


def test_vague_addresses_are_not_compared() -> None:
    assert address_key("Moscow, Russia") is None
    assert address_key("Shenzhen, Guangdong, China") is None


def test_contacts() -> None:
    assert phone_key("+7 (3952) 12-34-56") == phone_key("8 3952 123456", "ru") == "+73952123456"
    assert phone_country("+86 755 2890 1422") == "cn"
    assert email_key("Sales@Example.CN") == "sales@example.cn" and email_key("not mail") is None
    assert domain_of("https://www.kupol.ru/about") == "kupol.ru"
    assert domain_of("someone@qq.com") == "qq.com"
