"""Payment messages: ISO 20022 (pacs.008, pacs.009, pain.001, camt.053) and SWIFT MT
(MT103, MT202, MT202COV) read into parties with roles, then screened.

    message = parse_message(data)               # raises MessageError on bad input
    verdict = MessageScreener(screener).screen_bytes(data, source="pay.xml")
"""

from tracewire.messages.model import Amount, MessageError, Party, PaymentMessage, TextField, Value
from tracewire.messages.parse import parse_message

__all__ = [
    "Amount",
    "MessageError",
    "Party",
    "PaymentMessage",
    "TextField",
    "Value",
    "parse_message",
]
