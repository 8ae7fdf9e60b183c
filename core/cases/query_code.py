"""Query codes: the secret a petitioner uses with the case number to check progress.

The code itself is shown once, on the saving clerk's screen. Only a keyed hash is stored:
HMAC-SHA256 under the server secret `PETITION_LOOKUP_KEY` (`core.config.lookup_key`), so a
copy of the database alone cannot be checked against candidate codes (case numbers are
public and sequential, and the codes are short). Stored values read ``hmac1$<hex>``; a bare
64-hex value is a hash from before the key (SHA-256 of ``case:code``) and still verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from core.config import lookup_key

#: No 0/O, 1/I/L: the code is read out over the phone and copied by hand.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
_SCHEME = "hmac1$"


def new_query_code(rng: secrets.SystemRandom | None = None) -> str:
    pick = (rng or secrets.SystemRandom()).choice
    return "".join(pick(ALPHABET) for _ in range(LENGTH))


def _normalised(code: str) -> str:
    return code.strip().upper().replace(" ", "")


def hash_query_code(case_number: str, code: str, key: bytes | None = None) -> str:
    """The stored form of a code; `key` defaults to the configured server secret (pass it
    when hashing many codes at once)."""
    message = f"{case_number}:{_normalised(code)}".encode()
    digest = hmac.new(lookup_key() if key is None else key, message, hashlib.sha256)
    return _SCHEME + digest.hexdigest()


def query_code_matches(
    case_number: str, code: str, stored_hash: str, key: bytes | None = None
) -> bool:
    if stored_hash.startswith(_SCHEME):
        expected = hash_query_code(case_number, code, key)
    else:  # legacy unkeyed hash
        expected = hashlib.sha256(f"{case_number}:{_normalised(code)}".encode()).hexdigest()
    return hmac.compare_digest(expected, stored_hash)
