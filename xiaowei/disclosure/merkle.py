"""Merkle tree hashing, proofs and proof verification for the transparency log (RFC 9162 §2.1).

* Hashing (§2.1.1): MTH({}) = SHA-256(), a leaf is SHA-256(0x00 || d), an interior node
  SHA-256(0x01 || left || right); a tree of n > 1 leaves splits at k, the largest power of two smaller
  than n. The same tree as RFC 6962 §2.1, so CT and C2SP tlog tooling reads our roots and proofs.
* Inclusion proofs (§2.1.3.1 PATH, verified per §2.1.3.2) and consistency proofs (§2.1.4.1 SUBPROOF,
  verified per §2.1.4.2), hashes in the order the RFC lists them (bottom of the tree first).

Storage model: the log keeps the hash of every *perfect* subtree, addressed as (level, index); level 0
holds the leaf hashes, and node (l, i) covers leaves [i·2^l, (i+1)·2^l). Such a node never changes once
its last leaf is appended, and the root or any proof at any size is a function of O(log n) of them.
Proofs are therefore built in two steps, so a database fetches everything in one query:
``inclusion_proof_nodes(index, size)`` names the nodes, ``inclusion_proof(index, size, nodes)`` computes
the proof from them (likewise ``consistency_proof_*`` and ``root_nodes`` / ``root``). All of it loops
over tree levels, never over leaves.

The verifiers (``verify_inclusion``, ``verify_consistency``) follow the RFC's bit-manipulation algorithms
step by step and share nothing with the generators but the two hash functions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

Node = tuple[int, int]  # (level, index)
Range = tuple[int, int]  # leaves [start, end)


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 §2.1.1: MTH({d(0)}) = HASH(0x00 || d(0))."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 §2.1.1: HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n]))."""
    return hashlib.sha256(b"\x01" + left + right).digest()


# --- Tree geometry -----------------------------------------------------------------------------------


def _check_int(name: str, value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must not be negative (got {value})")


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1): where RFC 9162 splits a tree of n leaves."""
    return 1 << ((n - 1).bit_length() - 1)


def subtree_nodes(start: int, end: int) -> list[Node]:
    """The perfect subtrees, left to right, whose hashes determine MTH(D[start:end]).

    Following RFC 9162's split (left part: the largest power of two smaller than n), the left part is
    always a perfect subtree and the right part recurses, so the answer is one node per 1-bit of
    n = end - start, largest first. The range must be aligned: start a multiple of the largest power of
    two not above n (every range a proof or a root asks about is). An empty range needs no nodes.
    """
    _check_int("start", start)
    _check_int("end", end)
    if end < start:
        raise ValueError(f"range end {end} is before its start {start}")
    n = end - start
    if n and start % (1 << (n.bit_length() - 1)):
        raise ValueError(f"range [{start}, {end}) is not aligned to a subtree boundary")
    nodes = []
    for level in range(n.bit_length() - 1, -1, -1):
        if n >> level & 1:
            nodes.append((level, start >> level))
            start += 1 << level
    return nodes


def _range_hash(start: int, end: int, nodes: Mapping[Node, bytes]) -> bytes:
    """MTH(D[start:end]) from the stored perfect subtrees (right-associated, as the RFC recursion)."""
    parts = subtree_nodes(start, end)
    if not parts:
        return EMPTY_ROOT
    try:
        h = nodes[parts[-1]]
        for node in reversed(parts[:-1]):
            h = node_hash(nodes[node], h)
    except KeyError as e:
        raise KeyError(f"node {e.args[0]} is needed for MTH(D[{start}:{end}]) but was not given") from None
    return h


def _nodes_of(ranges: Iterable[Range]) -> set[Node]:
    wanted: set[Node] = set()
    for start, end in ranges:
        wanted.update(subtree_nodes(start, end))
    return wanted


def nodes_completed_by(
    index: int, leaf: bytes, get: Callable[[int, int], bytes]
) -> list[tuple[int, int, bytes]]:
    """The nodes (level, index, hash) that appending leaf number `index` (leaf hash `leaf`) completes.

    The first is the leaf itself, (0, index, leaf); then one parent per trailing 1-bit of `index`, each
    combining the left sibling `get(level, i)` (already stored) with the node just completed.
    """
    _check_int("index", index)
    if len(leaf) != HASH_SIZE:
        raise ValueError(f"leaf hash must be {HASH_SIZE} bytes, got {len(leaf)}")
    completed = [(0, index, leaf)]
    h, level, i = leaf, 0, index
    while i & 1:
        h = node_hash(get(level, i - 1), h)
        level, i = level + 1, i >> 1
        completed.append((level, i, h))
    return completed


# --- Roots -------------------------------------------------------------------------------------------


def root_nodes(size: int) -> set[Node]:
    """The stored nodes `root(size, nodes)` needs."""
    return set(subtree_nodes(0, size))


def root(size: int, nodes: Mapping[Node, bytes]) -> bytes:
    """MTH(D[0:size]); size 0 gives the empty-tree hash."""
    return _range_hash(0, size, nodes)


# --- Inclusion proofs (RFC 9162 §2.1.3.1) ------------------------------------------------------------


def _inclusion_ranges(index: int, size: int) -> list[Range]:
    """The leaf ranges whose MTHs make up PATH(index, D[size]), in RFC order.

    PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) if m < k, else PATH(m - k, D[k:n]) : MTH(D[0:k]):
    walking down from the root collects the siblings top first, and the RFC lists them bottom first.
    """
    _check_int("index", index)
    _check_int("size", size)
    if index >= size:
        raise ValueError(f"leaf index {index} is not in a tree of size {size}")
    siblings: list[Range] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            siblings.append((lo + k, hi))
            hi = lo + k
        else:
            siblings.append((lo, lo + k))
            lo += k
    siblings.reverse()
    return siblings


def inclusion_proof_nodes(index: int, size: int) -> set[Node]:
    """The stored nodes `inclusion_proof(index, size, nodes)` needs."""
    return _nodes_of(_inclusion_ranges(index, size))


def inclusion_proof(index: int, size: int, nodes: Mapping[Node, bytes]) -> list[bytes]:
    """The RFC 9162 inclusion proof (audit path) of leaf `index` in the tree of `size` leaves."""
    return [_range_hash(start, end, nodes) for start, end in _inclusion_ranges(index, size)]


# --- Consistency proofs (RFC 9162 §2.1.4.1) ----------------------------------------------------------


def _consistency_ranges(first: int, second: int) -> list[Range]:
    """The leaf ranges whose MTHs make up PROOF(first, D[second]) = SUBPROOF(first, D[second], true).

    SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}; for m < n,
    SUBPROOF(m, D[n], b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n]) if m <= k,
    else SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]).
    The RFC defines the proof for 0 < first < second; as in common practice (e.g. transparency-dev),
    first == second and first == 0 give the empty proof, as there is nothing to prove.
    """
    _check_int("first", first)
    _check_int("second", second)
    if first > second:
        raise ValueError(f"first tree size {first} is larger than the second {second}")
    if first == 0 or first == second:
        return []
    siblings: list[Range] = []
    lo, hi, known = 0, second, True
    while first != hi:
        k = _split(hi - lo)
        if first - lo <= k:
            siblings.append((lo + k, hi))
            hi = lo + k
        else:
            siblings.append((lo, lo + k))
            lo += k
            known = False
    siblings.reverse()
    if not known:
        # SUBPROOF(m, D[m], false): this subtree of the old tree is not a root the verifier holds.
        siblings.insert(0, (lo, hi))
    return siblings


def consistency_proof_nodes(first: int, second: int) -> set[Node]:
    """The stored nodes `consistency_proof(first, second, nodes)` needs."""
    return _nodes_of(_consistency_ranges(first, second))


def consistency_proof(first: int, second: int, nodes: Mapping[Node, bytes]) -> list[bytes]:
    """The RFC 9162 consistency proof between the trees of `first` and `second` leaves."""
    return [_range_hash(start, end, nodes) for start, end in _consistency_ranges(first, second)]


# --- Verification (RFC 9162 §2.1.3.2 and §2.1.4.2) ---------------------------------------------------


def _is_hashes(values: Sequence[bytes]) -> bool:
    return all(isinstance(v, bytes) and len(v) == HASH_SIZE for v in values)


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> bool:
    """Whether `proof` shows the leaf hash `leaf` at `index` in the tree of `size` leaves with `root`.

    RFC 9162 §2.1.3.2, step by step.
    """
    if not _is_hashes([leaf, root, *proof]) or index < 0:
        return False
    # 1. If leaf_index >= tree_size, fail.
    if index >= size:
        return False
    # 2. fn = leaf_index, sn = tree_size - 1.
    fn, sn = index, size - 1
    # 3. r = hash.
    r = leaf
    # 4. For each value p in the inclusion_path:
    for p in proof:
        # a. If sn is 0, fail.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or fn == sn:
        if fn & 1 or fn == sn:
            # i. r = HASH(0x01 || p || r)
            r = node_hash(p, r)
            # ii. If LSB(fn) is not set, right-shift fn and sn until LSB(fn) is set or fn is 0.
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            # Otherwise r = HASH(0x01 || r || p).
            r = node_hash(r, p)
        # c. Right-shift fn and sn once.
        fn >>= 1
        sn >>= 1
    # 5. Succeed iff sn == 0 and r == root_hash.
    return sn == 0 and r == root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether `proof` shows the tree (`second`, `second_root`) extends (`first`, `first_root`).

    RFC 9162 §2.1.4.2, step by step, for 0 < first < second. Outside that range nothing needs proving:
    equal sizes need equal roots and an empty proof; the empty tree (first == 0, whose root must be
    SHA-256()) is consistent with every tree, again with an empty proof.
    """
    if not _is_hashes([first_root, second_root, *proof]) or first < 0 or first > second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof and first_root == EMPTY_ROOT
    path = list(proof)
    # 1. If consistency_path is empty, fail.
    if not path:
        return False
    # 2. If first is an exact power of 2, prepend first_hash to consistency_path.
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    # 3. fn = first - 1, sn = second - 1.
    fn, sn = first - 1, second - 1
    # 4. If LSB(fn) is set, right-shift fn and sn equally until LSB(fn) is not set.
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # 5. fr = sr = the first value of consistency_path.
    fr = sr = path[0]
    # 6. For each subsequent value c:
    for c in path[1:]:
        # a. If sn is 0, fail.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or fn == sn:
        if fn & 1 or fn == sn:
            # i.  fr = HASH(0x01 || c || fr); ii. sr = HASH(0x01 || c || sr)
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            # iii. If LSB(fn) is not set, right-shift fn and sn until LSB(fn) is set or fn is 0.
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            # Otherwise sr = HASH(0x01 || sr || c).
            sr = node_hash(sr, c)
        # c. Right-shift fn and sn once.
        fn >>= 1
        sn >>= 1
    # 7. Succeed iff fr == first_hash, sr == second_hash and sn == 0.
    return fr == first_root and sr == second_root and sn == 0


# --- In memory ---------------------------------------------------------------------------------------


class MemoryTree:
    """A whole log in a dict: for tests, tools and small callers. Same node layout as the database."""

    def __init__(self, leaves: Iterable[bytes] = ()) -> None:
        self._nodes: dict[Node, bytes] = {}
        self._size = 0
        for data in leaves:
            self.append(data)

    def append(self, data: bytes) -> int:
        """Append one leaf (its data, not its hash); returns its index."""
        return self.append_hash(leaf_hash(data))

    def append_hash(self, leaf: bytes) -> int:
        """Append one leaf given its leaf hash; returns its index."""
        index = self._size
        for level, i, h in nodes_completed_by(index, leaf, lambda level, i: self._nodes[(level, i)]):
            self._nodes[(level, i)] = h
        self._size += 1
        return index

    @property
    def size(self) -> int:
        return self._size

    def __len__(self) -> int:
        return self._size

    @property
    def nodes(self) -> Mapping[Node, bytes]:
        return self._nodes

    def leaf_hash(self, index: int) -> bytes:
        if not 0 <= index < self._size:
            raise ValueError(f"leaf index {index} is not in a tree of size {self._size}")
        return self._nodes[(0, index)]

    def _size_or_current(self, size: int | None) -> int:
        if size is None:
            return self._size
        _check_int("size", size)
        if size > self._size:
            raise ValueError(f"tree size {size} is larger than the tree ({self._size} leaves)")
        return size

    def root(self, size: int | None = None) -> bytes:
        return root(self._size_or_current(size), self._nodes)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_proof(index, self._size_or_current(size), self._nodes)

    def consistency_proof(self, first: int, second: int | None = None) -> list[bytes]:
        return consistency_proof(first, self._size_or_current(second), self._nodes)
