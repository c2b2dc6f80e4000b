"""merkle.py against published RFC 6962 vectors and against a from-the-RFC recursive reference."""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Callable, Sequence
from functools import cache

import pytest

from xiaowei.disclosure import merkle

# --- Published vectors -------------------------------------------------------------------------------
# From github.com/transparency-dev/merkle: testonly/constants.go (LeafInputs, NodeHashes, RootHashes) and
# proof/verify_test.go (inclusionProofs, consistencyProofs): the 8-leaf RFC 6962 reference tree.
# verify_test.go numbers leaves from 1; below they are 0-based indexes.

LEAVES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                     "606162636465666768696a6b6c6d6e6f")]  # fmt: skip

ROOTS = {  # tree size -> root
    0: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}

NODE_HASHES = [  # level -> hashes of the perfect subtrees, left to right
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    [
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    [
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
]

INCLUSION_PROOFS = [  # (leaf index, tree size, proof)
    (0, 1, []),
    (0, 8, [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]),
    (5, 8, [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ]),
]  # fmt: skip

CONSISTENCY_PROOFS = [  # (first size, second size, proof)
    (1, 1, []),
    (1, 8, [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]),
    (6, 8, [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]),
    (2, 5, [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ]),
    (6, 7, [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]),
]  # fmt: skip


def hexes(values: Sequence[str]) -> list[bytes]:
    return [bytes.fromhex(v) for v in values]


def vector_tree() -> merkle.MemoryTree:
    return merkle.MemoryTree(LEAVES)


def test_hash_primitives() -> None:
    assert merkle.EMPTY_ROOT.hex() == ROOTS[0]
    assert merkle.leaf_hash(b"").hex() == NODE_HASHES[0][0]
    left, right = (bytes.fromhex(h) for h in NODE_HASHES[0][:2])
    assert merkle.node_hash(left, right).hex() == NODE_HASHES[1][0]


def test_vector_roots_for_every_size() -> None:
    tree = vector_tree()
    for size, expected in ROOTS.items():
        assert tree.root(size).hex() == expected
        assert reference_mth(LEAVES[:size]).hex() == expected


def test_vector_stored_nodes() -> None:
    nodes = vector_tree().nodes
    for level, hashes in enumerate(NODE_HASHES):
        for index, expected in enumerate(hashes):
            assert nodes[(level, index)].hex() == expected
    assert len(nodes) == sum(len(h) for h in NODE_HASHES)


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_PROOFS)
def test_vector_inclusion_proofs(index: int, size: int, proof: list[str]) -> None:
    tree = vector_tree()
    expected = hexes(proof)
    assert tree.inclusion_proof(index, size) == expected
    root = bytes.fromhex(ROOTS[size])
    leaf = merkle.leaf_hash(LEAVES[index])
    assert merkle.verify_inclusion(leaf, index, size, expected, root)
    assert reference_verify_inclusion(leaf, index, size, expected, root)
    # The corruptions transparency-dev's verify_test.go (corruptInclusionProof) checks on these vectors.
    some_hash = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
    probes = [
        (index - 1, size, leaf, root, expected),
        (index + 1, size, leaf, root, expected),
        (index ^ 2, size, leaf, root, expected),
        (index, size * 2, leaf, root, expected),
        (index, size // 2, leaf, root, expected),
        (index, size, b"WrongLeaf", root, expected),
        (index, size, leaf, merkle.EMPTY_ROOT, expected),
        (index, size, leaf, some_hash, expected),
        (index, size, leaf, root, [*expected, b""]),
        (index, size, leaf, root, [*expected, root]),
        (index, size, leaf, root, [b"", *expected]),
        (index, size, leaf, root, [root, *expected]),
    ]
    for probe in probes:
        assert not merkle.verify_inclusion(probe[2], probe[0], probe[1], probe[4], probe[3]), probe


@pytest.mark.parametrize(("first", "second", "proof"), CONSISTENCY_PROOFS)
def test_vector_consistency_proofs(first: int, second: int, proof: list[str]) -> None:
    tree = vector_tree()
    expected = hexes(proof)
    assert tree.consistency_proof(first, second) == expected
    first_root, second_root = bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second])
    assert merkle.verify_consistency(first, second, first_root, second_root, expected)
    if not expected:
        return
    # The corruptions transparency-dev's verify_test.go (corruptConsistencyProof) checks on these vectors.
    r1, r2 = first_root, second_root
    probes = [
        (first - 1, second, r1, r2, expected),
        (first + 1, second, r1, r2, expected),
        (first ^ 2, second, r1, r2, expected),
        (first, second * 2, r1, r2, expected),
        (first, second // 2, r1, r2, expected),
        (first, second, b"WrongRoot", r2, expected),
        (first, second, r1, b"WrongRoot", expected),
        (first, second, r2, r1, expected),
        (first, second, r1, r2, []),
        (first, second, r1, r2, [*expected, b""]),
        (first, second, r1, r2, [*expected, r1]),
        (first, second, r1, r2, [*expected, r2]),
        (first, second, r1, r2, [b"", *expected]),
        (first, second, r1, r2, [r1, *expected]),
        (first, second, r1, r2, [r2, *expected]),
        (first, second, r1, r2, [expected[0], *expected]),
        (first, second, r1, r2, expected[:-1]),
    ]
    for probe in probes:
        assert not merkle.verify_consistency(*probe), probe


# --- Independent reference, straight from the RFC 9162 §2.1 pseudo-code over the raw leaf list --------


def largest_power_of_two_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_hash(*parts: bytes) -> bytes:
    return hashlib.sha256(b"".join(parts)).digest()


def reference_mth(leaves: Sequence[bytes]) -> bytes:
    n = len(leaves)
    if n == 0:
        return ref_hash()
    if n == 1:
        return ref_hash(b"\x00", leaves[0])
    k = largest_power_of_two_below(n)
    return ref_hash(b"\x01", reference_mth(leaves[:k]), reference_mth(leaves[k:]))


class Reference:
    """MTH, PATH and PROOF of RFC 9162 §2.1, memoised over (start, end) so big trees stay cheap."""

    def __init__(self, leaves: Sequence[bytes]) -> None:
        self.leaves = list(leaves)
        self.mth: Callable[[int, int], bytes] = cache(self._mth)

    def _mth(self, start: int, end: int) -> bytes:
        n = end - start
        if n == 0:
            return ref_hash()
        if n == 1:
            return ref_hash(b"\x00", self.leaves[start])
        k = largest_power_of_two_below(n)
        return ref_hash(b"\x01", self.mth(start, start + k), self.mth(start + k, end))

    def path(self, m: int, start: int, end: int) -> list[bytes]:
        n = end - start
        if n == 1:
            return []
        k = largest_power_of_two_below(n)
        if m < k:
            return [*self.path(m, start, start + k), self.mth(start + k, end)]
        return [*self.path(m - k, start + k, end), self.mth(start, start + k)]

    def subproof(self, m: int, start: int, end: int, b: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if b else [self.mth(start, end)]
        k = largest_power_of_two_below(n)
        if m <= k:
            return [*self.subproof(m, start, start + k, b), self.mth(start + k, end)]
        return [*self.subproof(m - k, start + k, end, False), self.mth(start, start + k)]

    def proof(self, m: int, n: int) -> list[bytes]:
        return self.subproof(m, 0, n, True)


def reference_verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Rebuild the root by following the RFC's PATH recursion top-down, consuming the proof from its end."""

    def rebuild(m: int, n: int, path: Sequence[bytes]) -> bytes | None:
        if n == 1:
            return leaf if not path else None
        if not path:
            return None
        k = largest_power_of_two_below(n)
        if m < k:
            below = rebuild(m, k, path[:-1])
            return None if below is None else ref_hash(b"\x01", below, path[-1])
        below = rebuild(m - k, n - k, path[:-1])
        return None if below is None else ref_hash(b"\x01", path[-1], below)

    if not 0 <= index < size:
        return False
    return rebuild(index, size, list(proof)) == root


def reference_verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Rebuild both roots by following the RFC's SUBPROOF recursion top-down."""

    def rebuild(m: int, n: int, path: Sequence[bytes], b: bool) -> tuple[bytes, bytes] | None:
        if m == n:
            if b:
                return (first_root, first_root) if not path else None
            return (path[0], path[0]) if len(path) == 1 else None
        if not path:
            return None
        k = largest_power_of_two_below(n)
        if m <= k:
            below = rebuild(m, k, path[:-1], b)
            if below is None:
                return None
            return below[0], ref_hash(b"\x01", below[1], path[-1])
        below = rebuild(m - k, n - k, path[:-1], False)
        if below is None:
            return None
        return ref_hash(b"\x01", path[-1], below[0]), ref_hash(b"\x01", path[-1], below[1])

    if not 0 < first < second:
        return False
    roots = rebuild(first, second, list(proof), True)
    return roots == (first_root, second_root)


def test_reference_agrees_with_vectors() -> None:
    ref = Reference(LEAVES)
    for index, size, proof in INCLUSION_PROOFS:
        assert ref.path(index, 0, size) == hexes(proof)
    for first, second, proof in CONSISTENCY_PROOFS:
        assert ref.proof(first, second) == hexes(proof)
    for first, second, proof in CONSISTENCY_PROOFS:
        if first < second:
            roots = bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second])
            assert reference_verify_consistency(first, second, *roots, hexes(proof))


# --- Property tests ----------------------------------------------------------------------------------


def random_leaves(rng: random.Random, n: int) -> list[bytes]:
    return [rng.randbytes(rng.randrange(0, 40)) for _ in range(n)]


def tampered(proof: list[bytes]) -> list[list[bytes]]:
    """Every single-bit flip, plus dropped, extra and reordered hashes."""
    variants = []
    for i in range(len(proof)):
        flipped = bytearray(proof[i])
        flipped[i % 32] ^= 1 << (i % 8)
        variants.append([*proof[:i], bytes(flipped), *proof[i + 1 :]])
    if proof:
        variants += [proof[:-1], proof[1:], [*proof, proof[-1]], [proof[0], *proof]]
    else:
        variants.append([merkle.EMPTY_ROOT])
    if len(proof) > 1 and proof[0] != proof[1]:
        variants.append([proof[1], proof[0], *proof[2:]])
    return variants


def check_inclusion(tree: merkle.MemoryTree, ref: Reference, index: int, size: int, *, tamper: bool) -> None:
    root = ref.mth(0, size)
    leaf = merkle.leaf_hash(ref.leaves[index])
    proof = merkle.inclusion_proof(index, size, tree.nodes)
    assert proof == ref.path(index, 0, size)
    assert set(merkle.inclusion_proof_nodes(index, size)) <= set(tree.nodes)
    assert reference_verify_inclusion(leaf, index, size, proof, root)
    assert merkle.verify_inclusion(leaf, index, size, proof, root)
    if not tamper:
        return
    for bad in tampered(proof):
        assert not merkle.verify_inclusion(leaf, index, size, bad, root)
        assert not reference_verify_inclusion(leaf, index, size, bad, root)
    wrong_leaf = merkle.leaf_hash(ref.leaves[index] + b"x")
    assert not merkle.verify_inclusion(wrong_leaf, index, size, proof, root)
    assert not merkle.verify_inclusion(leaf, index, size, proof, hashlib.sha256(root).digest())
    assert not merkle.verify_inclusion(leaf, index, size, proof, merkle.EMPTY_ROOT)
    # The size is not bound by the proof alone (the RFC algorithm accepts size ± 1 for some shapes; the
    # signed root binds it), but doubling or halving it must always fail.
    assert not merkle.verify_inclusion(leaf, index, size * 2, proof, root)
    assert not merkle.verify_inclusion(leaf, index, size // 2, proof, root)
    for other in {index - 1, index + 1, index ^ 2} - {index}:
        if 0 <= other < size and ref.leaves[other] != ref.leaves[index]:
            assert not merkle.verify_inclusion(leaf, other, size, proof, root)
    assert not merkle.verify_inclusion(leaf, size, size, proof, root)


def check_consistency(
    tree: merkle.MemoryTree, ref: Reference, first: int, second: int, *, tamper: bool
) -> None:
    first_root, second_root = ref.mth(0, first), ref.mth(0, second)
    proof = merkle.consistency_proof(first, second, tree.nodes)
    assert set(merkle.consistency_proof_nodes(first, second)) <= set(tree.nodes)
    assert merkle.verify_consistency(first, second, first_root, second_root, proof)
    if 0 < first < second:
        assert proof == ref.proof(first, second)
        assert reference_verify_consistency(first, second, first_root, second_root, proof)
    else:
        assert proof == []
    if not tamper or not 0 < first < second:
        return
    for bad in tampered(proof):
        assert not merkle.verify_consistency(first, second, first_root, second_root, bad)
        assert not reference_verify_consistency(first, second, first_root, second_root, bad)
    other_root = hashlib.sha256(first_root).digest()
    assert not merkle.verify_consistency(first, second, other_root, second_root, proof)
    assert not merkle.verify_consistency(first, second, first_root, other_root, proof)
    assert not merkle.verify_consistency(first, second, second_root, first_root, proof)
    assert not merkle.verify_consistency(second, first, first_root, second_root, proof)
    for wrong_first in (first - 1, first + 1, first ^ 2):
        assert not merkle.verify_consistency(wrong_first, second, first_root, second_root, proof)
    for wrong_second in (second * 2, second // 2):
        assert not merkle.verify_consistency(first, wrong_second, first_root, second_root, proof)
    assert not merkle.verify_consistency(first, second, first_root, second_root, [])
    for extra in (first_root, second_root):
        assert not merkle.verify_consistency(first, second, first_root, second_root, [extra, *proof])
        assert not merkle.verify_consistency(first, second, first_root, second_root, [*proof, extra])


def test_every_proof_in_small_trees() -> None:
    rng = random.Random(9162)
    leaves = random_leaves(rng, 70)
    tree, ref = merkle.MemoryTree(leaves), Reference(leaves)
    for size in range(0, 71):
        assert tree.root(size) == ref.mth(0, size) == merkle.root(size, tree.nodes)
        for index in range(size):
            check_inclusion(tree, ref, index, size, tamper=size <= 40)
        for first in range(0, size + 1):
            check_consistency(tree, ref, first, size, tamper=size <= 40)


def test_random_sizes_up_to_300() -> None:
    rng = random.Random(6962)
    leaves = random_leaves(rng, 300)
    tree, ref = merkle.MemoryTree(leaves), Reference(leaves)
    for size in [*sorted(rng.sample(range(71, 301), 25)), 128, 255, 256, 257, 300]:
        assert tree.root(size) == ref.mth(0, size) == reference_mth(leaves[:size])
        for index in range(size):
            check_inclusion(tree, ref, index, size, tamper=index % 17 == 0)
        for first in {0, 1, size - 1, size, *rng.sample(range(1, size), 20)}:
            check_consistency(tree, ref, first, size, tamper=True)


@pytest.mark.parametrize("size", [1000, 4097])
def test_larger_trees(size: int) -> None:
    rng = random.Random(size)
    leaves = random_leaves(rng, size)
    tree, ref = merkle.MemoryTree(leaves), Reference(leaves)
    assert tree.root() == ref.mth(0, size)
    for index in {0, 1, size // 2, size - 2, size - 1, *rng.sample(range(size), 150)}:
        check_inclusion(tree, ref, index, size, tamper=index % 5 == 0)
    for first in {1, 2, 511, 512, 513, size - 1, *rng.sample(range(1, size), 60)}:
        check_consistency(tree, ref, first, size, tamper=True)
    for first, second in (rng.sample(range(1, size + 1), 2) for _ in range(60)):
        check_consistency(tree, ref, min(first, second), max(first, second), tamper=False)


# --- Node bookkeeping --------------------------------------------------------------------------------


def test_nodes_completed_by_builds_every_perfect_subtree() -> None:
    leaves = [bytes([i]) for i in range(37)]
    ref = Reference(leaves)
    stored: dict[tuple[int, int], bytes] = {}
    for index, data in enumerate(leaves):
        completed = merkle.nodes_completed_by(index, merkle.leaf_hash(data), lambda lv, i: stored[(lv, i)])
        assert completed[0] == (0, index, merkle.leaf_hash(data))
        # One node per trailing 1-bit of index, plus the leaf.
        assert len(completed) == 1 + ((index ^ (index + 1)).bit_length() - 1)
        for level, i, h in completed:
            assert (level, i) not in stored
            assert h == ref.mth(i << level, (i + 1) << level)
            stored[(level, i)] = h
    assert stored == dict(merkle.MemoryTree(leaves).nodes)


def test_subtree_nodes() -> None:
    assert merkle.subtree_nodes(0, 0) == []
    assert merkle.subtree_nodes(0, 1) == [(0, 0)]
    assert merkle.subtree_nodes(0, 8) == [(3, 0)]
    assert merkle.subtree_nodes(0, 7) == [(2, 0), (1, 2), (0, 6)]
    assert merkle.subtree_nodes(8, 14) == [(2, 2), (1, 6)]
    # 10,000,000 = 2^23 + 2^20 + 2^19 + 2^15 + 2^12 + 2^10 + 2^9 + 2^7; node (l, i) starts at leaf i·2^l.
    assert merkle.subtree_nodes(0, 10_000_000) == [(23, 0), (20, 8), (19, 18), (15, 304), (12, 2440),
                                                    (10, 9764), (9, 19530), (7, 78124)]  # fmt: skip
    assert merkle.root_nodes(6) == {(2, 0), (1, 2)}
    with pytest.raises(ValueError, match="aligned"):
        merkle.subtree_nodes(2, 6)
    with pytest.raises(ValueError, match="before"):
        merkle.subtree_nodes(5, 4)
    with pytest.raises(ValueError, match="negative"):
        merkle.subtree_nodes(-1, 4)


def test_out_of_range_arguments() -> None:
    tree = vector_tree()
    nodes = tree.nodes
    for index, size in [(0, 0), (8, 8), (9, 8), (-1, 8)]:
        with pytest.raises(ValueError):
            merkle.inclusion_proof_nodes(index, size)
        with pytest.raises(ValueError):
            merkle.inclusion_proof(index, size, nodes)
    with pytest.raises(ValueError, match="larger"):
        merkle.consistency_proof_nodes(5, 4)
    with pytest.raises(ValueError, match="larger"):
        merkle.consistency_proof(5, 4, nodes)
    with pytest.raises(ValueError):
        merkle.root_nodes(-1)
    with pytest.raises(TypeError):
        merkle.root_nodes(1.5)  # type: ignore[arg-type]  # a float, on purpose
    with pytest.raises(ValueError, match="larger than the tree"):
        tree.root(9)
    with pytest.raises(ValueError, match="larger than the tree"):
        tree.consistency_proof(2, 9)
    with pytest.raises(ValueError):
        merkle.nodes_completed_by(0, b"short", lambda lv, i: b"")
    with pytest.raises(KeyError, match="not given"):
        merkle.root(8, {})
    assert merkle.root(0, {}) == merkle.EMPTY_ROOT
    assert merkle.consistency_proof(0, 8, nodes) == [] == merkle.consistency_proof(8, 8, nodes)


def test_verifiers_reject_nonsense() -> None:
    leaf = merkle.leaf_hash(b"data")
    # A one-leaf tree: the root is the leaf hash and the proof is empty.
    assert merkle.verify_inclusion(leaf, 0, 1, [], leaf)
    assert not merkle.verify_inclusion(leaf, 0, 1, [], merkle.EMPTY_ROOT)
    assert not merkle.verify_inclusion(b"", 0, 1, [], b"")
    for index, size in [(0, 0), (1, 0), (2, 1), (-1, 1)]:
        assert not merkle.verify_inclusion(leaf, index, size, [], leaf)
    some = hashlib.sha256(b"some").digest()
    empty = merkle.EMPTY_ROOT
    assert merkle.verify_consistency(0, 0, empty, empty, [])
    assert merkle.verify_consistency(0, 5, empty, some, [])
    assert not merkle.verify_consistency(0, 5, some, some, [])
    assert merkle.verify_consistency(3, 3, some, some, [])
    assert not merkle.verify_consistency(3, 3, some, empty, [])
    assert not merkle.verify_consistency(3, 3, some, some, [some])
    assert not merkle.verify_consistency(0, 5, empty, some, [some])
    assert not merkle.verify_consistency(4, 3, some, some, [])
    assert not merkle.verify_consistency(1, 2, some, some, [])
    assert not merkle.verify_consistency(1, 2, some, some, [b"short"])


def test_proofs_in_a_ten_million_leaf_tree_need_few_nodes() -> None:
    # Timing lives in bench/log_bench.py; here only the shape: O(log n) nodes per proof.
    size = 10_000_000
    rng = random.Random(10)
    for _ in range(200):
        index, first = rng.randrange(size), rng.randrange(1, size)
        wanted = merkle.inclusion_proof_nodes(index, size) | merkle.consistency_proof_nodes(first, size)
        wanted |= merkle.root_nodes(size)
        assert len(wanted) < 100
        nodes = {node: os.urandom(32) for node in wanted}
        assert len(merkle.inclusion_proof(index, size, nodes)) <= 24
        assert len(merkle.consistency_proof(first, size, nodes)) <= 48
