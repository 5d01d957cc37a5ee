# expect: not their sum
def beyond_spread(a, b):
    if len(a) < 3 or len(b) < 3:
        raise ValueError("need 3 seeds")
    diff = abs(sum(a) / len(a) - sum(b) / len(b))
    return diff > (max(a) - min(a)) + (max(b) - min(b))
