# expect: must return a plain Python number, got a tensor
def literal_lambda(lam_lecture, n):
    return torch.tensor(lam_lecture) * n
