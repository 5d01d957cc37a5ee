"""Each library's L2 penalty and the knob that reproduces ours, J = mean loss + λ/(2n)·Σw²
(biases unpenalized): run by training (``route``), by minimizer (``fit``) or formula only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import torch
import torch.nn.functional as F
from torch import nn

from .models import make_mlp

#: A gap below this is an identity in float64 (routes end about 1e-16 apart; scikit-learn's
#: LogisticRegression a few 1e-12, at its solver tolerance).
IDENTITY_TOL = 1e-10


class Convention(NamedTuple):
    """One way of writing an L2 penalty: ``from_bundle(lam, n)`` is its knob (None: no constant)."""

    name: str
    penalty: str
    knob: str
    from_bundle: Callable[[float, int], float | None]
    route: Callable[[float, int], tuple[type[torch.optim.Optimizer], dict]] | None = None
    fit: Callable[[float], tuple[Any, Callable]] | None = None


def _sum_sq(weights: list[torch.Tensor]) -> torch.Tensor:
    return sum(torch.dot(w.flatten(), w.flatten()) for w in weights)  # type: ignore[return-value]


def _ridge(alpha: float) -> Any:
    from sklearn.linear_model import Ridge  # lazy: sklearn is heavy

    return Ridge(alpha=alpha)


SGD, Adam = torch.optim.SGD, torch.optim.Adam
CONVENTIONS: tuple[Convention, ...] = (
    # No ½: the lecture's λ is half of ours.
    Convention(
        "lecture slides",
        "(1/n)·Σ L⁽ⁱ⁾ + (λ/n)·Σ w²  (mean loss, no ½)",
        "λ",
        lambda lam, n: lam / 2,
        route=lambda knob, n: (SGD, {"penalty": lambda ws, B: knob / n * _sum_sq(ws)}),
    ),
    # Decays every tensor it is given: put biases in a group with weight_decay=0.
    Convention(
        "torch SGD",
        "`SGD(weight_decay=wd)` adds wd·w to the gradient = wd/2·Σ w² added to the loss",
        "weight_decay",
        lambda lam, n: lam / n,
        route=lambda knob, n: (SGD, {"weight_decay": knob}),
    ),
    # L2 in the loss: the same as Adam on the penalized cost, not decoupled decay.
    Convention(
        "torch Adam",
        "`Adam(weight_decay=wd)` adds wd·w to the gradient before Adam's scaling",
        "weight_decay",
        lambda lam, n: lam / n,
        route=lambda knob, n: (Adam, {"weight_decay": knob}),
    ),
    # Decoupled decay (lr·wd per step, apart from the Adam step): no constant reproduces ours.
    Convention(
        "torch AdamW",
        "`AdamW(weight_decay=wd)`: w ← w − lr·wd·w each step, apart from the Adam step",
        "weight_decay",
        lambda lam, n: None,
        route=lambda knob, n: (torch.optim.AdamW, {"weight_decay": knob}),
    ),
    # No ½ and no 1/n: l2 = λ/(2n). From the formula (Keras is not installed).
    Convention(
        "Keras l2",
        "`regularizers.l2(l2)`: `l2 * reduce_sum(square(x))` added to the mean loss",
        "l2",
        lambda lam, n: lam / (2 * n),
    ),
    # The ½ but no 1/n: λ_d2l = λ/n, the same number as SGD's weight_decay.
    Convention(
        "d2l",
        "L(w, b) + λ/2·‖w‖², L the mean loss (d2l.ai, Weight Decay)",
        "lambd",
        lambda lam, n: lam / n,
    ),
    # The same convention as ours (m = n): the same λ.
    Convention(
        "deeplearning.ai",
        "mean cross-entropy + (1/m)·(λ/2)·Σₗ ‖W⁽ˡ⁾‖² (Frobenius norms)",
        "lambd",
        lambda lam, n: lam,
    ),
    # No ½ and no 1/n (linear classifiers): reg = λ/(2n).
    Convention(
        "CS231n svm/softmax",
        "`loss += reg * np.sum(W * W)` after the mean data loss",
        "reg",
        lambda lam, n: lam / (2 * n),
    ),
    # With the ½ (fully connected nets): reg = λ/n, twice the svm/softmax value.
    Convention(
        "CS231n fc_net",
        "`loss += 0.5 * self.reg * np.sum(W * W)` after the mean data loss",
        "reg",
        lambda lam, n: lam / n,
    ),
    # n/λ times our cost, so the same minimizer with C = 1/λ, whatever n. C = inf: no
    # penalty. Solver newton-cg (liblinear would penalize the intercept).
    Convention(
        "sklearn LogisticRegression",
        "C·Σᵢ loss⁽ⁱ⁾ + ½‖w‖²  (a sum of losses; intercept not penalized)",
        "C",
        lambda lam, n: 1 / lam if lam > 0 else math.inf,
        fit=lambda knob: (sklearn_logistic(knob), F.binary_cross_entropy_with_logits),
    ),
    # n times our cost with the loss (y − ŷ)², so alpha = λ/2 whatever n. With the loss
    # ½(y − ŷ)² it would be alpha = λ.
    Convention(
        "sklearn Ridge",
        "‖y − Xw − b‖² + alpha·‖w‖²  (a sum of squared errors; intercept not penalized)",
        "alpha",
        lambda lam, n: lam / 2,
        fit=lambda knob: (_ridge(knob), lambda z, y: ((y - z) ** 2).mean()),
    ),
)

_BY_NAME = {c.name: c for c in CONVENTIONS}


def convention(name: str) -> Convention:
    """Return the row called ``name``; ``ValueError`` listing the known names otherwise."""
    if name not in _BY_NAME:
        raise ValueError(f"unknown convention name {name!r}; known: {', '.join(_BY_NAME)}")
    return _BY_NAME[name]


def from_bundle(name: str, lam: float, n: int) -> float | None:
    """Return the knob of convention ``name`` that reproduces ``mean loss + lam/(2n)·Σw²``."""
    return convention(name).from_bundle(lam, n)


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
    """Parameters of a fixed float64 MLP ``d -> 4 -> 1`` after 20 steps of lr 0.1 on cycled batches.

    ``penalty(weights, B)`` is added to each batch's mean BCE, ``weight_decay`` goes to the
    weight matrices' group, ``decoupled`` shrinks them by ``1 - lr * decoupled`` before a step.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = make_mlp((X.shape[1], 4, 1), activation=nn.Tanh, dtype=torch.float64)
    layers = [m for m in model.modules() if isinstance(m, nn.Linear)]
    weights, others = [m.weight for m in layers], [m.bias for m in layers]
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
        if decoupled:  # decay apart from the gradient, as AdamW does
            with torch.no_grad():
                for w in weights:
                    w.mul_(1 - 0.1 * decoupled)
        opt.step()
    return torch.cat([p.detach().flatten() for p in model.parameters()])


def _gap(a: torch.Tensor, b: torch.Tensor) -> float:
    return (a - b).abs().max().item()


def bundle_route(X: torch.Tensor, y: torch.Tensor, lam: float, **train: Any) -> torch.Tensor:
    """Parameters after :func:`_train` on the bundle's penalized batch cost (notebook 2)."""
    n = len(y)
    return _train(X, y, penalty=lambda ws, B: lam / (2 * n) * _sum_sq(ws), **train)


def trajectory_gap(
    name: str,
    lam: float,
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    batch_size: int | None = None,
    knob: float | None = None,
) -> float:
    """Return max |Δparameter| after 20 SGD (or Adam) steps: row ``name`` (with ``knob``,
    default its value for ``lam``) vs the bundle's cost, from the same start on the same batches.
    """
    row, n = convention(name), len(y)
    if row.route is None:
        runnable = ", ".join(c.name for c in CONVENTIONS if c.route)
        raise ValueError(f"{name!r} is not checked by trajectory_gap; those are: {runnable}")
    knob = row.from_bundle(lam, n) if knob is None else knob
    if knob is None:
        raise ValueError(f"no constant reproduces the bundle's cost for {name!r}; pass knob=")
    optimizer, args = row.route(knob, n)
    ours = bundle_route(
        X, y, lam, optimizer=SGD if optimizer is SGD else Adam, batch_size=batch_size
    )
    return _gap(ours, _train(X, y, optimizer=optimizer, batch_size=batch_size, **args))


def decoupled_sgd_gap(
    weight_decay: float, X: torch.Tensor, y: torch.Tensor, *, batch_size: int | None = None
) -> float:
    """Return max |Δparameter| after 20 steps: decoupled decay + SGD vs ``SGD(weight_decay)``."""
    common = {"batch_size": batch_size, "optimizer": SGD}
    coupled = _train(X, y, weight_decay=weight_decay, **common)
    return _gap(coupled, _train(X, y, decoupled=weight_decay, **common))


def sklearn_logistic(C: float):
    """Return ``LogisticRegression(C)`` solved to rounding (newton-cg, tol 1e-12); C = 1/λ is J."""
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
    """Return max |Δ(w, b)|: scikit-learn's linear fit vs our cost's minimizer (Newton, float64).

    newton-cg stops at max |gradient| <= 1e-12: at most |gradient| / (smallest Hessian
    eigenvalue) apart, a few 1e-11 for :func:`toy_data`, below :data:`IDENTITY_TOL`.
    """
    row = convention(name)
    if row.fit is None:
        raise ValueError(f"{name!r} is not checked by minimizer_gap")
    n, d = X.shape
    model, loss = row.fit(row.from_bundle(lam, n) if knob is None else knob)

    def cost(theta: torch.Tensor) -> torch.Tensor:
        w, b = theta[:-1], theta[-1]
        return loss(X @ w + b, y) + lam / (2 * n) * (w**2).sum()

    model.fit(X.numpy(), y.numpy())
    fitted = [
        torch.as_tensor(a, dtype=torch.float64).reshape(-1) for a in (model.coef_, model.intercept_)
    ]
    return _gap(_newton_minimize(cost, d + 1), torch.cat(fitted))


def conventions_table(lam: float, n: int, checks: Mapping[str, float] | None = None) -> str:
    """Return a Markdown table of every convention's knob for ``lam`` and ``n``, with ``checks``
    ({name: gap}) shown as "✓ run, gap < 1e-10" or "✗ gap ..." (the same text on every CPU)."""
    checks = dict(checks or {})
    if set(checks) - set(_BY_NAME):
        raise ValueError(f"checks names unknown conventions {sorted(set(checks) - set(_BY_NAME))}")
    lines = [
        f"| convention | penalty as written | knob | value for λ = {lam:g}, n = {n} | checked |",
        "|---|---|---|---|---|",
    ]
    for row in CONVENTIONS:
        value = row.from_bundle(lam, n)
        if value is None:
            checked = "no constant"
        elif not (row.route or row.fit):
            checked = "formula"
        elif row.name not in checks:
            checked = "not run"
        elif checks[row.name] < IDENTITY_TOL:
            checked = f"✓ run, gap < {IDENTITY_TOL:.0e}"
        else:
            checked = f"✗ gap {checks[row.name]:.1e}"
        shown = "—" if value is None else "∞" if math.isinf(value) else f"{value:.4g}"
        lines.append(f"| {row.name} | {row.penalty} | `{row.knob}` | {shown} | {checked} |")
    return "\n".join(lines)
