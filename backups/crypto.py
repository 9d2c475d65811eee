"""Authenticated, streamed encryption of a backup archive with a key from the environment.

AES-256-GCM from the `cryptography` package, in chunks, so a large archive never has to fit in memory
(the STREAM construction, as in Tink's streaming AEAD and age):

    header  = MAGIC (8) | VERSION (1) | salt (16) | key check (16)
    frame i = final flag (1) | plaintext length (4, big-endian) | ciphertext + GCM tag (length + 16)

Each file gets a fresh random salt, and HKDF-SHA256 derives from the key and the salt both the file's
own AES key and the key check: nonces (the frame counter) never repeat under one AES key, and a wrong
key is told apart from an altered archive before anything is decrypted. Every frame's associated
data is the whole header, its counter, its final flag and its length, so a changed byte (header
included), frames swapped, dropped or repeated, a cut at any point, and bytes added after the final
frame all fail authentication. The last frame alone carries the final flag: an archive that ends
without it was truncated.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"NTBACKUP"
VERSION = 1
SALT_BYTES = 16
CHECK_BYTES = 16
HEADER_BYTES = len(MAGIC) + 1 + SALT_BYTES + CHECK_BYTES
KEY_BYTES = 32
TAG_BYTES = 16
CHUNK_BYTES = 1024 * 1024  # plaintext per frame: memory stays about this, whatever the archive's size
FRAME_HEAD = struct.Struct(">BI")  # final flag, plaintext length
ASSOCIATED = struct.Struct(">QBI")  # counter, final flag, plaintext length
KEY_HELP = "it must be 32 random bytes in URL-safe base64 (44 characters); generate one with `manage.py backup_key`"


class KeyFormatError(ValueError):
    """The configured key is not 32 bytes of URL-safe base64."""


class NotAuthentic(Exception):
    """The encrypted archive cannot be authenticated; the message says how it failed."""


class WrongKey(NotAuthentic):
    pass


class Truncated(NotAuthentic):
    pass


class Altered(NotAuthentic):
    pass


def generate_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def parse_key(text: str) -> bytes:
    """The 32 key bytes of `text`; KeyFormatError (never quoting the key) if it is anything else."""
    try:
        key = base64.b64decode(text.strip().encode("ascii"), altchars=b"-_", validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise KeyFormatError(f"BACKUP_ENCRYPTION_KEY is not valid base64: {KEY_HELP}.") from None
    if len(key) != KEY_BYTES:
        raise KeyFormatError(f"BACKUP_ENCRYPTION_KEY decodes to {len(key)} bytes, not {KEY_BYTES}: {KEY_HELP}.")
    return key


def is_encrypted(path: os.PathLike[str] | str) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def _derive(key: bytes, salt: bytes) -> tuple[AESGCM, bytes]:
    material = HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES + CHECK_BYTES, salt=salt, info=b"notice-tracker backup v1"
    ).derive(key)
    return AESGCM(material[:KEY_BYTES]), material[KEY_BYTES:]


def _nonce(counter: int) -> bytes:
    return counter.to_bytes(12, "big")


class EncryptingWriter:
    """A write-only file object: what is written to it goes to `target` encrypted, frame by frame.

    Call `finish()` once everything is written: it writes the final frame. Without it the output
    is a truncated archive, which decryption refuses.
    """

    def __init__(self, target: BinaryIO, key: bytes, *, chunk_bytes: int = CHUNK_BYTES):
        if not 0 < chunk_bytes <= CHUNK_BYTES:
            raise ValueError(f"chunk_bytes must be between 1 and {CHUNK_BYTES}")
        salt = os.urandom(SALT_BYTES)
        self._aead, check = _derive(key, salt)
        self._header = MAGIC + bytes([VERSION]) + salt + check
        self._target = target
        self._chunk = chunk_bytes
        self._buffer = bytearray()
        self._counter = 0
        self._finished = False
        target.write(self._header)

    def write(self, data: bytes) -> int:
        if self._finished:
            raise ValueError("write to a finished EncryptingWriter")
        self._buffer += data
        # Strictly more than one chunk: what is left at the end (1 to chunk bytes) is the final frame.
        while len(self._buffer) > self._chunk:
            self._frame(bytes(self._buffer[: self._chunk]), final=False)
            del self._buffer[: self._chunk]
        return len(data)

    def flush(self) -> None:
        self._target.flush()

    def finish(self) -> None:
        if not self._finished:
            self._frame(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._finished = True
            self._target.flush()

    def _frame(self, plain: bytes, *, final: bool) -> None:
        associated = self._header + ASSOCIATED.pack(self._counter, final, len(plain))
        self._target.write(FRAME_HEAD.pack(final, len(plain)))
        self._target.write(self._aead.encrypt(_nonce(self._counter), plain, associated))
        self._counter += 1


def decrypt(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    """Decrypt `source` into `target`, frame by frame; NotAuthentic if any of it fails.

    `target` holds unauthenticated plaintext until this returns: write it somewhere private and use
    it only after it returns.
    """
    header = source.read(HEADER_BYTES)
    if len(header) < len(MAGIC) or header[: len(MAGIC)] != MAGIC:
        raise Altered("it is not an encrypted Notice Tracker backup (its first bytes are not the marker)")
    if len(header) < HEADER_BYTES:
        raise Truncated("it ends inside its header")
    if header[len(MAGIC)] != VERSION:
        raise Altered(f"it is encryption format {header[len(MAGIC)]}; this version reads format {VERSION}")
    salt = header[len(MAGIC) + 1 : len(MAGIC) + 1 + SALT_BYTES]
    aead, check = _derive(key, salt)
    if not hmac.compare_digest(check, header[-CHECK_BYTES:]):
        raise WrongKey("it was encrypted with a different key (or its header was altered)")
    counter = 0
    while True:
        head = source.read(FRAME_HEAD.size)
        if not head:
            raise Truncated(f"it ends after part {counter} without its final part")
        if len(head) < FRAME_HEAD.size:
            raise Truncated(f"it ends inside part {counter + 1}")
        final, length = FRAME_HEAD.unpack(head)
        if final not in (0, 1) or length > CHUNK_BYTES:
            raise Altered(f"part {counter + 1} has an impossible header")
        sealed = source.read(length + TAG_BYTES)
        if len(sealed) < length + TAG_BYTES:
            raise Truncated(f"it ends inside part {counter + 1}")
        associated = header + ASSOCIATED.pack(counter, final, length)
        try:
            plain = aead.decrypt(_nonce(counter), sealed, associated)
        except InvalidTag:
            raise Altered(f"part {counter + 1} fails authentication: it was altered, moved or replaced") from None
        target.write(plain)
        counter += 1
        if final:
            break
    if source.read(1):
        raise Altered("it has data after its final part")
    target.flush()
