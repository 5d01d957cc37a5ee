# expect: pass
def choose_lambda(results):
    lams = sorted(results)
    acc = torch.tensor([results[lam]["val_acc"] for lam in lams], dtype=torch.float64)
    means = acc.mean(dim=1)
    b = int(means.argmax())
    spread = acc[b].max() - acc[b].min()
    close = (means[b] - means <= spread).nonzero().flatten()
    return lams[int(close.max())]
