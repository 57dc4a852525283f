"""The "GPU layers" choice of one model: auto, 0 (CPU only), 1 … n-1, all.

Built only when llama.cpp was built with a GPU backend
(:func:`app.core.gpu.offload_supported`); on a CPU build the Model page has
no such row at all.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from app.core.gpu import ALL_LAYERS


class GpuLayersPicker(QComboBox):
    """Auto / 0 / 1 … / all for a model of ``n_layers`` layers (None: not known; the
    choice is then auto, CPU only or all)."""

    def __init__(self, current: int | None, n_layers: int | None, model_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("GPU layers for {model}").format(model=model_name))
        self.setToolTip(self.tr("How many of the model's layers llama.cpp puts in the GPU's "
                                "memory. Auto: as many as its free memory holds."))
        self.addItem(self.tr("Auto (as many as fit)"), None)
        self.addItem(self.tr("0 (CPU only)"), 0)
        for layers in range(1, n_layers or 0):
            self.addItem(str(layers), layers)
        self.addItem(self.tr("All ({layers})").format(layers=n_layers) if n_layers
                     else self.tr("All"), ALL_LAYERS)
        if current is not None and n_layers and current >= n_layers:
            current = ALL_LAYERS
        index = self.findData(current)
        if index < 0 and current is not None:  # a number the header cannot be read to offer
            self.addItem(str(current), current)
            index = self.count() - 1
        self.setCurrentIndex(index if index >= 0 else 0)

    def value(self) -> int | None:
        data = self.currentData()
        return int(data) if data is not None else None
