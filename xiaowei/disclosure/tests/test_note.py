"""note.py: signed notes, checkpoints and cosignatures, with published vectors where they exist."""

from __future__ import annotations

import base64
import hashlib

import pytest

from xiaowei.disclosure import note

# --- Published vectors -------------------------------------------------------------------------------
# golang.org/x/mod (github.com/golang/mod) sumdb/note/note_test.go: TestNewSigner, TestSign, TestOpen.
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
)
PETER_B64 = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
PETER_SIG = f"— PeterNeumann {PETER_B64}\n"
ENOCH_B64 = "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ="
ENOCH_SIG = f"— EnochRoot {ENOCH_B64}\n"
# github.com/transparency-dev/formats note/note_cosigv1_test.go (TestCoSigV1NewVerifier): a native
# cosignature/v1 (type 0x04) verifier key, and a plain Ed25519 one.
REMORA_WITNESS_VKEY = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"
TEST_VKEY = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6"
# c2sp.org/tlog-checkpoint and c2sp.org/tlog-cosignature (C2SP/C2SP tlog-cosignature.md): the example.
C2SP_CHECKPOINT = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
C2SP_COSIG_B64 = (
    "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA=="
)

ROOT = hashlib.sha256(b"root").digest()


def test_go_signer_and_verifier_keys() -> None:
    signer = note.Signer.from_text(PETER_SKEY)
    assert signer.name == "PeterNeumann"
    assert signer.key_id == 0xC74F20A3
    assert signer.verifier_text() == PETER_VKEY
    assert signer.to_text() == PETER_SKEY
    verifier = note.Verifier.from_text(PETER_VKEY)
    assert (verifier.name, verifier.key_id, verifier.key_type) == ("PeterNeumann", 0xC74F20A3, note.ED25519)
    assert verifier.to_text() == PETER_VKEY
    # The key ID is SHA-256(name || "\n" || 0x01 || public key)[:4], as signed-note says.
    digest = hashlib.sha256(b"PeterNeumann\n\x01" + verifier.public_key).digest()
    assert digest[:4].hex() == "c74f20a3"


def test_go_sign_vector() -> None:
    signed = note.sign_note(GO_TEXT, note.Signer.from_text(PETER_SKEY))
    assert signed == GO_TEXT + "\n" + PETER_SIG


def test_go_open_vectors() -> None:
    peter, enoch = note.Verifier.from_text(PETER_VKEY), note.Verifier.from_text(ENOCH_VKEY)
    msg = GO_TEXT + "\n" + PETER_SIG + ENOCH_SIG
    assert note.open_note(msg, [peter]) == (GO_TEXT, ["PeterNeumann"])  # Enoch's is unknown: ignored
    assert note.open_note(msg, [peter, enoch]) == (GO_TEXT, ["PeterNeumann", "EnochRoot"])
    assert note.open_note(GO_TEXT + "\n" + PETER_SIG + PETER_SIG, [peter]) == (GO_TEXT, ["PeterNeumann"])
    with pytest.raises(note.UnverifiedNoteError):
        note.open_note(msg, [])
    # Invalid signature from a known key (TestOpen splices "ABCD" into the base64).
    bad = GO_TEXT + "\n" + PETER_SIG[:60] + "ABCD" + PETER_SIG[60:]
    with pytest.raises(note.InvalidSignatureError, match="PeterNeumann"):
        note.open_note(bad, [peter])
    # Malformed notes (TestOpen's badMsgs).
    for malformed in [
        GO_TEXT,
        GO_TEXT + "\n",
        GO_TEXT + "\n" + PETER_SIG[:-1],
        "\x01" + GO_TEXT + "\n" + PETER_SIG,
        GO_TEXT + "\n" + f"— Bad Name {PETER_B64}",
        GO_TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        GO_TEXT + "\n" + PETER_SIG * 101,
    ]:
        with pytest.raises(note.NoteError):
            note.open_note(malformed, [peter])


def test_go_key_manglings_are_rejected() -> None:
    # As TestNewVerifier / TestNewSigner: every proper substring and every single-byte change fails.
    for key, parse in ((PETER_VKEY, note.Verifier.from_text), (PETER_SKEY, note.Signer.from_text)):
        for i in range(len(key)):
            for j in range(i + 1, len(key) + 1):
                if (i, j) != (0, len(key)):
                    with pytest.raises(ValueError):
                        parse(key[i:j])
            mangled = key[:i] + chr(ord(key[i]) + 1) + key[i + 1 :]
            with pytest.raises(ValueError):
                parse(mangled)
    with pytest.raises(ValueError):  # wrong key length, adjusted key hash
        note.Verifier.from_text("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
    with pytest.raises(ValueError, match="unsupported key type"):  # unknown algorithm, adjusted key hash
        note.Verifier.from_text("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")


def test_transparency_dev_verifier_keys() -> None:
    witness = note.Verifier.from_text(REMORA_WITNESS_VKEY)
    assert witness.key_type == note.COSIGNATURE_V1
    # For type 0x04 the key ID hashes 0x04, not 0x01 (tlog-cosignature).
    digest = hashlib.sha256(b"remora.n621.de\n\x04" + witness.public_key).digest()
    assert digest[:4].hex() == "da77ade7" == f"{witness.key_id:08x}"
    assert witness.to_text() == REMORA_WITNESS_VKEY
    assert note.Verifier.from_text(TEST_VKEY).key_type == note.ED25519
    for bad in [
        "bananas.sigstore.dev+12344556",
        "rekor.sigstore.dev+12345678+THIS_IS_NOT_BASE64!",
        "rekor.sigstore.dev+12345678+AwEB",
        "TEST+NOT_A_NUMBER+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6",
        "TEST+00000000+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6",
    ]:
        with pytest.raises(ValueError):
            note.Verifier.from_text(bad)


def test_c2sp_example_cosignature_layout() -> None:
    # The spec's example line: key ID, then the u64 big-endian timestamp its message example shows
    # ("time 1679315147"), then a 64-byte Ed25519 signature. (The spec gives no witness public key.)
    raw = base64.b64decode(C2SP_COSIG_B64)
    assert len(raw) == 4 + 8 + 64
    assert int.from_bytes(raw[4:12], "big") == 1679315147
    assert note.parse_checkpoint(C2SP_CHECKPOINT) == (
        "example.com/behind-the-sofa",
        20852163,
        base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="),
    )
    assert note.cosignature_message(C2SP_CHECKPOINT, 1679315147) == (
        b"cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
        b"CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    )


# --- Round trips -------------------------------------------------------------------------------------


def test_generate_sign_open_round_trip() -> None:
    skey, vkey = note.generate_signer("xiaowei.example/log")
    assert skey.startswith("PRIVATE+KEY+xiaowei.example/log+")
    signer, verifier = note.Signer.from_text(skey), note.Verifier.from_text(vkey)
    assert signer.verifier_text() == vkey
    text = "第一行\n\nline after an empty line\n"
    signed = note.sign_note(text, signer)
    assert signed.startswith(text + "\n— xiaowei.example/log ")
    assert note.open_note(signed, [verifier]) == (text, ["xiaowei.example/log"])


def test_modified_text_fails() -> None:
    signer = note.Signer.from_text(note.generate_signer("log.example")[0])
    signed = note.sign_note("log.example\n1\n" + base64.b64encode(ROOT).decode() + "\n", signer)
    tampered = signed.replace("\n1\n", "\n2\n", 1)
    with pytest.raises(note.InvalidSignatureError):
        note.open_note(tampered, [signer.verifier()])


def test_unknown_keys_are_ignored() -> None:
    log, other = note.Signer.generate("log.example"), note.Signer.generate("other.example")
    same_name = note.Signer.generate("log.example")  # same name, different key (so different key ID)
    text = "hello\n"
    signed = note.sign_note(text, log)
    extra = "".join(note.sign_note(text, s).split("\n\n", 1)[1] for s in (other, same_name))
    assert note.open_note(signed + extra, [log.verifier()]) == (text, ["log.example"])
    with pytest.raises(note.UnverifiedNoteError):
        note.open_note(note.sign_note(text, other), [log.verifier()])


def test_sign_rejects_bad_text_and_keys() -> None:
    signer = note.Signer.generate("log.example")
    for bad in ["no newline", "tab\there\n", "cr\r\n", "\ud800\n"]:
        with pytest.raises(ValueError):
            note.sign_note(bad, signer)
    with pytest.raises(ValueError, match="cosign"):
        note.sign_note("x\n", note.Signer.generate("w.example", note.COSIGNATURE_V1))
    for name in ["", "a b", "a+b", "a\u3000b", "a\nb"]:
        with pytest.raises(ValueError):
            note.generate_signer(name)
    # Two configured keys colliding on name and key ID (simulated: finding one takes ~2^32 tries).
    v, colliding = signer.verifier(), note.Signer.generate("log.example").verifier()
    colliding.key_id = v.key_id
    with pytest.raises(ValueError, match="share name and key ID"):
        note.open_note(note.sign_note("x\n", signer), [v, colliding])


# --- Checkpoints -------------------------------------------------------------------------------------


def test_checkpoint_round_trip() -> None:
    body = note.checkpoint_body("xiaowei.example/log", 12, ROOT)
    assert body == f"xiaowei.example/log\n12\n{base64.b64encode(ROOT).decode()}\n"
    assert note.parse_checkpoint(body) == ("xiaowei.example/log", 12, ROOT)
    empty = note.checkpoint_body("o", 0, hashlib.sha256().digest())
    assert note.parse_checkpoint(empty)[1] == 0


def test_checkpoint_validation() -> None:
    root64 = base64.b64encode(ROOT).decode()
    for bad in [
        f"o\n12\n{root64}",  # no final newline
        "o\n12\n",  # no root line
        f"\n12\n{root64}\n",  # empty origin
        f"o\n012\n{root64}\n",  # leading zero
        f"o\n-1\n{root64}\n",
        f"o\n+1\n{root64}\n",
        f"o\n1_0\n{root64}\n",
        f"o\n{2**64}\n{root64}\n",
        f"o\n12\n{root64[:-1]}\n",  # bad base64
        f"o\n12\n{base64.b64encode(ROOT[:31]).decode()}\n",  # 31-byte root
        f"o\n12\n{root64}\nextension\n",  # extension lines: refused unless asked for
        f"o\n12\n{root64}\n\n",
        f"o\r\n12\n{root64}\n",
    ]:
        with pytest.raises(ValueError):
            note.parse_checkpoint(bad)
    assert note.parse_checkpoint(f"o\n12\n{root64}\nextension\n", allow_extensions=True) == ("o", 12, ROOT)
    with pytest.raises(ValueError):
        note.parse_checkpoint(f"o\n12\n{root64}\n\nx\n", allow_extensions=True)
    for args in [("", 1, ROOT), ("a\nb", 1, ROOT), ("o", -1, ROOT), ("o", 1, ROOT[:31]), ("o", True, ROOT)]:
        with pytest.raises(ValueError):
            note.checkpoint_body(*args)


# --- Cosignatures ------------------------------------------------------------------------------------


def signed_checkpoint() -> tuple[str, note.Signer]:
    log = note.Signer.generate("xiaowei.example/log")
    return note.sign_note(note.checkpoint_body("xiaowei.example/log", 5, ROOT), log), log


def test_cosignature_round_trip() -> None:
    checkpoint, log = signed_checkpoint()
    wkey, wvkey = note.generate_signer("witness.example/w1", witness=True)
    witness = note.Signer.from_text(wkey)
    wverifier = note.Verifier.from_text(wvkey)
    assert wverifier.key_type == note.COSIGNATURE_V1
    line = note.cosign(checkpoint, witness, 1_700_000_000)
    assert line.startswith("— witness.example/w1 ") and line.endswith("\n")
    raw = base64.b64decode(line.split(" ")[2])
    assert int.from_bytes(raw[:4], "big") == wverifier.key_id
    assert int.from_bytes(raw[4:12], "big") == 1_700_000_000
    assert len(raw) == 4 + 8 + 64
    # The signature covers "cosignature/v1\ntime T\n" + the checkpoint text (not the log's signature).
    text = checkpoint.split("\n\n")[0] + "\n"
    assert wverifier.verify(note.cosignature_message(text, 1_700_000_000), raw[12:])
    assert note.verify_cosignature(checkpoint, line, wverifier) == 1_700_000_000
    assert note.verify_cosignature(text, line.rstrip("\n"), wverifier) == 1_700_000_000
    assert note.cosign(text, witness, 1_700_000_000) == line  # Ed25519 is deterministic
    # Appended to the note, open_note checks it alongside the log's signature.
    cosigned = checkpoint + line
    assert note.open_note(cosigned, [log.verifier(), wverifier]) == (text, [log.name, witness.name])
    assert note.open_note(cosigned, [log.verifier()]) == (text, [log.name])


def test_cosignature_failures() -> None:
    checkpoint, log = signed_checkpoint()
    witness = note.Signer.generate("witness.example/w1", note.COSIGNATURE_V1)
    wverifier = witness.verifier()
    line = note.cosign(checkpoint, witness, 1_700_000_000)
    other_checkpoint = note.sign_note(note.checkpoint_body("xiaowei.example/log", 6, ROOT), log)
    with pytest.raises(note.InvalidSignatureError):
        note.verify_cosignature(other_checkpoint, line, wverifier)
    with pytest.raises(note.InvalidSignatureError):
        note.open_note(other_checkpoint + line, [log.verifier(), wverifier])
    # A changed timestamp invalidates the signature.
    raw = bytearray(base64.b64decode(line.split(" ")[2]))
    raw[11] ^= 1
    retimed = f"— witness.example/w1 {base64.b64encode(bytes(raw)).decode()}\n"
    with pytest.raises(note.InvalidSignatureError):
        note.verify_cosignature(checkpoint, retimed, wverifier)
    # The wrong witness, or a plain (type 0x01) key for the same public key, does not match the line.
    with pytest.raises(ValueError, match="not by"):
        note.verify_cosignature(checkpoint, line, note.Signer.generate("w2", note.COSIGNATURE_V1).verifier())
    with pytest.raises(ValueError, match="0x04"):
        note.verify_cosignature(checkpoint, line, note.Verifier(witness.name, witness.public_key))
    with pytest.raises(note.UnverifiedNoteError):  # the line is not from a known key: ignored
        note.open_note(checkpoint + line, [note.Verifier(witness.name, witness.public_key)])
    for bad_time in [-1, 2**63, True, 1.5]:
        with pytest.raises(ValueError):
            note.cosign(checkpoint, witness, bad_time)  # type: ignore[arg-type]  # a float, on purpose
    with pytest.raises(ValueError):  # not a checkpoint
        note.cosign("just text\n\n— x AAAAAAA=\n", witness, 1)


def test_plain_key_can_cosign_with_type_04_key_id() -> None:
    # transparency-dev's NewSignerForCosignatureV1 accepts a type-0x01 private key; the key ID is then
    # computed over 0x04, so its cosignatures never pass for plain note signatures or vice versa.
    checkpoint, _ = signed_checkpoint()
    plain = note.Signer.from_text(PETER_SKEY)
    line = note.cosign(checkpoint, plain, 42)
    cosig_verifier = plain.cosignature_verifier()
    assert cosig_verifier.key_id != plain.key_id
    assert note.verify_cosignature(checkpoint, line, cosig_verifier) == 42
    with pytest.raises(note.UnverifiedNoteError):
        note.open_note(checkpoint.split("\n\n")[0] + "\n\n" + line, [plain.verifier()])
