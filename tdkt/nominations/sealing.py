"""Sealing and opening secret ballot sheets (docs/decisions/secret-ballot.md).

At opening the chair types a passphrase; Argon2id turns it (with a random salt) into an X25519
private key, of which only the public key and the KDF parameters are stored on the meeting.
Each member's sheet is sealed to that public key with HPKE (RFC 9180: X25519, HKDF-SHA256,
ChaCha20-Poly1305, base mode) — a fresh ephemeral key per sheet — and bound to the meeting and
its agenda through HPKE's `info`. At the tally the chair types the passphrase again; the
private key lives only in memory while the sheets are opened.

Plain functions, no database access.
"""

from __future__ import annotations

import os
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from django.views.decorators.debug import sensitive_variables

# RFC 9106's second recommended option is 64 MiB, 3 passes; 4 lanes. About 0.25 s here.
KDF_DEFAULTS = {"alg": "argon2id", "iterations": 3, "lanes": 4, "memory_cost": 65536}
SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
AGREE, DISAGREE = b"1", b"0"
MIN_PASSPHRASE = 12


class SealError(Exception):
    """A sheet that cannot be opened or does not fit the agenda."""


def new_kdf() -> dict:
    return {**KDF_DEFAULTS, "salt": os.urandom(16).hex()}


def normalise(passphrase: str) -> str:
    """The same words typed on another keyboard or input method (NFC vs NFD Vietnamese
    diacritics, surrounding spaces) give the same key."""
    return unicodedata.normalize("NFC", passphrase or "").strip()


@sensitive_variables("passphrase", "seed")
def private_key(passphrase: str, kdf: dict) -> X25519PrivateKey:
    if kdf.get("alg") != "argon2id":
        raise SealError("Tham số dẫn xuất khóa không hợp lệ.")
    seed = Argon2id(
        salt=bytes.fromhex(kdf["salt"]), length=32, iterations=int(kdf["iterations"]),
        lanes=int(kdf["lanes"]), memory_cost=int(kdf["memory_cost"]),
    ).derive(normalise(passphrase).encode("utf-8"))
    return X25519PrivateKey.from_private_bytes(seed)


def public_hex(key: X25519PrivateKey) -> str:
    return key.public_key().public_bytes_raw().hex()


def _context(meeting_pk: int, item_ids: list[int]) -> bytes:
    return f"tdkt/phieu-kin/v1/{meeting_pk}/{','.join(map(str, item_ids))}".encode()


def seal_sheet(public_key_hex: str, meeting_pk: int, item_ids: list[int],
                choices: dict[int, bool]) -> bytes:
    """One byte per agenda item in `item_ids` order: every sheet of a meeting has the same
    length, whatever was chosen."""
    plaintext = b"".join(AGREE if choices[i] else DISAGREE for i in item_ids)
    public = X25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
    return SUITE.encrypt(plaintext, public, info=_context(meeting_pk, item_ids))


def open_sheet(key: X25519PrivateKey, meeting, sealed: bytes,
                item_ids: list[int]) -> dict[int, bool]:
    try:
        plaintext = SUITE.decrypt(bytes(sealed), key, info=_context(meeting.pk, item_ids))
    except (InvalidTag, ValueError) as exc:
        raise SealError("Một phiếu kín không mở được bằng khóa của phiên họp.") from exc
    if len(plaintext) != len(item_ids) or set(plaintext) - set(AGREE + DISAGREE):
        raise SealError("Một phiếu kín không khớp với chương trình họp.")
    return {item: plaintext[i:i + 1] == AGREE for i, item in enumerate(item_ids)}
