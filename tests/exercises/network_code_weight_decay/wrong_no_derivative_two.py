# hint: follow every factor from the course's penalty line to the gradient it adds to one weight, and compare with what SGD adds: weight_decay * w, as it is.
def network_code_weight_decay(LAMBDA, batch_size):
    return 2.0 / batch_size * LAMBDA  # the course's factor, read off as it is
