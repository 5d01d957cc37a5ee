# hint: the lecture's advice to pass LAMBDA to weight_decay is exact only for some ways of writing the cost; this code writes it another way: compare what the two add to a weight's gradient.
def network_code_weight_decay(LAMBDA, batch_size):
    return LAMBDA  # "pass lambda to weight_decay"
