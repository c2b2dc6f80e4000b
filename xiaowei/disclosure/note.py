"""Signed notes, checkpoints and witness cosignatures for the transparency log (C2SP, Ed25519 only).

* c2sp.org/signed-note: a note is UTF-8 text ending in a newline, a blank line, then signature lines
  "— <key name> base64(4-byte key ID || signature)\\n" (U+2014 em dash). Ed25519 signatures (signature
  type 0x01) sign the note text; key ID = SHA-256(name || 0x0A || type || public key)[:4].
  Key texts use the golang.org/x/mod/sumdb/note formats: verifier "name+keyid+base64(type || key)",
  signer "PRIVATE+KEY+name+keyid+base64(type || seed)", key ID as 8 hex digits.
* c2sp.org/tlog-checkpoint: the note text is "origin\\nsize\\nbase64(root)\\n" (+ optional extension lines).
* c2sp.org/tlog-cosignature (cosignature/v1, Ed25519, signature type 0x04): a witness signs
  "cosignature/v1\\ntime <T>\\n" + the checkpoint text; the signature is base64(key ID || u64 big-endian T
  || Ed25519 signature), with the key ID computed over type byte 0x04.

Everything malformed raises ValueError (NoteError); nothing is silently accepted.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from collections.abc import Iterable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519 = 0x01  # signed-note: Ed25519 over the note text
COSIGNATURE_V1 = 0x04  # tlog-cosignature: timestamped Ed25519 witness cosignature

SIGNATURE_PREFIX = "\u2014 "  # em dash, space
MAX_SIGNATURES = 100  # the spec asks for a limit of at least 16; Go's note package uses 100
MAX_TIMESTAMP = 2**63 - 1  # tlog-cosignature: "It MUST NOT exceed 2^63 - 1"

_KEY_ID_RE = re.compile(r"[0-9a-fA-F]{8}")
_SIZE_RE = re.compile(r"0|[1-9][0-9]*")


class NoteError(ValueError):
    """A malformed key, note, checkpoint or signature."""


class InvalidSignatureError(NoteError):
    """A signature from a known key did not verify: the whole note must be rejected."""


class UnverifiedNoteError(NoteError):
    """No signature from a known key: the note must be rejected."""


# --- Helpers -----------------------------------------------------------------------------------------


def _b64decode(text: str, what: str) -> bytes:
    """Strict standard base64 (RFC 4648 §4): padded, no stray characters, canonical trailing bits."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise NoteError(f"{what} is not valid base64") from None
    if base64.b64encode(raw).decode() != text:
        raise NoteError(f"{what} is not canonical base64")
    return raw


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _check_name(name: str) -> None:
    """signed-note: key names are non-empty, without Unicode spaces or '+'."""
    if not isinstance(name, str) or not name:
        raise NoteError("key name must be a non-empty string")
    if "+" in name or any(c.isspace() or ord(c) < 0x20 for c in name):
        raise NoteError(f"key name {name!r} must not contain spaces, '+' or control characters")
    _check_utf8(name, "key name")


def _check_utf8(text: str, what: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise NoteError(f"{what} is not valid UTF-8 (lone surrogate)") from None


def _check_text(text: str) -> None:
    """signed-note: valid UTF-8, no ASCII control characters other than newline, ends in a newline."""
    if not isinstance(text, str):
        raise NoteError(f"note text must be a str, not {type(text).__name__}")
    if not text.endswith("\n"):
        raise NoteError("note text must end with a newline")
    _check_no_controls(text, "note text")


def _check_no_controls(text: str, what: str) -> None:
    _check_utf8(text, what)
    for c in text:
        if ord(c) < 0x20 and c != "\n":
            raise NoteError(f"{what} contains the control character U+{ord(c):04X}")


def key_id(name: str, key_type: int, public_key: bytes) -> int:
    """signed-note: SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian."""
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([key_type]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


def _key_type(key_type: int) -> int:
    if key_type not in (ED25519, COSIGNATURE_V1):
        raise NoteError(
            f"unsupported key type 0x{key_type:02x} (supported: 0x01 Ed25519, 0x04 cosignature/v1)"
        )
    return key_type


def _parse_key_id(text: str) -> int:
    if not _KEY_ID_RE.fullmatch(text):
        raise NoteError(f"key ID {text!r} must be 8 hex digits")
    return int(text, 16)


# --- Keys --------------------------------------------------------------------------------------------


class Verifier:
    """A public key that checks one kind of note signature: Ed25519 (0x01) or cosignature/v1 (0x04)."""

    def __init__(self, name: str, public_key: bytes, key_type: int = ED25519) -> None:
        _check_name(name)
        if len(public_key) != 32:
            raise NoteError(f"Ed25519 public key must be 32 bytes, got {len(public_key)}")
        self.name = name
        self.key_type = _key_type(key_type)
        self.public_key = bytes(public_key)
        self.key_id = key_id(name, key_type, self.public_key)
        self._key = Ed25519PublicKey.from_public_bytes(self.public_key)

    @classmethod
    def from_text(cls, text: str) -> Verifier:
        """Parse "name+keyid+base64(type || public key)" and check the key ID matches."""
        if not isinstance(text, str):
            raise NoteError("verifier key must be a str")
        parts = text.split("+", 2)
        if len(parts) != 3:
            raise NoteError("verifier key must look like name+keyid+base64key")
        name, id_text, key_text = parts
        _check_name(name)
        declared = _parse_key_id(id_text)
        raw = _b64decode(key_text, "verifier key")
        if not raw:
            raise NoteError("verifier key has no key material")
        verifier = cls(name, raw[1:], _key_type(raw[0]))
        if verifier.key_id != declared:
            raise NoteError(f"verifier key ID {id_text} does not match its name and key")
        return verifier

    def to_text(self) -> str:
        return f"{self.name}+{self.key_id:08x}+{_b64(bytes([self.key_type]) + self.public_key)}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        """The raw Ed25519 check (no note framing)."""
        try:
            self._key.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    def verify_note_signature(self, text: str, signature: bytes) -> bool:
        """Check a note signature (key ID already stripped) over `text`, according to the key type."""
        if self.key_type == ED25519:
            return len(signature) == 64 and self.verify(text.encode("utf-8"), signature)
        if len(signature) != 8 + 64:
            return False
        (timestamp,) = struct.unpack(">Q", signature[:8])
        if timestamp > MAX_TIMESTAMP:
            return False
        return self.verify(cosignature_message(text, timestamp), signature[8:])

    def __repr__(self) -> str:
        return f"Verifier({self.to_text()!r})"


class Signer:
    """A private Ed25519 key with its name; key_type 0x01 signs notes, 0x04 marks a witness key."""

    def __init__(self, name: str, seed: bytes, key_type: int = ED25519) -> None:
        _check_name(name)
        if len(seed) != 32:
            raise NoteError(f"Ed25519 private key seed must be 32 bytes, got {len(seed)}")
        self.name = name
        self.key_type = _key_type(key_type)
        self._key = Ed25519PrivateKey.from_private_bytes(bytes(seed))
        self.public_key = self._key.public_key().public_bytes_raw()
        self.key_id = key_id(name, key_type, self.public_key)

    @classmethod
    def generate(cls, name: str, key_type: int = ED25519) -> Signer:
        return cls(name, Ed25519PrivateKey.generate().private_bytes_raw(), key_type)

    @classmethod
    def from_text(cls, text: str) -> Signer:
        """Parse "PRIVATE+KEY+name+keyid+base64(type || seed)" and check the key ID matches."""
        if not isinstance(text, str):
            raise NoteError("signer key must be a str")
        parts = text.split("+", 4)
        if len(parts) != 5 or parts[0] != "PRIVATE" or parts[1] != "KEY":
            raise NoteError("signer key must look like PRIVATE+KEY+name+keyid+base64key")
        _, _, name, id_text, key_text = parts
        _check_name(name)
        declared = _parse_key_id(id_text)
        raw = _b64decode(key_text, "signer key")
        if not raw:
            raise NoteError("signer key has no key material")
        signer = cls(name, raw[1:], _key_type(raw[0]))
        if signer.key_id != declared:
            raise NoteError(f"signer key ID {id_text} does not match its name and key")
        return signer

    def to_text(self) -> str:
        seed = self._key.private_bytes_raw()
        return f"PRIVATE+KEY+{self.name}+{self.key_id:08x}+{_b64(bytes([self.key_type]) + seed)}"

    def verifier(self) -> Verifier:
        return Verifier(self.name, self.public_key, self.key_type)

    def verifier_text(self) -> str:
        return self.verifier().to_text()

    def cosignature_verifier(self) -> Verifier:
        """The verifier of this key's cosignatures (type 0x04), whatever type the key text declared."""
        return Verifier(self.name, self.public_key, COSIGNATURE_V1)

    def sign(self, message: bytes) -> bytes:
        """The raw Ed25519 signature (no note framing)."""
        return self._key.sign(message)

    def __repr__(self) -> str:
        return f"Signer(name={self.name!r}, key_id={self.key_id:08x}, key_type=0x{self.key_type:02x})"


def generate_signer(name: str, *, witness: bool = False) -> tuple[str, str]:
    """A new key pair as (signer key text, verifier key text); `witness` makes a cosignature/v1 key."""
    signer = Signer.generate(name, COSIGNATURE_V1 if witness else ED25519)
    return signer.to_text(), signer.verifier_text()


# --- Signed notes ------------------------------------------------------------------------------------


def _signature_line(name: str, key: int, signature: bytes) -> str:
    return f"{SIGNATURE_PREFIX}{name} {_b64(key.to_bytes(4, 'big') + signature)}\n"


def sign_note(text: str, signer: Signer) -> str:
    """The note `text` signed by `signer` (Ed25519, type 0x01): text, blank line, one signature line."""
    _check_text(text)
    if signer.key_type != ED25519:
        raise NoteError("a witness (cosignature/v1) key signs checkpoints with cosign(), not sign_note()")
    return text + "\n" + _signature_line(signer.name, signer.key_id, signer.sign(text.encode("utf-8")))


def split_note(note: str) -> tuple[str, list[tuple[str, int, bytes]]]:
    """Parse a signed note without verifying it: (text, [(key name, key ID, signature), ...]).

    The text runs up to the last blank line (including its final newline); every following line must
    be a well-formed signature line.
    """
    if not isinstance(note, str):
        raise NoteError(f"note must be a str, not {type(note).__name__}")
    _check_no_controls(note, "note")
    split = note.rfind("\n\n")
    if split < 0:
        raise NoteError("note has no blank line before its signatures")
    text, block = note[: split + 1], note[split + 2 :]
    if not block:
        raise NoteError("note has no signatures")
    if not block.endswith("\n"):
        raise NoteError("note's last signature line does not end with a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError(f"note has more than {MAX_SIGNATURES} signatures")
    return text, [_parse_signature_line(line) for line in lines]


def _parse_signature_line(line: str) -> tuple[str, int, bytes]:
    if not line.startswith(SIGNATURE_PREFIX):
        raise NoteError(f"signature line must start with an em dash and a space: {line[:40]!r}")
    name, sep, sig_text = line[len(SIGNATURE_PREFIX) :].partition(" ")
    if not sep:
        raise NoteError("signature line must be '— name signature'")
    _check_name(name)
    raw = _b64decode(sig_text, f"signature by {name}")
    if len(raw) < 5:
        raise NoteError(f"signature by {name} is too short")
    return name, int.from_bytes(raw[:4], "big"), raw[4:]


def _index_verifiers(verifiers: Iterable[Verifier]) -> dict[tuple[str, int], Verifier]:
    known: dict[tuple[str, int], Verifier] = {}
    for v in verifiers:
        if not isinstance(v, Verifier):
            raise TypeError(f"expected Verifier objects, got {type(v).__name__}")
        other = known.setdefault((v.name, v.key_id), v)
        if (other.public_key, other.key_type) != (v.public_key, v.key_type):
            raise NoteError(f"two different verifier keys share name and key ID {v.name}+{v.key_id:08x}")
    return known


def open_note(note: str, verifiers: Iterable[Verifier]) -> tuple[str, list[str]]:
    """Verify a signed note: (text, names of the known keys whose signatures verified, in note order).

    Signatures from unknown keys (name and key ID not both matching a verifier) are ignored, as the spec
    requires. A known key's signature that fails to verify raises InvalidSignatureError; a note with no
    verified signature raises UnverifiedNoteError.
    """
    known = _index_verifiers(verifiers)
    text, signatures = split_note(note)
    names: list[str] = []
    for name, key, signature in signatures:
        verifier = known.get((name, key))
        if verifier is None:
            continue
        if not verifier.verify_note_signature(text, signature):
            raise InvalidSignatureError(f"invalid signature for key {name}+{key:08x}")
        if name not in names:
            names.append(name)
    if not names:
        raise UnverifiedNoteError("note has no valid signature from a known key")
    return text, names


# --- Checkpoints (c2sp.org/tlog-checkpoint) ----------------------------------------------------------


def checkpoint_body(origin: str, size: int, root: bytes) -> str:
    """The checkpoint note text: origin, tree size in decimal, base64 root hash, each on its own line."""
    if not isinstance(origin, str) or not origin:
        raise NoteError("checkpoint origin must be a non-empty string")
    if "\n" in origin:
        raise NoteError("checkpoint origin must be a single line")
    _check_no_controls(origin, "checkpoint origin")
    if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size < 2**64:
        raise NoteError(f"checkpoint size must be an int in [0, 2^64), got {size!r}")
    if not isinstance(root, bytes) or len(root) != 32:
        raise NoteError("checkpoint root hash must be 32 bytes")
    return f"{origin}\n{size}\n{_b64(root)}\n"


def parse_checkpoint(text: str, *, allow_extensions: bool = False) -> tuple[str, int, bytes]:
    """(origin, size, root) from a checkpoint note text (the text open_note returns, not the note).

    Extension lines are opaque to us and NOT RECOMMENDED by the spec; our log never writes them, so they
    are refused unless `allow_extensions` (they must still be non-empty).
    """
    _check_text(text)
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise NoteError("checkpoint must have an origin, a size and a root hash line")
    origin, size_text, root_text, *extensions = lines
    if not origin:
        raise NoteError("checkpoint origin must not be empty")
    if not _SIZE_RE.fullmatch(size_text):
        raise NoteError(f"checkpoint size {size_text[:30]!r} is not a decimal number without leading zeroes")
    size = int(size_text)
    if size >= 2**64:
        raise NoteError("checkpoint size does not fit in 64 bits")
    root = _b64decode(root_text, "checkpoint root hash")
    if len(root) != 32:
        raise NoteError(f"checkpoint root hash must be 32 bytes, got {len(root)}")
    if extensions and not allow_extensions:
        raise NoteError("checkpoint has extension lines")
    if any(not line for line in extensions):
        raise NoteError("checkpoint extension lines must not be empty")
    return origin, size, root


# --- Witness cosignatures (c2sp.org/tlog-cosignature, cosignature/v1) --------------------------------


def cosignature_message(checkpoint_text: str, timestamp: int) -> bytes:
    """The bytes a cosignature/v1 Ed25519 signature covers: two header lines, then the checkpoint text."""
    return f"cosignature/v1\ntime {timestamp}\n{checkpoint_text}".encode()


def _checkpoint_text(checkpoint_note: str) -> str:
    """The checkpoint text of a signed checkpoint note, or of a bare checkpoint text.

    Checkpoint lines are never empty, so a blank line can only be the one before the signatures.
    """
    text = split_note(checkpoint_note)[0] if "\n\n" in checkpoint_note else checkpoint_note
    parse_checkpoint(text, allow_extensions=True)
    return text


def _check_timestamp(timestamp: int) -> None:
    if not isinstance(timestamp, int) or isinstance(timestamp, bool) or not 0 <= timestamp <= MAX_TIMESTAMP:
        raise NoteError(f"cosignature timestamp must be an int in [0, 2^63 - 1], got {timestamp!r}")


def cosign(checkpoint_note: str, witness_signer: Signer, timestamp: int) -> str:
    """The cosignature/v1 signature line (ending in a newline) a witness appends to a checkpoint.

    `checkpoint_note` is the signed checkpoint (or its bare text); only the text is signed, never the
    existing signature lines. The key ID always uses type 0x04, whether the key text declared 0x01
    (a plain note key reused for cosigning, as transparency-dev allows) or 0x04.
    """
    _check_timestamp(timestamp)
    text = _checkpoint_text(checkpoint_note)
    signature = witness_signer.sign(cosignature_message(text, timestamp))
    key = key_id(witness_signer.name, COSIGNATURE_V1, witness_signer.public_key)
    return _signature_line(witness_signer.name, key, struct.pack(">Q", timestamp) + signature)


def verify_cosignature(checkpoint_note: str, line: str, witness: Verifier) -> int:
    """Check one cosignature line against the checkpoint; returns its timestamp, raises if it is bad.

    `witness` must be a cosignature/v1 (type 0x04) verifier; the line's name and key ID must match it.
    """
    if witness.key_type != COSIGNATURE_V1:
        raise NoteError("witness verifier key must have type 0x04 (cosignature/v1)")
    text = _checkpoint_text(checkpoint_note)
    if line.endswith("\n"):
        line = line[:-1]
    if "\n" in line:
        raise NoteError("a cosignature is a single line")
    _check_no_controls(line, "cosignature line")
    name, key, signature = _parse_signature_line(line)
    if (name, key) != (witness.name, witness.key_id):
        raise NoteError(f"cosignature is by {name}+{key:08x}, not by {witness.name}+{witness.key_id:08x}")
    if len(signature) != 8 + 64:
        raise NoteError(
            "cosignature/v1 signature must be an 8-byte timestamp and a 64-byte Ed25519 signature"
        )
    (timestamp,) = struct.unpack(">Q", signature[:8])
    if timestamp > MAX_TIMESTAMP:
        raise NoteError("cosignature timestamp exceeds 2^63 - 1")
    if not witness.verify(cosignature_message(text, timestamp), signature[8:]):
        raise InvalidSignatureError(f"invalid cosignature by {name}+{key:08x}")
    return timestamp
