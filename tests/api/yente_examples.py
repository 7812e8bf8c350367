"""Request bodies shaped like the examples in yente's and OpenSanctions' documentation.

Sources: the ``/match`` docstring of yente (``yente/routers/match.py``: a Person with
name, birthDate and nationality, a Company with jurisdiction and registrationNumber),
the OpenSanctions API guides (docs/api/matching, docs/api/request, docs/api/quickstart:
a Person by name parts in two scripts with a nationality written as a country name, a
Company with a jurisdiction, the query parameters ``algorithm``, ``threshold``,
``include_dataset`` and ``topics``) and opensanctions/api-examples (curl: a Person by
name, then by name and birth date). The values are the documentation's.
"""

from __future__ import annotations

from typing import Any

DOC_BODIES: dict[str, dict[str, Any]] = {
    "yente_docstring": {
        "queries": {
            "entity1": {
                "schema": "Person",
                "properties": {
                    "name": ["John Doe"],
                    "birthDate": ["1975-04-21"],
                    "nationality": ["us"],
                },
            },
            "entity2": {
                "schema": "Company",
                "properties": {
                    "name": ["Brilliant Amazing Limited"],
                    "jurisdiction": ["hk"],
                    "registrationNumber": ["84BA99810"],
                },
            },
        }
    },
    "curl_name": {
        "queries": {"q1": {"schema": "Person", "properties": {"name": ["Barack Obama"]}}}
    },
    "curl_name_birth_date": {
        "queries": {
            "q1": {
                "schema": "Person",
                "properties": {"name": ["Barack Obama"], "birthDate": ["1961-08-04"]},
            }
        }
    },
    "guide_name_parts": {
        "queries": {
            "q": {
                "schema": "Person",
                "properties": {
                    "firstName": ["Arkadii"],
                    "fatherName": ["Romanovich"],
                    "lastName": ["Rotenberg", "Ротенберг"],
                    "birthDate": ["1951"],
                    "nationality": ["Russia"],
                },
            }
        }
    },
    "guide_company": {
        "queries": {
            "q": {
                "schema": "Company",
                "properties": {"name": ["Stroygazmontazh"], "jurisdiction": ["Russia"]},
            }
        },
        "weights": {},
        "config": {},
    },
    "quickstart": {
        "queries": {
            "q": {
                "schema": "Person",
                "properties": {
                    "firstName": ["Aleksandr"],
                    "lastName": ["Zacharov"],
                    "birthDate": ["1965"],
                },
            }
        }
    },
}

#: the query parameters of the request guide (datasets adapted to the loaded sample list)
DOC_PARAMS: dict[str, Any] = {
    "topics": ["sanction", "sanction.linked", "debarment"],
    "algorithm": "logic-v2",
    "threshold": 0.8,
}
