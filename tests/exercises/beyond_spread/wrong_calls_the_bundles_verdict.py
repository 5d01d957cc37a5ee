# expect: the exercise is to write the rule yourself
def beyond_spread(a, b):
    from l10_utils.verdicts import verdict

    return verdict(a, b, higher_is_better=True) != "within"
