# expect: not a standard deviation
def beyond_spread(a, b):
    if len(a) < 3 or len(b) < 3:
        raise ValueError("need 3 seeds")
    a, b = torch.tensor(a), torch.tensor(b)
    return bool((a.mean() - b.mean()).abs() > max(a.std(), b.std()))
