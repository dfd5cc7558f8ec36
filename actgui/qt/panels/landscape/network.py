"""The Landscape panel's trained-network surface: the loss of the Training panel's network on a plane
through its weights, computed in the training process (texts in the LandscapePanel context)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QStandardItemModel

from actgui.core.network_landscape import NETWORK_SURFACE, NetworkLandscape
from actgui.qt.base.trained_network import TrainedNetworkLink
from actgui.qt.panels.landscape.controls import ERROR_STYLE

translate = QCoreApplication.translate


class TrainedNetworkSurface:
    """Offers, computes and shows the trained network's loss landscape in the Landscape panel."""

    # -- the trained network --------------------------------------------------------------------------
    def attach_trained_network(self, link: TrainedNetworkLink) -> None:
        """Shows the network `link` offers (the Training panel's) and computes its landscape through it."""
        self.trained_network = link
        link.changed.connect(self._network_offered)
        link.progressed.connect(self._network_progressed)
        link.computed.connect(self._network_computed)
        link.failed.connect(self._network_failed)
        self._show_network_availability()

    @property
    def network_available(self) -> bool:
        return self.trained_network is not None and self.trained_network.available

    @property
    def network_busy(self) -> bool:
        return self.trained_network is not None and self.trained_network.busy

    def compute_network(self) -> bool:
        """Asks for the trained network's landscape on the chosen plane; False when there is no
        network or one is being computed."""
        if not self.network_available or self.network_busy:
            return False
        if not self.trained_network.compute(self.settings.network_settings()):
            self._set_network_message(translate("LandscapePanel",
                                                "Not computed: the training process is not running."), True)
            return False
        self.network_progress.setRange(0, 0)
        self._set_network_message(translate("LandscapePanel", "Computing the loss in the training process…"))
        return True

    def cancel_network(self) -> None:
        if self.network_busy:
            self.trained_network.cancel()

    def _network_offered(self) -> None:
        """A new network (or none): the landscape shown belongs to the previous one."""
        self.network_landscape = None
        self._set_network_message("")
        self._show_surface_controls()
        if self.settings.network and self.isVisible():
            self.compute_network()

    def _network_progressed(self, done: int, total: int) -> None:
        self.network_progress.setRange(0, max(total, 1))
        self.network_progress.setValue(done)

    def _network_computed(self, landscape: NetworkLandscape) -> None:
        self.network_landscape = landscape
        self.network_figure.show(landscape)
        self.network_progress.setRange(0, 1)
        self.network_progress.setValue(1)
        text = translate("LandscapePanel", "Loss at the trained weights {loss}; {points} points in {seconds} s.")
        self._set_network_message(text.format(
            loss=f"{landscape.centre_loss:.4g}", points=landscape.loss.size, seconds=f"{landscape.seconds:.2f}"))
        self._show_surface_controls()

    def _network_failed(self, reason: str) -> None:
        self.network_progress.setRange(0, 1)
        self.network_progress.setValue(0)
        if reason:
            self._set_network_message(translate("LandscapePanel", "Not computed: {reason}").format(reason=reason), True)
        else:
            self._set_network_message(translate("LandscapePanel", "Cancelled."))

    def _set_network_message(self, text: str, error: bool = False) -> None:
        self._network_message, self._network_error = text, error
        self._show_network_availability()

    def _show_network_availability(self) -> None:
        """The network choice is enabled only with a trained network; the box says what there is."""
        available, busy = self.network_available, self.network_busy
        index = self.surface_combo.findData(NETWORK_SURFACE)
        model = self.surface_combo.model()
        unavailable = translate("LandscapePanel",
                                "No network has been trained yet: train one in the Training panel (Start), "
                              "then its loss landscape can be shown here.")
        if isinstance(model, QStandardItemModel):
            model.item(index).setEnabled(available or self.settings.network)
        self.surface_combo.setItemData(index, "" if available else unavailable, Qt.ToolTipRole)
        if available:
            about = translate("LandscapePanel",
                              "The loss of {network} on its training data, on a plane through its trained "
                            "weights; right: from its initial to its trained weights.").format(
                network=self.trained_network.description)
        else:
            about = unavailable
        self.network_about.setText(about)
        self.network_compute_button.setEnabled(available and not busy)
        self.network_cancel_button.setEnabled(busy)
        self.network_status.setText(self._network_message)
        self.network_status.setStyleSheet(ERROR_STYLE if self._network_error else "")
        self.to_training_button.setText(translate("LandscapePanel", "Go to the Training panel"))
        self.to_training_button.setVisible(not available)
        if not available:
            self.network_placeholder_label.setText(unavailable)
        elif busy:
            self.network_placeholder_label.setText(translate("LandscapePanel",
                                                             "Computing the loss in the training process…"))
        else:
            self.network_placeholder_label.setText(translate("LandscapePanel",
                                                             "Press Compute to show the loss landscape of {network}.")
                                                   .format(network=self.trained_network.description))
