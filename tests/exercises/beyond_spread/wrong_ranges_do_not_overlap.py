# expect: non-overlapping ranges
def beyond_spread(a, b):
    if len(a) < 3 or len(b) < 3:
        raise ValueError("need 3 seeds")
    return max(a) < min(b) or max(b) < min(a)
