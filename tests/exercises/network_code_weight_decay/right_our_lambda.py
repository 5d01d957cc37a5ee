# expect: pass
def network_code_weight_decay(LAMBDA, batch_size):
    # as our cost on a batch of size B: lam / (2 * B) * sum w^2 = 2 / B * LAMBDA * sum w^2
    lam = 4 * LAMBDA  # our λ, counted against the batch instead of the training set
    return lam / batch_size  # weight_decay = λ / (number of examples the loss averages)
