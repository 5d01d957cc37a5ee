# expect: changed its argument a
def beyond_spread(a, b):
    if len(a) < 3 or len(b) < 3:
        raise ValueError("need 3 seeds")
    a.sort()
    b.sort()
    spread = max(a[-1] - a[0], b[-1] - b[0])
    return abs(sum(a) / len(a) - sum(b) / len(b)) > spread
