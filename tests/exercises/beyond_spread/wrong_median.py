# expect: not the medians
def beyond_spread(a, b):
    if len(a) < 3 or len(b) < 3:
        raise ValueError("need 3 seeds")
    median_a, median_b = sorted(a)[len(a) // 2], sorted(b)[len(b) // 2]
    return abs(median_a - median_b) > max(max(a) - min(a), max(b) - min(b))
