"""Picking pairs out of a score matrix for pairing.solver: the written tie rule, and cut-offs
that keep about k entries of each line in one cheap pass. Pure numpy, no Django.

The tie rule: among pairs of equal score, the higher tie value comes first. A pair's tie
value is a fixed pseudo-random number of its two positions alone (`tie_values`), so that
ties spread over every mentor instead of piling onto the first columns, and the same input
always gives the same answer. Selections compare one int32 key per pair, score * 65536 +
tie value (`keyed`), so they never depend on how many scores tie.

Cut-offs (`row_cuts`, `block_maxima`): the k-th largest of a line's values needs a
selection over the whole line (np.partition: about 6 ns a value, the largest cost of the
first candidate graph). The k-th largest of the maxima of k * 4 interleaved blocks of the
line is reached by at least k values (each of those k blocks holds one) and, for keys
spread by the tie value, by hardly more (10.6 on average for k = 10 over 5,000 random
keys): about 20 times cheaper. Interleaved blocks (column t, t + b, t + 2b...) so that an
input sorted by quality does not put a line's best values into one block; lines where more
than 4 * k values pass anyway get the exact cut.
"""

from __future__ import annotations

import numpy as np

BLOCKS_PER_KEPT = 4  # blocks per value kept: about k * 4 block maxima per line
_ROW_SALT, _COL_SALT = 0x7A4D, 0x51C3


def tie_values(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The tie value (0..65535) of the pairs (rows[k], cols[k]), index arrays that broadcast:
    the top 16 bits of (K(i) xor L(j)) * 0x9E3779B1 mod 2**32, where K and L are splitmix64
    hashes of the row (mentee) and the column (mentor) positions."""
    rows, cols = np.asarray(rows), np.asarray(cols)
    return mix(
        row_keys(int(rows.max(initial=0)) + 1)[rows], col_keys(int(cols.max(initial=0)) + 1)[cols]
    )


def mix(row_key: np.ndarray, col_key: np.ndarray) -> np.ndarray:
    h = np.bitwise_xor(row_key, col_key)
    h *= np.uint32(0x9E3779B1)
    h >>= np.uint32(16)
    return h


def row_keys(size: int) -> np.ndarray:
    return _splitmix(size, _ROW_SALT)


def col_keys(size: int) -> np.ndarray:
    return _splitmix(size, _COL_SALT)


def _splitmix(size: int, salt: int) -> np.ndarray:
    """A 32-bit key per position 0..size-1 (the same key for a position whatever the size)."""
    x = (np.arange(size, dtype=np.uint64) + np.uint64(salt)) * np.uint64(0x9E3779B97F4A7C15)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return (x >> np.uint64(32)).astype(np.uint32)


def keyed(block: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """score * 65536 + tie value, as int32: one number that orders pairs by score, then by
    the tie rule (negative where the pair is not allowed: score -1)."""
    key = np.left_shift(block, 16, dtype=np.int32)
    key |= tie
    return key


def ties(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Tie values of a block (rows x cols, given as keys), as int32 for `keyed`."""
    return mix(rows[:, None], cols).view(np.int32)


def row_cuts(key: np.ndarray, k: int) -> np.ndarray:
    """Per row of `key`, a value that at least k of its entries reach, and about k (at most
    4 * k, else the exact k-th largest): the k-th largest maximum of interleaved blocks."""
    rows, width = key.shape
    if k >= width:
        return key.min(axis=1)
    blocks = BLOCKS_PER_KEPT * k
    if width < 4 * blocks:
        return np.partition(key, width - k, axis=1)[:, width - k]
    maxima = block_maxima(key, blocks, axis=1)
    cut = np.partition(maxima, maxima.shape[1] - k, axis=1)[:, maxima.shape[1] - k]
    wide = np.flatnonzero(np.count_nonzero(key >= cut[:, None], axis=1) > BLOCKS_PER_KEPT * k)
    if wide.size:
        cut[wide] = np.partition(key[wide], width - k, axis=1)[:, width - k]
    return cut


def block_rows(start: int, length: int, blocks: int) -> tuple[np.ndarray, ...]:
    """Where the rows of `block_maxima(key, blocks, axis=0)` come from, for a key of
    `length` rows starting at row `start`: each block's first row, stride and row count."""
    whole = length // blocks * blocks
    rest = length - whole
    first = np.r_[start + np.arange(blocks), start + whole + np.arange(rest)]
    stride = np.r_[np.full(blocks, blocks), np.ones(rest, dtype=np.int64)]
    count = np.r_[np.full(blocks, whole // blocks), np.ones(rest, dtype=np.int64)]
    return first, stride, count


def block_maxima(key: np.ndarray, blocks: int, axis: int) -> np.ndarray:
    """Maxima of `blocks` interleaved blocks of lines along `axis` (line t, t + blocks,
    t + 2 * blocks...), then the lines left over as blocks of their own."""
    length = key.shape[axis]
    whole = length // blocks * blocks
    if axis == 1:
        main = key[:, :whole].reshape(key.shape[0], whole // blocks, blocks).max(axis=1)
        return np.concatenate([main, key[:, whole:]], axis=1)
    main = key[:whole].reshape(whole // blocks, blocks, key.shape[1]).max(axis=0)
    return np.concatenate([main, key[whole:]], axis=0)
