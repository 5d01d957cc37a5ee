# hint: your result does not follow the arguments: use s and lam as the function gets them, not the notebook's variables (its eigenvalues, its λ, w_ols or V).
# the notebook's variables as a student's kernel holds them (its ridge cell)
XtX = torch.tensor([[40.0, 35.0], [35.0, 52.0]], dtype=torch.float64)
Xty = torch.tensor([60.0, 70.0], dtype=torch.float64)
s, V = torch.linalg.eigh(XtX)
w_ols = torch.linalg.solve(XtX, Xty)


def kept_fraction(s, lam):
    # copied from the ridge cell: w_λ's eigen-components over w_ols's
    w_lam = torch.linalg.solve(XtX + lam / 2 * torch.eye(2, dtype=torch.float64), Xty)
    return (w_lam @ V) / (w_ols @ V)
