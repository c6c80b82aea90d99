"""What the exporting scripts share (``export_quote_encoder.py``, ``finetune_stance.py``): a
MiniLM encoder to ONNX (last hidden state, as the stages read it) and its int8 quantisation.

The quantisation is measured (the two scripts record it). onnxruntime's dynamic int8 with one
scale per weight matrix, as ``quantize_dynamic`` does by default, moved quote vectors far from the
fp32 model's (mean cosine .961, lowest .77 over 1,200 fnc1 quotes) and cost the stance model
.011 macro-F1 on NewsMTSC dev. One scale per output column moved the vectors little (.992 / .95)
and costs stance nothing. For the quote vectors the feed-forward output matrices were where the
rest of the error lay: those six matrices can keep int8 weights, dequantised when the model runs,
and multiply in fp32 (.995 / .96, a third slower), which the quote encoder shipped with until the
trails stage no longer needed it (``export_quote_encoder.py``). Either way the file is 23 MB.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch


class LastHiddenState(torch.nn.Module):
    """The encoder with the two inputs the stages feed (``input_ids``, ``attention_mask``)."""

    def __init__(self, encoder: torch.nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=torch.zeros_like(input_ids)).last_hidden_state


def export_fp32(encoder: torch.nn.Module, path: Path) -> None:
    encoder.eval()
    example = (torch.ones((2, 16), dtype=torch.long), torch.ones((2, 16), dtype=torch.long))
    torch.onnx.export(
        LastHiddenState(encoder), example, str(path), input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}, "last_hidden_state": {0: "batch", 1: "tokens"}},
        opset_version=17, dynamo=False,
    )


def feed_forward_outputs(model) -> list[str]:  # noqa: ANN001 - an onnx ModelProto
    """The MatMul of each layer's feed-forward output (``layer.N/output/dense``, not the attention's)."""
    return [n.name for n in model.graph.node if n.op_type == "MatMul" and "/output/dense/" in n.name and "/attention/" not in n.name]


def quantise(fp32: Path, out: Path, fp32_feed_forward: bool) -> None:
    """Dynamic int8 with a scale per output column. With ``fp32_feed_forward`` the feed-forward
    outputs are not: their weights are stored as int8 with a scale per column and dequantised for
    an fp32 product."""
    import onnx
    from onnx import helper, numpy_helper
    from onnxruntime.quantization import QuantType, quantize_dynamic

    keep = feed_forward_outputs(onnx.load(str(fp32))) if fp32_feed_forward else []
    partial = out.with_suffix(".partial.onnx")
    quantize_dynamic(str(fp32), str(partial), weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=keep)
    model = onnx.load(str(partial))
    partial.unlink()
    initialisers = {i.name: i for i in model.graph.initializer}
    nodes = []
    for node in model.graph.node:
        if node.name in keep:
            (weight,) = (name for name in node.input if name in initialisers)
            matrix = numpy_helper.to_array(initialisers[weight]).astype(np.float32)  # (inputs, outputs)
            scale = np.abs(matrix).max(axis=0) / 127.0
            model.graph.initializer.remove(initialisers[weight])
            model.graph.initializer.extend([
                numpy_helper.from_array(np.clip(np.round(matrix / scale), -127, 127).astype(np.int8), f"{weight}_int8"),
                numpy_helper.from_array(scale.astype(np.float32), f"{weight}_scale"),
                numpy_helper.from_array(np.zeros(scale.shape, np.int8), f"{weight}_zero"),
            ])
            nodes.append(helper.make_node("DequantizeLinear", [f"{weight}_int8", f"{weight}_scale", f"{weight}_zero"], [weight], axis=1, name=f"{node.name}_weights"))
        nodes.append(node)
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(out))
