"""The lecture's code, reimplemented faithfully, as the baseline of the benchmarks.

Kept as the lecture wrote it, on purpose: the global ``np.random.seed``, a
class with four attributes, two forward passes per iteration (one before the
update for the gradients, one after it for the loss) and a Python list of
losses. The benchmarks check that ``helpers`` gives the same numbers, faster.
"""
import numpy as np


def housing_list_comprehension(n_samples, seed):
    """The lecture's data generator: one scalar draw at a time, Python's round."""
    np.random.seed(seed)
    surfaces = [round(np.random.uniform(40, 200), 2) for _ in range(n_samples)]
    distances = [round(np.random.uniform(50, 1000), 2) for _ in range(n_samples)]
    prices = [round((100000 + 14373 * s + (1000 - d) * 1286) * (1 + np.random.uniform(-0.1, 0.1))) / 1e6
              for s, d in zip(surfaces, distances)]
    return np.array([surfaces, distances]).T, np.array(prices)


def sine_boundary_list_comprehension(n_samples, seed):
    """The lecture's classification data generator, one scalar draw at a time."""
    np.random.seed(seed)
    x1 = [round(np.random.uniform(-1 + 1e-5, 1 - 1e-5), 2) for _ in range(n_samples)]
    x2 = [round(np.random.uniform(-1 + 1e-5, 1 - 1e-5), 2) for _ in range(n_samples)]
    labels = [1 if b >= -1 / 4 + 3 / 4 * np.sin(np.pi * a) else 0 for a, b in zip(x1, x2)]
    return np.array([x1, x2]).T, np.array(labels)


class LectureShallowNeuralNet:
    """The lecture's two-layer linear network and its training loop."""

    def __init__(self, n_x, n_h, n_y, init_type="normal", seed=37):
        np.random.seed(seed)
        if init_type == "normal":
            self.W1 = np.random.randn(n_x, n_h) * 0.1
            self.b1 = np.random.randn(1, n_h) * 0.1
            self.W2 = np.random.randn(n_h, n_y) * 0.1
            self.b2 = np.random.randn(1, n_y) * 0.1
        elif init_type == "weird":
            limit = np.sqrt(6 / (n_x + n_y))
            self.W1 = np.random.uniform(-limit, limit, (n_x, n_h))
            self.b1 = np.random.uniform(-limit, limit, (1, n_h))
            self.W2 = np.random.uniform(-limit, limit, (n_h, n_y))
            self.b2 = np.random.uniform(-limit, limit, (1, n_y))
        elif init_type == "he":
            self.W1 = np.random.randn(n_x, n_h) * np.sqrt(2 / n_x)
            self.b1 = np.zeros((1, n_h))
            self.W2 = np.random.randn(n_h, n_y) * np.sqrt(2 / n_h)
            self.b2 = np.zeros((1, n_y))
        elif init_type == "lecun":
            self.W1 = np.random.randn(n_x, n_h) * np.sqrt(1 / n_x)
            self.b1 = np.zeros((1, n_h))
            self.W2 = np.random.randn(n_h, n_y) * np.sqrt(1 / n_h)
            self.b2 = np.zeros((1, n_y))
        else:
            raise ValueError(init_type)

    def forward(self, inputs):
        self.Z1 = np.dot(inputs, self.W1) + self.b1
        return np.dot(self.Z1, self.W2) + self.b2

    def MSE_loss(self, inputs, outputs):
        outputs_re = outputs.reshape(-1, 1)
        pred = self.forward(inputs)
        return np.mean((pred - outputs_re) ** 2)

    def backward(self, inputs, outputs):
        m = inputs.shape[0]
        outputs_re = outputs.reshape(-1, 1)
        pred = self.forward(inputs)
        eps = pred - outputs_re
        dW2 = 2 / m * np.dot(self.Z1.T, eps)
        db2 = 2 / m * np.sum(eps, axis=0, keepdims=True)
        dZ1 = np.dot(eps, self.W2.T)
        dW1 = 2 / m * np.dot(inputs.T, dZ1)
        db1 = 2 / m * np.sum(dZ1, axis=0, keepdims=True)
        return dW1, db1, dW2, db2

    def update(self, grads, alpha):
        dW1, db1, dW2, db2 = grads
        self.W1 = self.W1 - alpha * dW1
        self.b1 = self.b1 - alpha * db1
        self.W2 = self.W2 - alpha * dW2
        self.b2 = self.b2 - alpha * db2

    def train(self, inputs, outputs, N_max=100, alpha=1e-6, delta=1e-6):
        losses = [self.MSE_loss(inputs, outputs)]
        for _ in range(N_max):
            grads = self.backward(inputs, outputs)
            self.update(grads, alpha)
            losses.append(self.MSE_loss(inputs, outputs))
            if abs(losses[-1] - losses[-2]) < delta:
                break
        return losses
