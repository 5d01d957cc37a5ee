"""Claims of notebook 2, asserted on its variables outside the student's reading.

The notebook keeps one assert (the loop stops on a diverged cost). Everything else it says
is asserted here, on the variables its run leaves (tests/claims). Every
bound is a float64 identity or a margin far from what any CPU prints (notebook 2 trains in
float64).
"""

CLAIMS = {
    # The exercise's premise: with batches that split the n examples evenly, the mini-batch
    # costs of one epoch average to J exactly (the mean of the batch means is the mean over
    # n; the penalty is the same in every batch). float64, a few roundings of numbers ~1.
    "batch_costs_average_to_J": (
        "start = new_mlp()\n"
        "pen = l2_penalty(start)\n"
        "J = F.cross_entropy(start(X_train), y_train) + 1.0 / (2 * n) * pen\n"
        "parts = torch.randperm(n, generator=torch.Generator().manual_seed(0)).split(20)\n"
        "costs = [penalized_batch_cost(start(X_train[i]), y_train[i], pen, 1.0, n)\n"
        "         for i in parts]\n"
        "assert len(parts) == 3 and abs(sum(costs) / len(costs) - J).item() < 1e-12"
    ),
    # "train_sweep reimplements the loop, shown equal once": the loop, fit and train_sweep
    # give the same parameters after five epochs, to float64 rounding (notebook 3 argues
    # the 1e-10 bound).
    "the_loop_fit_and_train_sweep_train_the_same_network": (
        "assert set(gaps) == {'fit', 'train_sweep'} and max(gaps.values()) < 1e-10, gaps"
    ),
    # "Growing λ shrinks the weight norms on every seed": each λ's norms all lie below all
    # norms of the next smaller λ.
    "norms_fall_with_lambda_on_every_seed": (
        "assert all(min(norms[a]) > max(norms[b]) for a, b in zip(LAMS, LAMS[1:])), norms"
    ),
    # "A moderate λ lowers the test loss beyond the seeds' spread" (compare's verdict), on
    # every seed ("L2 tames that on every seed", worked answer 3).
    "lambda_1_lowers_the_test_loss_beyond_the_spread": (
        "verdict = compare('λ = 1', results[1.0]['test_loss'], 'λ = 0', "
        "results[0.0]['test_loss'], metric='test loss', higher_is_better=False)\n"
        'assert verdict.endswith("better, beyond the seeds\' spread"), verdict\n'
        "assert max(results[1.0]['test_loss']) < min(results[0.0]['test_loss'])"
    ),
    # "its test accuracy is higher on average, but within the spread of λ = 0's seeds".
    "lambda_1_test_accuracy_higher_on_average_within_the_spread": (
        "acc1, acc0 = results[1.0]['test_acc'], results[0.0]['test_acc']\n"
        "verdict = compare('λ = 1', acc1, 'λ = 0', acc0, metric='test accuracy', "
        "higher_is_better=True)\n"
        "assert verdict.endswith('these seeds cannot rank them'), verdict\n"
        "assert mean(acc1) > mean(acc0)\n"
        "assert max(acc0) - min(acc0) > max(acc1) - min(acc1)"
    ),
    # Worked answer 3: without a penalty the network fits almost every training point.
    "lambda_0_fits_almost_every_training_point": (
        "assert 0.95 < mean(results[0.0]['train_acc']) < 1.0, results[0.0]['train_acc']"
    ),
    # "λ = 10: almost linear" on every seed, and no λ = 0 network is.
    "lambda_10_is_almost_linear_on_every_seed": (
        "assert max(agreement[0.0]) < 0.97 < min(agreement[10.0]), agreement"
    ),
    # The static panel, seed 0: every training point right at λ = 0, fewer at λ = 1, fewer
    # still at λ = 10; the largest weights in every layer at λ = 0.
    "the_panel_seed_0": (
        "def train_acc(net):\n"
        "    with torch.no_grad():\n"
        "        return (net(X_train).argmax(1) == y_train).double().mean().item()\n"
        "assert train_acc(models[0.0]) == 1.0 > train_acc(models[1.0]) > train_acc(models[10.0])\n"
        "big = weight_norms(models[0.0])\n"
        "smaller = [weight_norms(models[lam]) for lam in (1.0, 10.0)]\n"
        "assert all(big[k] > v for norms_ in smaller for k, v in norms_.items())"
    ),
    # "The order follows λ_l^(-1/2)": the strongest λ_l (fc1) leaves the smallest norm, the
    # weakest (fc3) the largest; "λ = 10 is close to balance" (λ_l ||W_l||² within 2 %), "the
    # others are not" (more than 10 % apart).
    "the_layers_balance_at_lambda_10_only": (
        "def weighted(label):\n"
        "    net, lams = runs[label]\n"
        "    return [lam * v**2 for lam, v in zip(lams, weight_norms(net).values(), strict=True)]\n"
        "per_layer_norms = list(weight_norms(per_layer).values())\n"
        "assert per_layer_norms == sorted(per_layer_norms), per_layer_norms\n"
        "spread_ = {k: max(weighted(k)) / min(weighted(k)) for k in runs}\n"
        "assert spread_['one λ = 10'] < 1.02, spread_\n"
        "assert min(spread_['one λ = 1'], spread_['λ_l = 3, 1, 0.3']) > 1.1, spread_"
    ),
}
