# expect: pass
def beyond_spread(a, b):
    def mean(values):
        return sum(values) / len(values)

    def spread(values):
        return max(values) - min(values)

    for values in (a, b):
        if len(values) < 3:
            raise ValueError(f"need 3 or more seeds, got {len(values)}")
    return abs(mean(a) - mean(b)) > max(spread(a), spread(b))
