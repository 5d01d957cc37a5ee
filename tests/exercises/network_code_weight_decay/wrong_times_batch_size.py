# hint: reread the course's penalty line: how does targets.size(0) enter it?
def network_code_weight_decay(LAMBDA, batch_size):
    return 4.0 * LAMBDA * batch_size
