"""The Backprop panel: one SGD step stepped through, neuron by neuron."""
