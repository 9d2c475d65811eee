"""The backup cipher on its own: every changed byte, every cut, frames moved, dropped or added, and
the wrong key are refused; memory stays about one chunk whatever the size."""

import io
import os
import tracemalloc

import pytest

from backups import crypto

KEY = crypto.parse_key(crypto.generate_key())
CHUNK = 8  # tiny frames, so a few bytes make several of them


def encrypted(plain: bytes, *, key: bytes = KEY, chunk: int = CHUNK, writes: int = 3) -> bytes:
    out = io.BytesIO()
    writer = crypto.EncryptingWriter(out, key, chunk_bytes=chunk)
    for start in range(0, len(plain), writes):  # in small pieces, as gzip writes
        writer.write(plain[start : start + writes])
    writer.finish()
    return out.getvalue()


def decrypted(sealed: bytes, *, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    crypto.decrypt(io.BytesIO(sealed), out, key)
    return out.getvalue()


def frames(sealed: bytes) -> tuple[bytes, list[bytes]]:
    header, rest, parts = sealed[: crypto.HEADER_BYTES], sealed[crypto.HEADER_BYTES :], []
    while rest:
        _, length = crypto.FRAME_HEAD.unpack(rest[: crypto.FRAME_HEAD.size])
        size = crypto.FRAME_HEAD.size + length + crypto.TAG_BYTES
        parts.append(rest[:size])
        rest = rest[size:]
    return header, parts


PLAIN = b"TOTP secret 3132333435363738393031323334353637383930, recovery codes"  # 65 bytes: 9 frames


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5])
def test_a_round_trip_gives_back_every_byte_whatever_the_length(size):
    plain = os.urandom(size)
    sealed = encrypted(plain)
    assert decrypted(sealed) == plain
    assert sealed.startswith(crypto.MAGIC)


def test_the_same_archive_encrypted_twice_shares_nothing_but_the_marker():
    first, second = encrypted(PLAIN), encrypted(PLAIN)
    assert first[: len(crypto.MAGIC) + 1] == second[: len(crypto.MAGIC) + 1]
    assert first[crypto.HEADER_BYTES :] != second[crypto.HEADER_BYTES :]
    assert PLAIN[:10] not in first


def test_every_changed_byte_is_refused():
    sealed = encrypted(PLAIN)
    for position in range(len(sealed)):
        altered = bytearray(sealed)
        altered[position] ^= 0x01
        with pytest.raises(crypto.NotAuthentic):
            decrypted(bytes(altered))


def test_every_cut_is_refused_as_truncated():
    sealed = encrypted(PLAIN)
    header, parts = frames(sealed)
    assert len(parts) == 9
    for length in range(len(crypto.MAGIC), len(sealed)):
        with pytest.raises(crypto.Truncated):
            decrypted(sealed[:length])
    # Cut exactly between two frames: every frame left is intact, but the final one is missing.
    with pytest.raises(crypto.Truncated, match="without its final part"):
        decrypted(header + b"".join(parts[:5]))


@pytest.mark.parametrize(
    "rearrange",
    [
        pytest.param(lambda p: [p[1], p[0], *p[2:]], id="two frames swapped"),
        pytest.param(lambda p: [p[0], *p[2:]], id="a frame dropped"),
        pytest.param(lambda p: [p[0], p[0], *p[1:]], id="a frame repeated"),
        pytest.param(lambda p: [*p[:-2], p[-1], p[-2]], id="the final frame moved"),
        pytest.param(lambda p: [*p, p[-1]], id="the final frame repeated"),
    ],
)
def test_frames_moved_dropped_or_repeated_are_refused(rearrange):
    header, parts = frames(encrypted(PLAIN))
    with pytest.raises(crypto.Altered):
        decrypted(header + b"".join(rearrange(parts)))


def test_bytes_after_the_final_frame_are_refused():
    with pytest.raises(crypto.Altered, match="after its final part"):
        decrypted(encrypted(PLAIN) + b"\x00")


def test_a_frame_from_another_archive_with_the_same_key_is_refused():
    header, parts = frames(encrypted(PLAIN))
    _, others = frames(encrypted(PLAIN))
    with pytest.raises(crypto.Altered):
        decrypted(header + b"".join([parts[0], others[1], *parts[2:]]))


def test_the_wrong_key_is_told_apart_from_an_altered_archive():
    sealed = encrypted(PLAIN)
    with pytest.raises(crypto.WrongKey):
        decrypted(sealed, key=crypto.parse_key(crypto.generate_key()))


def test_a_plain_file_is_not_taken_for_an_encrypted_one():
    with pytest.raises(crypto.Altered, match="not an encrypted Notice Tracker backup"):
        decrypted(b"\x1f\x8b\x08\x00 a gzip file")


def test_keys_are_32_bytes_of_urlsafe_base64_and_anything_else_is_refused_without_quoting_it():
    generated = crypto.generate_key()
    assert len(generated) == 44 and crypto.parse_key(f" {generated}\n") == crypto.parse_key(generated)
    assert len(crypto.parse_key(generated)) == 32 and generated != crypto.generate_key()
    for bad in ["", "secret", "not base64 at all!", generated[:-4], generated + "AAAA", generated[:43]]:
        with pytest.raises(crypto.KeyFormatError, match="manage.py backup_key") as refused:
            crypto.parse_key(bad)
        assert not bad or bad not in str(refused.value)


def test_memory_stays_about_one_chunk_however_large_the_archive(tmp_path):
    size = 12 * crypto.CHUNK_BYTES
    block = os.urandom(64 * 1024)
    tracemalloc.start()
    try:
        with (tmp_path / "sealed").open("wb") as target:
            writer = crypto.EncryptingWriter(target, KEY)
            for _ in range(size // len(block)):
                writer.write(block)
            writer.finish()
        with (tmp_path / "sealed").open("rb") as source, (tmp_path / "plain").open("wb") as target:
            crypto.decrypt(source, target, KEY)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (tmp_path / "plain").stat().st_size == size
    assert peak < 4 * crypto.CHUNK_BYTES, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.0f} MB archive"
