"""Training a network on an image data set, epoch by epoch, as the notes' experiment does.

Adam, gradients clipped by value (the notes' clipvalue 0.5), mini-batches of 128. The whole data set
is moved to the device once: batches are index slices of device tensors, so a step makes no
host→device copy; losses stay on the device until the epoch's end. On cuda, `bf16` runs the forward
pass under bfloat16 autocast.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from actgui.core.device import resolve_device
from actgui.core.image_datasets import ImageDataset

CLIP_VALUE = 0.5
BATCH_SIZE = 128
LEARNING_RATE = 1e-3
#: Validation runs in chunks of this many images (bounded memory on small devices).
EVAL_CHUNK = 1024


@dataclass
class EpochResult:
    """Metrics after one epoch: mean training loss over its batches, validation loss and accuracy,
    seconds spent training (validation excluded) and training images per second."""

    epoch: int
    train_loss: float
    val_loss: float
    val_accuracy: float
    seconds: float
    images_per_second: float


class ImageTrainer:
    """A model, an image data set on one device, an Adam optimiser; `epochs()` trains."""

    def __init__(self, model: nn.Module, data: ImageDataset, device: str = "auto", batch_size: int = BATCH_SIZE,
                 lr: float = LEARNING_RATE, clip_value: float = CLIP_VALUE, bf16: bool = False, seed: int = 0,
                 flatten: bool = False) -> None:
        self.device, message = resolve_device(device)
        self.messages = [message] if message else []
        if bf16 and self.device != "cuda":
            self.messages.append("bf16 autocast runs on cuda only; training in float32")
            bf16 = False
        self.bf16 = bf16
        self.model = model.to(self.device)
        self.data = data
        shape = (-1, data.input_dim) if flatten else (-1, *data.shape)
        self.x_train = torch.as_tensor(data.x_train, device=self.device).reshape(shape)
        self.y_train = torch.as_tensor(data.y_train, device=self.device)
        self.x_val = torch.as_tensor(data.x_val, device=self.device).reshape(shape)
        self.y_val = torch.as_tensor(data.y_val, device=self.device)
        self.batch_size = max(1, min(int(batch_size), len(self.x_train)))
        self.clip_value = float(clip_value)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=lr)
        # cuda draws the epoch order on the device; mps has no generator of its own (one copy an epoch)
        self._shuffle_device = "cuda" if self.device == "cuda" else "cpu"
        self._shuffler = torch.Generator(device=self._shuffle_device).manual_seed(seed + 1)
        self.step = 0
        self._reshuffle()
        if self.device == "cuda":
            torch.backends.cudnn.benchmark = True

    def _autocast(self) -> torch.autocast:
        return torch.autocast(device_type=self.device, dtype=torch.bfloat16, enabled=self.bf16)

    @property
    def steps_per_epoch(self) -> int:
        """Full mini-batches per epoch (a last partial batch is dropped, as the MLP trainer does)."""
        return len(self.x_train) // self.batch_size

    @property
    def epoch(self) -> float:
        """Epochs trained so far (fractional between epoch ends)."""
        return self.step / self.steps_per_epoch

    def _reshuffle(self) -> None:
        self._order = torch.randperm(len(self.x_train), device=self._shuffle_device,
                                     generator=self._shuffler).to(self.device)
        self._cursor = 0

    def train_steps(self, count: int, stop: Callable[[], bool] | None = None) -> Tensor:
        """Up to `count` optimiser steps (fewer when `stop` says so), reshuffling at each epoch's
        end; the detached losses as one device tensor (no host transfer)."""
        model, optimizer, size = self.model, self.optimizer, self.batch_size
        parameters = list(model.parameters())
        losses = []
        model.train()
        for _ in range(int(count)):
            if stop is not None and stop():
                break
            if self._cursor + size > len(self._order):
                self._reshuffle()
            index = self._order[self._cursor:self._cursor + size]
            self._cursor += size
            with self._autocast():
                loss = F.cross_entropy(model(self.x_train[index]), self.y_train[index])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if self.clip_value > 0:
                nn.utils.clip_grad_value_(parameters, self.clip_value)
            optimizer.step()
            losses.append(loss.detach().float())
            self.step += 1
        return torch.stack(losses) if losses else torch.zeros(0, device=self.device)

    def train_epoch(self, stop: Callable[[], bool] | None = None) -> Tensor:
        """The steps up to the end of the current epoch; their mean loss (a device scalar; NaN when
        stopped before the first step)."""
        losses = self.train_steps(self.steps_per_epoch - self.step % self.steps_per_epoch, stop)
        return losses.mean() if len(losses) else torch.full((), float("nan"))

    @torch.no_grad()
    def evaluate(self) -> tuple[float, float, np.ndarray]:
        """(validation loss, validation accuracy, predicted class per validation image)."""
        self.model.eval()
        loss = torch.zeros((), device=self.device)
        predictions = []
        for start in range(0, len(self.x_val), EVAL_CHUNK):
            with self._autocast():
                logits = self.model(self.x_val[start:start + EVAL_CHUNK]).float()
            loss += F.cross_entropy(logits, self.y_val[start:start + EVAL_CHUNK], reduction="sum")
            predictions.append(logits.argmax(dim=1))
        predicted = torch.cat(predictions)
        correct = (predicted == self.y_val).sum()
        values = torch.stack([loss, correct.float()]).cpu().numpy()
        n = len(self.y_val)
        return float(values[0] / n), float(values[1] / n), predicted.cpu().numpy()

    def epochs(self, count: int, stop: Callable[[], bool] | None = None) -> Generator[EpochResult, None, None]:
        """Trains `count` epochs, yielding an EpochResult after each (validation included); ends
        early when `stop` says so."""
        for _ in range(int(count)):
            started, first = time.perf_counter(), self.step
            train_loss = float(self.train_epoch(stop))
            seconds = time.perf_counter() - started
            if self.step % self.steps_per_epoch:  # stopped within the epoch
                return
            val_loss, val_accuracy, _ = self.evaluate()
            images = (self.step - first) * self.batch_size
            yield EpochResult(self.step // self.steps_per_epoch, train_loss, val_loss, val_accuracy, seconds,
                              images / max(seconds, 1e-9))
