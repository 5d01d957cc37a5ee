# expect: pass
import numpy as np


def network_code_weight_decay(LAMBDA, batch_size):
    penalty_factor = np.float64(2.0) / batch_size * LAMBDA  # the course: factor * sum w^2
    return penalty_factor * 2  # its gradient per weight is twice the factor: a float64
