"""What the fine-tuning scripts share (``finetune_stance.py``, ``quote_tagger.py``): the optimiser,
its learning-rate schedule and the update step. Run the scripts from the project root
(``python training/…``): this file is imported as their sibling."""

from __future__ import annotations

import torch


class Finetuner:
    """AdamW (weight decay 0.01); the learning rate rises linearly over the first tenth of the
    steps and falls linearly to zero after; gradients are clipped at norm 1."""

    def __init__(self, model: torch.nn.Module, lr: float, steps: int) -> None:
        self.parameters = list(model.parameters())
        self.optimiser = torch.optim.AdamW(self.parameters, lr=lr, weight_decay=0.01)
        warmup = steps // 10
        self.schedule = torch.optim.lr_scheduler.LambdaLR(self.optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup))))

    def step(self, loss: torch.Tensor) -> None:
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.parameters, 1.0)
        self.optimiser.step()
        self.schedule.step()
        self.optimiser.zero_grad()
