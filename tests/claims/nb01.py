"""Notebook 1's claims, asserted on its variables after a run (tests/claims).

The notebook states them and keeps only the checks that are its lesson (the student's kept
fraction against the solved ridge system, finite differences against the hand gradient);
the bundle's proofs live here. Every bound is derived for float64, not read off one machine.
"""

CLAIMS = {
    # "there the MSE's gradient points at the origin": the tangency of the disc and the
    # contour, -∇MSE = λ/n · w_λ, for every λ of the explorer; float64 sums of 50 terms.
    "ridge_tangency": """
for lam_ in ridge_lams:
    w_lam = ridge(lam_)
    grad_mse = 2 * Xr.T @ (Xr @ w_lam - yr) / nr
    assert torch.allclose(grad_mse, -lam_ / nr * w_lam, rtol=0, atol=1e-12), lam_
""",
    # Exercise 1's answer is what the ridge solutions keep, for every λ; the weak
    # direction keeps less, and the fraction falls as λ grows ("shrink first").
    "kept_fraction_for_every_lambda": """
kept_all = torch.stack([(ridge(lam_) @ V) / (w_ols @ V) for lam_ in ridge_lams])
for lam_, row in zip(ridge_lams, kept_all):
    assert torch.allclose(row, kept_fraction(s, float(lam_)), rtol=1e-10, atol=0), lam_
assert (kept_all[:, 0] < kept_all[:, 1]).all(), "the weak direction keeps less"
assert (kept_all[1:] < kept_all[:-1]).all(), "each fraction falls as λ grows"
assert s[0] < s[1]
""",
    # "λ = 2 λ_lecture: the same cost": the printed costs, and the lecture's minimizer
    # (L-BFGS on autograd, a third method) is ours at 2 λ_lecture, not at λ_lecture.
    "lecture_lambda_is_half_of_ours": """
assert abs(lecture.item() - ours[0]) < 1e-12 and abs(lecture.item() - ours[1]) > 1e-2

def lecture_cost(w_, b_, lam_lecture):
    return F.binary_cross_entropy_with_logits(X @ w_ + b_, y) + lam_lecture / n * (w_**2).sum()

def minimize(cost):
    w_ = torch.zeros(d, dtype=torch.float64, requires_grad=True)
    b_ = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w_, b_], max_iter=500, tolerance_grad=1e-13, tolerance_change=0,
                            line_search_fn="strong_wolfe")
    def closure():
        opt.zero_grad()
        value = cost(w_, b_)
        value.backward()
        return value
    opt.step(closure)
    return w_.detach(), b_.detach()

def sk(lam_):
    model = sklearn_logistic(C=1 / lam_).fit(X.numpy(), y.numpy())
    return model.coef_[0], model.intercept_[0]

w_lec, b_lec = minimize(lambda w_, b_: lecture_cost(w_, b_, 5.0))
(w_ours, b_ours), (w_same, _) = sk(10.0), sk(5.0)
assert np.allclose(w_lec.numpy(), w_ours, atol=1e-6) and abs(b_lec.item() - b_ours) < 1e-6
assert np.abs(w_lec.numpy() - w_same).max() > 1e-2
""",
    # the hand gradient equals autograd's on the notebook's cost: both float64 means of
    # 100 terms below 5 in size, so they differ by less than 100 * 2**-53 * 5 < 6e-14.
    "hand_gradient_equals_autograd": """
t_ = theta.clone().requires_grad_(True)
penalized_logistic_cost(t_[:2], t_[2], X, y, 2.0).backward()
assert torch.allclose(t_.grad, hand, rtol=0, atol=1e-12), (t_.grad, hand)
""",
    # "their error is about 1e-10 here; a slip in a derivation is off by far more": the
    # printed relative error is below 1e-8 (h²/6·|J'''| + ε|J|/h with h = 1e-6), and the
    # checker's named mistakes all differ from the finite differences by more than 1e-3.
    "finite_differences_tell_a_slip": """
assert rel_error < 1e-8, rel_error
r_ = torch.sigmoid(X @ theta[:2] + theta[2]) - y
slips = [X.T @ r_ / n, X.T @ r_ / n + 2.0 / (2 * n) * theta[:2], X.T @ r_ + 2.0 / n * theta[:2],
         X.T @ r_ / n + 2.0 * theta[:2]]
for slip in slips:
    wrong = torch.cat([slip, r_.mean().reshape(1)])
    assert ((fd - wrong).abs() / (fd.abs() + wrong.abs())).max() > 1e-3
""",
    # "checked against scikit-learn": gradient descent on the student's gradient reaches
    # scikit-learn's minimizer (newton-cg, tol 1e-12) for the four λ.
    "gradient_descent_matches_scikit_learn": """
for lam_, (w_, b_) in fits.items():
    model = sklearn_logistic(C=1 / lam_).fit(X.numpy(), y.numpy())
    assert np.allclose(w_.numpy(), model.coef_[0], atol=1e-6), lam_
    assert abs(b_.item() - model.intercept_[0]) < 1e-6, lam_
""",
    # the MAP view: -log posterior / n = J + const for any (w, b), float64 (rtol 1e-12),
    # and its gradient vanishes at the penalized minimizer.
    "penalized_minimizer_is_the_map_estimate": """
lam_ = 10.0
prior = torch.distributions.Normal(0.0, torch.tensor(lam_**-0.5, dtype=torch.float64))

def neg_log_posterior(w_, b_):
    return n * F.binary_cross_entropy_with_logits(X @ w_ + b_, y) - prior.log_prob(w_).sum()

const = d / 2 * np.log(2 * np.pi / lam_) / n
g_ = torch.Generator().manual_seed(1)
for _ in range(3):
    w_r, b_r = torch.randn(d + 1, generator=g_, dtype=torch.float64).split([d, 1])
    J_ = penalized_logistic_cost(w_r, b_r[0], X, y, lam_)
    assert torch.isclose(neg_log_posterior(w_r, b_r[0]) / n, J_ + const, rtol=1e-12)
model = sklearn_logistic(C=1 / lam_).fit(X.numpy(), y.numpy())
w_map = torch.tensor(model.coef_[0], requires_grad=True)
b_map = torch.tensor(model.intercept_[0], requires_grad=True)
neg_log_posterior(w_map, b_map).backward()
assert torch.cat([w_map.grad, b_map.grad[None]]).norm() < 1e-6
""",
    # the calmer model: every sensitivity is within the bound ||w||/4, the bound falls with
    # λ, and on these four fits (not in general) the mean sensitivity falls too.
    "sensitivity_bounded_and_falling_on_these_fits": """
norms_, means_ = [], []
for lam_, (w_, b_) in fits.items():
    x_ = X.clone().requires_grad_(True)
    torch.sigmoid(x_ @ w_ + b_).sum().backward()
    sens_ = x_.grad.norm(dim=1)
    assert sens_.max() <= w_.norm() / 4 * (1 + 1e-12), lam_
    norms_.append(w_.norm().item())
    means_.append(sens_.mean().item())
assert np.all(np.diff(norms_) < 0) and np.all(np.diff(means_) < 0)
""",
    # the path: ||w|| falls as λ grows, "here both weights fall"; L2 sets no weight exactly
    # to 0.
    "path_shrinks_and_never_reaches_zero": """
assert np.all(np.diff(norms) < 0), "the norm of w must fall as λ grows"
assert np.all(np.diff(path, axis=0) < 0), "here each weight falls as λ grows"
assert np.all(path != 0), "L2 shrinks weights but never sets them exactly to 0"
""",
    # "in the ridge picture w2 first rises with λ" (printed there) before it falls, while
    # ||w|| and every eigen-component shrink.
    "ridge_w2_rises_before_it_falls": """
top = int(w2.argmax())
assert 0 < top < len(w2) - 1 and w2.max() > w_ols[1] + 0.5 and w2[-1] < w2.max() / 10
norms_r = torch.stack([ridge(lam_).norm() for lam_ in ridge_lams])
assert (norms_r[1:] < norms_r[:-1]).all() and ridge(0.0).norm() > norms_r[0]
""",
}
