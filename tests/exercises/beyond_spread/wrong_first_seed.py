# expect: not one seed of each
def beyond_spread(a, b):
    if len(a) < 3 or len(b) < 3:
        raise ValueError("need 3 seeds")
    return abs(a[0] - b[0]) > max(max(a) - min(a), max(b) - min(b))
