"""File → Export: one of the panel's figures as PNG (size, scale), SVG, PDF, CSV or to the clipboard,
or the whole panel as PNG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from actgui.core.codegen.recipe import write
from actgui.core.files import FileAccessError
from actgui.core.registry import QT_TRANSLATE_NOOP
from actgui.qt.base.export import DEFAULT_SIZE, ExportError, copy_image, export, export_widget
from actgui.qt.base.i18n import current_language
from actgui.qt.base.panel import Panel
from actgui.qt.figures.training_views import TRAINING_FIGURES
from actgui.state.code import panel_recipe, trained_recipe

FORMATS = ("png", "svg", "pdf", "csv", "py", "ipynb", "clipboard", "panel")
#: The formats that write the code of the panel's settings instead of a picture.
CODE_FORMATS = ("py", "ipynb")


#: What each figure shows, as the figure list names it (a training figure not listed is named by its
#: registered title, any other by its key).
FIGURE_TITLES = {
    "functions": QT_TRANSLATE_NOOP("ExportDialog", "Activation functions and derivatives"),
    "softmax": QT_TRANSLATE_NOOP("ExportDialog", "Logits and softmax probabilities"),
    "jacobian": QT_TRANSLATE_NOOP("ExportDialog", "Softmax Jacobian"),
    "init_histogram": QT_TRANSLATE_NOOP("ExportDialog", "Weight histogram against theory"),
    "weight_matrix": QT_TRANSLATE_NOOP("ExportDialog", "Weights of the demo layer"),
    "depth": QT_TRANSLATE_NOOP("ExportDialog", "Signal and gradient through depth"),
    "depth_histograms": QT_TRANSLATE_NOOP("ExportDialog", "Activation histograms per layer"),
    "loss_regression": QT_TRANSLATE_NOOP("ExportDialog", "Regression losses"),
    "loss_classification": QT_TRANSLATE_NOOP("ExportDialog", "Classification losses"),
    "loss_sigmoid_output": QT_TRANSLATE_NOOP("ExportDialog", "Losses on a sigmoid output"),
    "loss_distributions": QT_TRANSLATE_NOOP("ExportDialog", "Distributions and their losses"),
    "landscape": QT_TRANSLATE_NOOP("ExportDialog", "Descent on the surface"),
    "network_landscape": QT_TRANSLATE_NOOP("ExportDialog", "Loss landscape of the trained network"),
    "loss": QT_TRANSLATE_NOOP("ExportDialog", "Loss curves"),
    "accuracy": QT_TRANSLATE_NOOP("ExportDialog", "Accuracy curves"),
    "shootout": QT_TRANSLATE_NOOP("ExportDialog", "Activation shoot-out"),
    "gradients": QT_TRANSLATE_NOOP("ExportDialog", "Gradient norms per layer"),
    "update_ratio": QT_TRANSLATE_NOOP("ExportDialog", "Update-to-data ratio per layer"),
    "health": QT_TRANSLATE_NOOP("ExportDialog", "Dead and saturated units"),
    "boundary": QT_TRANSLATE_NOOP("ExportDialog", "Decision boundary or fitted function"),
    "histograms": QT_TRANSLATE_NOOP("ExportDialog", "Activation histograms"),
    "network": QT_TRANSLATE_NOOP("ExportDialog", "Network"),
    "image_grid": QT_TRANSLATE_NOOP("ExportDialog", "Validation images"),
    "confusion": QT_TRANSLATE_NOOP("ExportDialog", "Confusion matrix"),
    "filters": QT_TRANSLATE_NOOP("ExportDialog", "First-layer filters"),
    "feature_maps": QT_TRANSLATE_NOOP("ExportDialog", "Feature maps"),
}


def figure_title(name: str) -> str:
    """The figure `name` as the export dialog lists it, in the current language: its entry above, else
    a registered training figure's title, else its key."""
    if name in FIGURE_TITLES:
        return QCoreApplication.translate("ExportDialog", FIGURE_TITLES[name])
    return TRAINING_FIGURES[name].title() if name in TRAINING_FIGURES else name


class ExportDialog(QDialog):
    """Exports from `panel`; errors are shown in the dialog, which stays open."""

    def __init__(self, panel: Panel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.panel = panel
        self.setWindowTitle(self.tr("Export"))
        self.figure_combo = QComboBox()
        self.figure_combo.setObjectName("export.figure")
        for name in panel.figures:
            self.figure_combo.addItem(figure_title(name), name)
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("export.format")
        labels = [self.tr("PNG image"), self.tr("SVG (vector)"),
                  self.tr("PDF (vector, for slides and LaTeX)"), self.tr("CSV (plotted data)"),
                  self.tr("Python script (the code behind the figure)"),
                  self.tr("Jupyter notebook (the code, step by step)"),
                  self.tr("Copy image to clipboard"), self.tr("Whole panel as PNG")]
        for key, label in zip(FORMATS, labels, strict=True):
            self.format_combo.addItem(label, key)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.width_spin = self._int_spin("export.width", DEFAULT_SIZE[0])
        self.height_spin = self._int_spin("export.height", DEFAULT_SIZE[1])
        self.scale_spin = QDoubleSpinBox()
        self.scale_spin.setObjectName("export.scale")
        self.scale_spin.setRange(0.25, 8.0)
        self.scale_spin.setSingleStep(0.25)
        self.scale_spin.setValue(1.0)
        self.path_edit = QLineEdit(str(Path.home() / f"actgui-{panel.key}.png"))
        self.path_edit.setObjectName("export.path")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.stamp_check = QCheckBox(self.tr("Stamp the settings on the image and write them to a .json beside it"))
        self.stamp_check.setObjectName("export.stamp")
        self.message = QLabel()
        self.message.setObjectName("export.message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText(self.tr("Close"))
        self.export_button = buttons.addButton(self.tr("Export"), QDialogButtonBox.AcceptRole)
        self.export_button.setObjectName("export.run")
        buttons.accepted.connect(self.run_export)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Figure"), self.figure_combo)
        form.addRow(self.tr("Format"), self.format_combo)
        form.addRow(self.tr("Width (px)"), self.width_spin)
        form.addRow(self.tr("Height (px)"), self.height_spin)
        form.addRow(self.tr("Scale (text and lines)"), self.scale_spin)
        form.addRow(self.tr("File"), path_row)
        form.addRow(self.stamp_check)
        form.addRow(self.message)
        form.addRow(buttons)

    def _int_spin(self, name: str, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(16, 20000)
        spin.setValue(value)
        return spin

    def _format_changed(self) -> None:
        key = self.format_combo.currentData()
        suffix = {"png": ".png", "svg": ".svg", "pdf": ".pdf", "csv": ".csv", "py": ".py", "ipynb": ".ipynb",
                  "panel": ".png"}.get(key)
        if suffix:
            self.path_edit.setText(str(Path(self.path_edit.text()).with_suffix(suffix)))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path_edit.text())
        if path:
            self.path_edit.setText(path)

    def _write_code(self, path: Path) -> Path:
        """The panel's settings as code (the Training panel's runs as they trained, live changes
        included, once it has trained); raises ValueError when they have none."""
        session = getattr(self.panel, "session", None)
        runs = session.trained_runs() if session is not None else []
        try:
            recipe = trained_recipe(runs) if runs else panel_recipe(self.panel.key, self.panel.settings)
        except KeyError:
            raise ValueError(self.tr("this panel has no code view")) from None
        return write(recipe, path, current_language())

    def run_export(self) -> bool:
        """Exports with the dialog's settings; shows the outcome in `message`. True on success."""
        key = self.format_combo.currentData()
        try:
            if key in CODE_FORMATS:
                written = str(self._write_code(Path(self.path_edit.text()).with_suffix(f".{key}")))
            elif key == "panel":
                written = str(export_widget(self.panel, self.path_edit.text()))
            else:
                figure = self.panel.export_figure(self.figure_combo.currentData())
                if key == "clipboard":
                    copy_image(figure, self.width_spin.value(), self.height_spin.value(), self.scale_spin.value())
                    written = self.tr("the clipboard")
                else:
                    path = Path(self.path_edit.text()).with_suffix(f".{key}")
                    settings = self.panel.stamp_settings() if self.stamp_check.isChecked() else None
                    written = str(export(figure, path, self.width_spin.value(), self.height_spin.value(),
                                         self.scale_spin.value(), settings))
                figure.widget.deleteLater()
        except (ExportError, FileAccessError, ValueError, KeyError) as error:
            self.message.setStyleSheet("color: #d62728;")
            self.message.setText(self.tr("Not exported: {reason}").format(reason=error))
            return False
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Exported to {target}").format(target=written))
        return True
