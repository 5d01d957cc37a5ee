# expect: pass
def literal_lambda(lam_lecture, n):
    import numpy as np

    return np.float64(lam_lecture) * n
