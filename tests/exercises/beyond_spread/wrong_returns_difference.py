# expect: must return True or False
def beyond_spread(a, b):
    if len(a) < 3 or len(b) < 3:
        raise ValueError("need 3 seeds")
    return abs(sum(a) / len(a) - sum(b) / len(b)) - max(max(a) - min(a), max(b) - min(b))
