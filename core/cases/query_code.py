"""Query codes: the secret a petitioner uses with the case number to check progress.

Only a salted hash is stored; the code itself is shown once, on the saving clerk's screen.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: No 0/O, 1/I/L: the code is read out over the phone and copied by hand.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8


def new_query_code(rng: secrets.SystemRandom | None = None) -> str:
    pick = (rng or secrets.SystemRandom()).choice
    return "".join(pick(ALPHABET) for _ in range(LENGTH))


def hash_query_code(case_number: str, code: str) -> str:
    normalised = code.strip().upper().replace(" ", "")
    return hashlib.sha256(f"{case_number}:{normalised}".encode()).hexdigest()


def query_code_matches(case_number: str, code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_query_code(case_number, code), stored_hash)
