"""Addresses, phones, e-mails and domains reduced to comparable keys."""

from __future__ import annotations

import pytest

from tracewire.network.contacts import (
    address_key,
    domain_of,
    email_key,
    phone_country,
    phone_key,
    phone_keys,
    site_domain,
)

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
        # house 272, flat 41, written two ways
        ("272-41 Pushkinskaya, Izhevsk, 426008", "272 Pushkinskaya Street, Apt 41, Izhevsk, 426008", "same_address"),
        # floors are units: 16/F and 12th floor of one building
        ("Unit D, 16/F One Capital Place, 18 Luard Rd, Wan Chai, Hong Kong", "12th Floor, One Capital Place, 18 Luard Road, Wan Chai", "same_building"),
        # a P.O. box beside the street address is set aside
        ("East Shahid Atefi Street 35, Africa Boulevard, PO Box 19395-4833, Tehran, Iran", "35 East Shahid Atefi Street, Africa Ave., 19177 Tehran", "same_address"),
        # one street and UK postcode, two house numbers
        ("104 Smithdown Road, Liverpool, Merseyside L7 4JQ, United Kingdom", "88 Smithdown Road, Liverpool L7 4JQ, United Kingdom", None),
        # one house number on two streets of one town: street-type and country words do not count
        ("Via Dante 210, Palermo 90141, Italy", "Via Roma 210, Palermo 90141, Italy", None),
        # the numbers of the one with fewer must all be in the other (Calle 7, two houses)
        ("Calle 7 No. 82, Barrio Granada, Cali, Colombia", "Calle 7 No. 51, Barrio Granada, Cali, Colombia", None),
        # a five-digit number after the start is a postcode, not a house number
        ("908 Audelia Road, Suite 200, Richardson, TX 75081", "304 Town House Lane, Richardson, TX 75081", None),
    ],
)  # fmt: skip
def test_same_building_and_address(a: str, b: str, relation: str | None) -> None:
    ka, kb = address_key(a), address_key(b)
    assert ka is not None and kb is not None
    assert ka.relation(kb) == relation == kb.relation(ka)


def test_vague_addresses_are_not_compared() -> None:
    assert address_key("Moscow, Russia") is None
    assert address_key("Shenzhen, Guangdong, China") is None
    assert address_key("P.O. Box 1318, Amman, JO") is None  # a mailbox, not a place
    assert address_key("Headquarters, Chakklala Cantt, 46200, Rawalpindi, 46200, PK") is None
    # an inmate's prison names nobody's place of business
    assert address_key("INMATE NUMBER: 15751-479, FEDERAL PRISON CAMP BRYAN, 1100 Ursuline Ave, BRYAN, TX 77803") is None  # fmt: skip


def test_contacts() -> None:
    assert phone_key("+7 (3952) 12-34-56") == phone_key("8 3952 123456", "ru") == "+73952123456"
    assert phone_country("+86 755 2890 1422") == "cn"
    assert email_key("Sales@Example.CN") == "sales@example.cn" and email_key("not mail") is None
    assert domain_of("https://www.kupol.ru/about") == "kupol.ru"
    assert domain_of("someone@qq.com") == "qq.com"
    assert phone_keys("Tel. +7 (495) 123-45-67; fax 8 495 123 45 68", "ru") == ["+74951234567", "+74951234568"]  # fmt: skip
    assert phone_keys("8 495 123 45 67") == []  # no country code to read it with
    assert site_domain("http://Stavropol-tr.gazprom.ru/") == site_domain("a@sgp.gazprom.ru") == "gazprom.ru"  # fmt: skip
    assert site_domain("https://www.shop.example.com.cn/x") == "example.com.cn"
