# expect: exactly equal to the spread is not beyond it
def beyond_spread(a, b):
    if len(a) < 3 or len(b) < 3:
        raise ValueError("need 3 seeds")
    spread = max(max(a) - min(a), max(b) - min(b))
    return abs(sum(a) / len(a) - sum(b) / len(b)) >= spread
