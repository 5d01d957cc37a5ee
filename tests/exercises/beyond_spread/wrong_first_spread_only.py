# expect: not only the first list's
def beyond_spread(a, b):
    if len(a) < 3 or len(b) < 3:
        raise ValueError("need 3 seeds")
    return abs(sum(a) / len(a) - sum(b) / len(b)) > max(a) - min(a)
