"""About Fireside: versions, this machine, and where the data and logs live."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app import APP_NAME, __version__
from app.core.gpu import backend_summary
from app.core.hardware import MachineInfo, machine_info
from app.core.paths import AppPaths
from app.ui.folders import open_folder
from app.ui.i18n import say


def versions() -> dict[str, str]:
    """Fireside and what it runs on."""
    llama_build = QCoreApplication.translate("AboutDialog", "unknown")
    try:
        import llama_cpp

        llama = str(llama_cpp.__version__)
        try:
            raw = llama_cpp.llama_version()
            llama_build = raw.decode() if isinstance(raw, bytes) else str(raw)
        except (AttributeError, OSError):
            pass
    except ImportError:
        llama = QCoreApplication.translate("AboutDialog", "not installed")
    return {APP_NAME: __version__, "Python": platform.python_version(),
            "Qt": qVersion(), "PySide6": PySide6.__version__, "llama-cpp-python": llama,
            "llama.cpp": llama_build}


def _gib(value: int) -> str:
    return f"{value / (1 << 30):.1f} GiB"


def hardware_lines(info: MachineInfo) -> list[str]:
    def tr(text: str) -> str:
        return QCoreApplication.translate("AboutDialog", text)

    return [tr("Processor: {cpu}").format(cpu=info.cpu),
            tr("Cores: {physical} physical, {logical} logical").format(
                physical=info.physical_cores, logical=info.logical_cores),
            tr("Memory: {total} in all, {free} available").format(
                total=_gib(info.total_ram), free=_gib(info.available_ram)),
            tr("llama.cpp uses: {features}").format(
                features=", ".join(info.cpu_features) or tr("(not reported)")),
            tr("GPU: {backend}").format(backend=say(backend_summary()))]


class AboutDialog(QDialog):
    """Versions, hardware, folders, and a button that opens the logs folder."""

    def __init__(self, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About {app}").format(app=APP_NAME))
        layout = QVBoxLayout(self)
        title = QLabel(f"<h2>{APP_NAME} {__version__}</h2><p>" + self.tr(
            "A private, offline-first chat with open language models. Everything stays on "
            "this computer.") + "</p>")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.versions = versions()
        self.info = machine_info()
        rows = [f"{name}: {value}" for name, value in self.versions.items()]
        rows += hardware_lines(self.info)
        rows += [self.tr("Data: {path}").format(path=paths.data_dir),
                 self.tr("Settings: {path}").format(path=paths.settings_file),
                 self.tr("Logs: {path}").format(path=paths.log_dir)]
        self.details = QLabel("\n".join(rows))
        self.details.setObjectName("aboutDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        self.logs_button = QPushButton(self.tr("Open the logs folder"))
        self.logs_button.clicked.connect(lambda: open_folder(paths.log_dir))
        layout.addWidget(self.logs_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
