"""The Model page: the defaults for every model, and one model's own settings — values
that override the defaults, its system prompt, and its chat template (validated by
rendering a sample conversation, with a live preview)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import gpu
from app.core.chat_template import TemplateError, render_sample
from app.core.generation import GenerationSettings
from app.core.gguf_header import GGUFError, GGUFHeader, read_gguf_header
from app.core.installed import InstalledModel
from app.core.model_settings import OVERRIDABLE, ModelSettings
from app.core.settings import Settings
from app.ui.i18n import say
from app.ui.settings.generation_form import (
    FormError,
    GenerationForm,
    OptionalEditor,
    field_label,
    optional_number,
)
from app.ui.settings.gpu_layers import GpuLayersPicker

_PREVIEW_DELAY_MS = 300


def _header(model: InstalledModel) -> GGUFHeader | None:
    try:
        return read_gguf_header(model.path)
    except (GGUFError, OSError):
        return None


def own_template(model: InstalledModel) -> str:
    """The template the model file brings (or its catalog entry's fix), "" if none."""
    if model.entry is not None and model.entry.chat_template:
        return model.entry.chat_template
    try:
        return read_gguf_header(model.path).chat_template or ""
    except (GGUFError, OSError):
        return ""


class ModelOverridesForm(QWidget):
    """One model's settings; ticked values override the defaults."""

    def __init__(self, model: InstalledModel, current: ModelSettings, defaults: GenerationSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.own_template = own_template(model)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.values: dict[str, OptionalEditor] = {}
        for name in OVERRIDABLE:
            label = field_label(name)
            check, editor = optional_number(
                form, name, self.tr("Override {setting}").format(setting=label),
                self.tr("{setting} for {model}").format(setting=label, model=model.name),
                self.tr("Unticked: the default for all models"))
            value = getattr(current, name)
            editor.setValue(value if value is not None else getattr(defaults, name))
            check.setChecked(value is not None)
            self.values[name] = (check, editor)
        self._stored_gpu_layers = current.gpu_layers  # kept as it is on a CPU build
        self.gpu_layers: GpuLayersPicker | None = None
        if gpu.offload_supported():  # a CPU build has no such row (not a greyed one)
            header = _header(model)
            self.gpu_layers = GpuLayersPicker(current.gpu_layers,
                                              header.block_count if header else None,
                                              model.name)
            form.addRow(self.tr("GPU layers"), self.gpu_layers)
        self.prompt = QPlainTextEdit(current.system_prompt or "")
        self.prompt.setAccessibleName(self.tr("System prompt for {model}").format(
            model=model.name))
        self.prompt.setPlaceholderText(self.tr("Empty: the default system prompt"))
        self.prompt.setMaximumHeight(70)
        form.addRow(self.tr("System prompt"), self.prompt)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("<b>Chat template</b> (Jinja, as in the model file)")))
        self.template = QPlainTextEdit(current.chat_template or self.own_template)
        self.template.setAccessibleName(self.tr("Chat template for {model}").format(
            model=model.name))
        self.template.setMinimumHeight(120)
        layout.addWidget(self.template)
        bar = QHBoxLayout()
        self.template_state = QLabel()
        self.template_state.setWordWrap(True)
        self.template_state.setObjectName("formNote")
        bar.addWidget(self.template_state, 1)
        self.reset_button = QPushButton(self.tr("Reset to the model's own"))
        self.reset_button.clicked.connect(self.reset_template)
        bar.addWidget(self.reset_button)
        layout.addLayout(bar)
        layout.addWidget(QLabel(self.tr("Preview: a sample conversation as the model will see it")))
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Chat template preview"))
        self.preview.setMinimumHeight(120)
        layout.addWidget(self.preview)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self.template.textChanged.connect(self._timer.start)
        self.update_preview()

    def reset_template(self) -> None:
        self.template.setPlainText(self.own_template)
        self.update_preview()

    def update_preview(self) -> bool:
        """Render the sample; show it, or why the template cannot be used."""
        try:
            self.preview.setPlainText(render_sample(self.template.toPlainText()))
        except TemplateError as exc:
            self.template_state.setText(self.tr("This template cannot be used: {reason}").format(
                reason=say(exc)))
            self.preview.clear()
            return False
        mine = self.template.toPlainText() != self.own_template
        self.template_state.setText(self.tr("Your own template (it replaces the model's).") if mine
                                    else self.tr("The model's own template."))
        return True

    def result(self) -> ModelSettings:
        values: dict[str, object] = {name: editor.value() if check.isChecked() else None
                                     for name, (check, editor) in self.values.items()}
        text = self.template.toPlainText()
        if text != self.own_template:
            try:
                render_sample(text)
            except TemplateError as exc:
                raise FormError(self.tr("Chat template for {model}: {reason}").format(
                    model=self.model.name, reason=say(exc))) from None
            values["chat_template"] = text
        values["system_prompt"] = self.prompt.toPlainText().strip() or None
        values["gpu_layers"] = (self.gpu_layers.value() if self.gpu_layers is not None
                                else self._stored_gpu_layers)
        return ModelSettings.model_validate(values)


class ModelPage(QWidget):
    """Pick "All models" (the defaults) or one model, and edit its settings."""

    def __init__(self, settings: Settings, models: list[InstalledModel], max_context: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._models = models
        self._forms: dict[str, ModelOverridesForm] = {}
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Settings for")))
        self.choice = QComboBox()
        self.choice.setAccessibleName(self.tr("Settings for which model"))
        self.choice.addItem(self.tr("All models (the defaults)"), "")
        for model in models:
            self.choice.addItem(model.name, model.id)
        top.addWidget(self.choice, 1)
        layout.addLayout(top)
        self.defaults = GenerationForm(settings.system_prompt, settings.generation, max_context)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.defaults)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.stack)
        layout.addWidget(self.scroll_area, 1)
        self.choice.currentIndexChanged.connect(self._chosen)

    def show_model(self, model_id: str) -> ModelOverridesForm | None:
        index = self.choice.findData(model_id)
        if index < 0:
            return None
        self.choice.setCurrentIndex(index)
        return self._forms.get(model_id)

    def show_template(self, model_id: str) -> ModelOverridesForm | None:
        """Show ``model_id``'s settings scrolled to its chat template, ready to edit."""
        form = self.show_model(model_id)
        if form is not None:  # scrolled once the dialog has its size
            QTimer.singleShot(0, lambda: self.scroll_area.ensureWidgetVisible(
                form.template_state))
            form.template.setFocus()
        return form

    def _chosen(self, index: int) -> None:
        model_id = self.choice.itemData(index)
        if not model_id:
            self.stack.setCurrentWidget(self.defaults)
            return
        form = self._forms.get(model_id)
        if form is None:
            model = next(m for m in self._models if m.id == model_id)
            current = self._settings.model_settings.get(model_id) or ModelSettings()
            form = ModelOverridesForm(model, current, self._settings.generation)
            self._forms[model_id] = form
            self.stack.addWidget(form)
        self.stack.setCurrentWidget(form)

    def result(self) -> tuple[GenerationSettings, str, dict[str, ModelSettings]]:
        """Defaults, default prompt, and every model's settings; :class:`FormError` if bad."""
        generation, prompt = self.defaults.result()
        per_model = dict(self._settings.model_settings)
        for model_id, form in self._forms.items():
            try:
                own = form.result()
            except FormError:
                self.show_model(model_id)
                raise
            if own.empty:
                per_model.pop(model_id, None)
            else:
                per_model[model_id] = own
        return generation, prompt, per_model
