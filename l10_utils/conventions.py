"""How other texts and libraries write the L2 penalty, and the knob that reproduces ours.

This bundle's cost (the "bundle" convention): for ``n`` training examples,

    J(w) = mean loss + lam / (2 * n) * sum(w ** 2)        (biases not penalized).

Every row of :data:`CONVENTIONS` is one other way of writing an L2 penalty, with the value
of its knob (``weight_decay``, ``C``, ``alpha``, ...) that gives the same cost, or the same
training steps, as ``J`` with a given ``lam``, and what it takes to run it: a row with a
``route`` (its optimizer and penalty) is checked by training (:func:`trajectory_gap`), a row
with a ``fit`` (scikit-learn's model) by its minimizer (:func:`minimizer_gap`); the others
(libraries not installed here) follow from the formula alone.
Everything runs in float64, so an identity shows as a gap at rounding level (about 1e-16).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from .models import make_mlp

#: A gap below this is an identity in float64: identities here end about 1e-16 apart
#: (scikit-learn's LogisticRegression: at its solver tolerance, a few 1e-12).
IDENTITY_TOL = 1e-10


@dataclass(frozen=True, kw_only=True)
class Convention:
    """One way of writing an L2 penalty, with what it takes to run it.

    ``penalty`` is the formula as the source writes it (and which loss it is added to),
    ``knob`` the name of the argument, ``from_bundle(lam, n, batch_size)`` the knob's value
    that reproduces the bundle's cost with ``lam`` (None when no constant does). A row with
    a ``route(knob, n)`` (its optimizer and :func:`_train` arguments) is checked by training
    (:func:`trajectory_gap`), one with a ``fit(knob)`` (scikit-learn's model and the loss it
    sums) by its minimizer (:func:`minimizer_gap`); a row with neither (a library not
    installed here) follows from its formula alone.
    """

    name: str
    penalty: str
    knob: str
    from_bundle: Callable[[float, int, int | None], float | None]
    route: Callable[[float, int], tuple[type[torch.optim.Optimizer], dict]] | None = None
    fit: Callable[[float], tuple[Any, Callable]] | None = None
    needs_batch_size: bool = False

    @property
    def check(self) -> str:
        """How this module verifies the row: ``"trajectory"``, ``"minimizer"`` or ``"formula"``."""
        return "trajectory" if self.route else "minimizer" if self.fit else "formula"

    @property
    def reproduces_ours(self) -> bool:
        """Whether a constant knob reproduces the bundle's cost (AdamW's decay: none does)."""
        return self.from_bundle(1.0, 1, 1) is not None


def _sum_sq(weights: list[torch.Tensor]) -> torch.Tensor:
    return sum((w**2).sum() for w in weights)  # type: ignore[return-value]


def _ridge(alpha: float) -> Any:
    from sklearn.linear_model import Ridge  # lazy: sklearn is heavy

    return Ridge(alpha=alpha)


SGD, Adam = torch.optim.SGD, torch.optim.Adam
CONVENTIONS: tuple[Convention, ...] = (
    # No ½: the lecture's λ is half of ours.
    Convention(
        name="lecture slides",
        penalty="(1/n)·Σ L⁽ⁱ⁾ + (λ/n)·Σ w²  (mean loss, no ½)",
        knob="λ",
        from_bundle=lambda lam, n, B: lam / 2,
        route=lambda knob, n: (SGD, {"penalty": lambda ws, B: knob / n * _sum_sq(ws)}),
    ),
    # Per mini-batch of size B the penalty is 2·LAMBDA/B·Σw², so LAMBDA = λ·B/(4n): n/B times
    # and 2× stronger than the slides' formula with the same number. Exact only when every
    # batch has size B (a smaller last batch gets a larger penalty).
    Convention(
        name="lecture code",
        penalty="`cost + 2./targets.size(0) * LAMBDA * L2` on each mini-batch (mean loss)",
        knob="LAMBDA",
        from_bundle=lambda lam, n, B: lam * B / (4 * n),
        # as the course writes it: cost = cost + 2./targets.size(0) * LAMBDA * L2
        route=lambda knob, n: (SGD, {"penalty": lambda ws, B: 2.0 / B * knob * _sum_sq(ws)}),
        needs_batch_size=True,
    ),
    # Decays every tensor it is given: put biases in a group with weight_decay=0.
    Convention(
        name="torch SGD",
        penalty="`SGD(weight_decay=wd)` adds wd·w to the gradient = wd/2·Σ w² added to the loss",
        knob="weight_decay",
        from_bundle=lambda lam, n, B: lam / n,
        route=lambda knob, n: (SGD, {"weight_decay": knob}),
    ),
    # L2 in the loss: the same as Adam on the penalized cost, not decoupled decay.
    Convention(
        name="torch Adam",
        penalty="`Adam(weight_decay=wd)` adds wd·w to the gradient before Adam's scaling",
        knob="weight_decay",
        from_bundle=lambda lam, n, B: lam / n,
        route=lambda knob, n: (Adam, {"weight_decay": knob}),
    ),
    # Decoupled decay, not a penalty on the cost: no constant reproduces ours. The decay per
    # step is lr·wd, so the same wd decays differently when lr changes. With plain SGD a
    # decoupled decay lr·wd per step equals L2 with weight_decay wd; with Adam it does not.
    Convention(
        name="torch AdamW",
        penalty="`AdamW(weight_decay=wd)`: w ← w − lr·wd·w each step, apart from the Adam step",
        knob="weight_decay",
        from_bundle=lambda lam, n, B: None,
        route=lambda knob, n: (torch.optim.AdamW, {"weight_decay": knob}),
    ),
    # No ½ and no 1/n: l2 = λ/(2n). From the formula (Keras is not installed).
    Convention(
        name="Keras l2",
        penalty="`regularizers.l2(l2)`: `l2 * reduce_sum(square(x))` added to the mean loss",
        knob="l2",
        from_bundle=lambda lam, n, B: lam / (2 * n),
    ),
    # The ½ but no 1/n: λ_d2l = λ/n, the same number as SGD's weight_decay.
    Convention(
        name="d2l",
        penalty="L(w, b) + λ/2·‖w‖², L the mean loss (d2l.ai, Weight Decay)",
        knob="lambd",
        from_bundle=lambda lam, n, B: lam / n,
    ),
    # The same convention as ours (m = n): the same λ.
    Convention(
        name="deeplearning.ai",
        penalty="mean cross-entropy + (1/m)·(λ/2)·Σₗ ‖W⁽ˡ⁾‖² (Frobenius norms)",
        knob="lambd",
        from_bundle=lambda lam, n, B: lam,
    ),
    # No ½ and no 1/n (linear classifiers): reg = λ/(2n).
    Convention(
        name="CS231n svm/softmax",
        penalty="`loss += reg * np.sum(W * W)` after the mean data loss",
        knob="reg",
        from_bundle=lambda lam, n, B: lam / (2 * n),
    ),
    # With the ½ (fully connected nets): reg = λ/n, twice the svm/softmax value.
    Convention(
        name="CS231n fc_net",
        penalty="`loss += 0.5 * self.reg * np.sum(W * W)` after the mean data loss",
        knob="reg",
        from_bundle=lambda lam, n, B: lam / n,
    ),
    # n/λ times our cost, so the same minimizer with C = 1/λ, whatever n. C = inf: no
    # penalty. Solver newton-cg (liblinear would penalize the intercept).
    Convention(
        name="sklearn LogisticRegression",
        penalty="C·Σᵢ loss⁽ⁱ⁾ + ½‖w‖²  (a sum of losses; intercept not penalized)",
        knob="C",
        from_bundle=lambda lam, n, B: 1 / lam if lam > 0 else math.inf,
        fit=lambda knob: (sklearn_logistic(knob), F.binary_cross_entropy_with_logits),
    ),
    # n times our cost with the loss (y − ŷ)², so alpha = λ/2 whatever n. With the loss
    # ½(y − ŷ)² it would be alpha = λ.
    Convention(
        name="sklearn Ridge",
        penalty="‖y − Xw − b‖² + alpha·‖w‖²  (a sum of squared errors; intercept not penalized)",
        knob="alpha",
        from_bundle=lambda lam, n, B: lam / 2,
        fit=lambda knob: (_ridge(knob), lambda z, y: ((y - z) ** 2).mean()),
    ),
)

_BY_NAME = {c.name: c for c in CONVENTIONS}


def convention(name: str) -> Convention:
    """Return the row called ``name``; ``ValueError`` listing the known names otherwise."""
    if name not in _BY_NAME:
        raise ValueError(f"unknown convention name {name!r}; known: {', '.join(_BY_NAME)}")
    return _BY_NAME[name]


def from_bundle(name: str, lam: float, n: int, batch_size: int | None = None) -> float | None:
    """Return the knob of convention ``name`` that reproduces ``mean loss + lam/(2n)·Σw²``.

    None when no constant does (AdamW). ``batch_size`` is needed by "lecture code" only.
    """
    row = convention(name)
    if row.needs_batch_size and batch_size is None:
        raise ValueError(f"{name!r} needs batch_size, the mini-batch size B")
    return row.from_bundle(lam, n, batch_size)


# --------------------------------------------------------------------------- running the rows


def toy_data(n: int = 200, d: int = 3, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Return float64 ``X`` (n, d) and labels ``y`` in {0., 1.} from a noisy logistic model."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g, dtype=torch.float64)
    w = torch.linspace(1.0, -1.0, d, dtype=torch.float64)
    y = (torch.rand(n, generator=g, dtype=torch.float64) < torch.sigmoid(X @ w + 0.3)).double()
    return X, y


def _train(
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    optimizer: type[torch.optim.Optimizer],
    batch_size: int | None,
    penalty: Callable[[list[torch.Tensor], int], torch.Tensor] | None = None,
    weight_decay: float = 0.0,
    decoupled: float = 0.0,
) -> torch.Tensor:
    """Train a fixed float64 MLP ``d -> 4 -> 1`` for 20 steps of lr 0.1; return its parameters.

    Batches are ``X.split(batch_size)`` in order, cycled. ``penalty(weights, B)`` is added to
    the mean BCE of each batch of size B; ``weight_decay`` goes to the optimizer for the
    weight matrices (biases: 0); ``decoupled`` multiplies the weight matrices by
    ``1 - lr * decoupled`` before each step, as AdamW does.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = make_mlp((X.shape[1], 4, 1), activation=nn.Tanh, dtype=torch.float64)
    weights = [p for p in model.parameters() if p.ndim >= 2]
    others = [p for p in model.parameters() if p.ndim <= 1]
    opt = optimizer(
        [{"params": weights, "weight_decay": weight_decay}, {"params": others, "weight_decay": 0}],
        lr=0.1,
    )
    batches = list(zip(X.split(batch_size or len(y)), y.split(batch_size or len(y)), strict=True))
    for step in range(20):
        xb, yb = batches[step % len(batches)]
        opt.zero_grad()
        loss = F.binary_cross_entropy_with_logits(model(xb).squeeze(1), yb)
        if penalty is not None:
            loss = loss + penalty(weights, yb.size(0))
        loss.backward()
        if decoupled:
            with torch.no_grad():
                for w in weights:
                    w.mul_(1 - 0.1 * decoupled)
        opt.step()
    return torch.cat([p.detach().flatten() for p in model.parameters()])


def _gap(a: torch.Tensor, b: torch.Tensor) -> float:
    return (a - b).abs().max().item()


def trajectory_gap(
    name: str,
    lam: float,
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    batch_size: int | None = None,
    knob: float | None = None,
) -> float:
    """Return max |Δparameter| after 20 steps of lr 0.1: row ``name`` vs the bundle's cost.

    Both train the same float64 MLP on the same batches (full batch when ``batch_size`` is
    None): the bundle's penalized cost (notebook 2) on one side, the row's
    own form with ``knob`` (default: :func:`from_bundle`). The optimizer is SGD, or Adam for
    the Adam and AdamW rows. A matching row ends at rounding level (about 1e-16; below
    :data:`IDENTITY_TOL`); a wrong knob, or AdamW, ends visibly apart.
    """
    n = len(y)
    if knob is None:
        knob = from_bundle(name, lam, n, batch_size or n)
        if knob is None:
            raise ValueError(f"no constant reproduces the bundle's cost for {name!r}; pass knob=")
    row = convention(name)
    if row.route is None:
        runnable = ", ".join(c.name for c in CONVENTIONS if c.route)
        raise ValueError(f"{name!r} is not checked by trajectory_gap; those are: {runnable}")
    row_optimizer, row_args = row.route(knob, n)
    bundle_optimizer = torch.optim.SGD if row_optimizer is torch.optim.SGD else torch.optim.Adam
    penalty = lambda ws, B: lam / (2 * n) * _sum_sq(ws)  # noqa: E731
    bundle = _train(X, y, optimizer=bundle_optimizer, batch_size=batch_size, penalty=penalty)
    return _gap(bundle, _train(X, y, optimizer=row_optimizer, batch_size=batch_size, **row_args))


def decoupled_sgd_gap(
    weight_decay: float,
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    batch_size: int | None = None,
) -> float:
    """Return max |Δparameter| after 20 steps of lr 0.1: decoupled decay vs ``SGD(weight_decay)``.

    The decoupled route shrinks the weights by ``1 - lr * weight_decay`` and then takes the
    plain SGD step, as AdamW does around Adam. With plain SGD this is the same update as
    L2 in the gradient, so the gap is at rounding level (below :data:`IDENTITY_TOL`).
    """
    common = {"batch_size": batch_size, "optimizer": torch.optim.SGD}
    coupled = _train(X, y, weight_decay=weight_decay, **common)
    return _gap(coupled, _train(X, y, decoupled=weight_decay, **common))


def adamw_step_decay(lr: float, weight_decay: float) -> float:
    """Return the fraction by which one AdamW step shrinks a weight with zero loss gradient.

    It is ``lr * weight_decay``: with a fixed weight_decay it moves with the learning rate.
    """
    w = torch.ones(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.AdamW([w], lr=lr, weight_decay=weight_decay)
    (0 * w).sum().backward()  # a zero gradient: only the decay moves w
    opt.step()
    return 1 - w.item()


def sklearn_logistic(C: float):
    """Return scikit-learn's ``LogisticRegression(C)``, solved to rounding (newton-cg, tol 1e-12).

    At ``C = 1/λ`` (this table's "sklearn LogisticRegression" row) it minimizes the bundle's
    cost mean BCE + λ/(2n)·‖w‖², bias unpenalized; :func:`minimizer_gap`'s bound assumes this
    tolerance.
    """
    from sklearn.linear_model import LogisticRegression  # lazy: sklearn is heavy

    return LogisticRegression(C=C, solver="newton-cg", tol=1e-12, max_iter=100_000)


def _newton_minimize(cost: Callable[[torch.Tensor], torch.Tensor], dim: int) -> torch.Tensor:
    """Minimize a smooth strictly convex ``cost`` of a float64 vector by damped Newton steps."""
    theta = torch.zeros(dim, dtype=torch.float64)
    for _ in range(100):
        grad = torch.autograd.functional.jacobian(cost, theta)
        hess = torch.autograd.functional.hessian(cost, theta)
        step = torch.linalg.solve(hess, grad)
        t = 1.0
        while cost(theta - t * step) > cost(theta) and t > 1e-10:
            t /= 2
        theta = theta - t * step
        if step.abs().max() <= 1e-15 * max(1.0, theta.abs().max().item()):
            break
    return theta


def minimizer_gap(
    name: str, lam: float, X: torch.Tensor, y: torch.Tensor, *, knob: float | None = None
) -> float:
    """Return max |Δ(w, b)|: scikit-learn's fit vs the minimizer of the bundle's cost.

    For a linear model ``Xw + b``, the bundle's cost is ``mean loss + lam/(2n)·‖w‖²`` with
    the loss BCE ("sklearn LogisticRegression") or ``(y − ŷ)²`` ("sklearn Ridge"),
    minimized by Newton's method in float64 to rounding level. scikit-learn gets ``knob``
    (default: :func:`from_bundle`). Ridge solves its normal equations: about 1e-16.
    LogisticRegression (newton-cg) stops once its objective, which then equals ours, has
    max |gradient| <= tol = 1e-12; that leaves at most |gradient| / (smallest Hessian
    eigenvalue), a few 1e-11 for :func:`toy_data` (measured: up to 3e-12), below
    :data:`IDENTITY_TOL`. A wrong knob gives a visible gap (1e-3 and more).
    """
    row = convention(name)
    if row.fit is None:
        raise ValueError(f"{name!r} is not checked by minimizer_gap")
    n, d = X.shape
    if knob is None:
        knob = from_bundle(name, lam, n)
    model, loss = row.fit(knob)

    def cost(theta: torch.Tensor) -> torch.Tensor:
        w, b = theta[:-1], theta[-1]
        return loss(X @ w + b, y) + lam / (2 * n) * (w**2).sum()

    bundle = _newton_minimize(cost, d + 1)
    model.fit(X.numpy(), y.numpy())
    fitted = [
        torch.as_tensor(a, dtype=torch.float64).reshape(-1) for a in (model.coef_, model.intercept_)
    ]
    return _gap(bundle, torch.cat(fitted))


# --------------------------------------------------------------------------- the table


def _format(value: float | None) -> str:
    if value is None:
        return "—"
    return "∞" if math.isinf(value) else f"{value:.4g}"


def conventions_table(
    lam: float,
    n: int,
    batch_size: int,
    checks: Mapping[str, float] | None = None,
) -> str:
    """Return a Markdown table of every convention and its knob for ``lam``, ``n``, ``batch_size``.

    ``checks`` maps a row's name to its measured gap. The "checked" column says "✓ run, gap
    < 1e-10" (:data:`IDENTITY_TOL`) or "✗ gap ..." for run rows (never the rounding-level gap
    itself, so that the text is the same on every CPU), "formula" for rows not run here, and
    "no constant" for AdamW.
    """
    checks = dict(checks or {})
    unknown = set(checks) - set(_BY_NAME)
    if unknown:
        raise ValueError(
            f"checks names unknown conventions {sorted(unknown)}; known: {list(_BY_NAME)}"
        )
    lines = [
        f"| convention | penalty as written | knob "
        f"| value for λ = {lam:g}, n = {n}, B = {batch_size} | checked |",
        "|---|---|---|---|---|",
    ]
    for row in CONVENTIONS:
        value = from_bundle(row.name, lam, n, batch_size)
        if value is None:
            checked = "no constant"
        elif row.check == "formula":
            checked = "formula"
        elif row.name not in checks:
            checked = "not run"
        elif checks[row.name] < IDENTITY_TOL:
            checked = f"✓ run, gap < {IDENTITY_TOL:.0e}"
        else:
            checked = f"✗ gap {checks[row.name]:.1e}"
        cells = (row.name, row.penalty, f"`{row.knob}`", _format(value), checked)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
