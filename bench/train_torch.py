# Driven by bench/train.ts (not run alone): PyTorch on one thread (argv[2] = "1") or with its
# default threads (argv[2] = "default"), the same networks, Adam,
# softmax cross-entropy, float32, random data. Reads lines "i seconds" on stdin, runs network i
# for about that long and answers one line, the milliseconds per training step; "versions" gets
# the torch version. argv[1] is the JSON list of networks: [{sizes, act, batch}].
import json
import sys
import time

import torch

if sys.argv[2] == "1":
    torch.set_num_threads(1)
torch.manual_seed(1)
specs = json.loads(sys.argv[1])
acts = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh}
runs = []
for s in specs:
    sizes = s["sizes"]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(acts[s["act"]]())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(s["batch"], sizes[0]) * 2 - 1
    y = torch.randint(0, sizes[-1], (s["batch"],))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step(model=model, opt=opt, x=x, y=y, loss_fn=loss_fn):
        opt.zero_grad(set_to_none=False)
        loss_fn(model(x), y).backward()
        opt.step()

    for _ in range(20):
        step()
    runs.append(step)

for line in sys.stdin:
    parts = line.split()
    if parts[0] == "versions":
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
        continue
    step = runs[int(parts[0])]
    budget = float(parts[1])
    n = 0
    t0 = time.perf_counter()
    while True:
        step()
        n += 1
        el = time.perf_counter() - t0
        if el >= budget:
            break
    print(1000 * el / n, flush=True)
