# expect: pass
def beyond_spread(a, b):
    if len(a) < 3 or len(b) < 3:
        raise ValueError("a verdict needs at least 3 seeds per setting")
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    spread = max(max(a) - min(a), max(b) - min(b))
    return abs(mean_a - mean_b) > spread
