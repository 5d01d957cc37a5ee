# expect: fewer than 3 seeds
def beyond_spread(a, b):
    spread = max(max(a) - min(a), max(b) - min(b))
    return abs(sum(a) / len(a) - sum(b) / len(b)) > spread
