# The PyTorch side of `regbench bench --compare-pytorch`: RegBench writes this file to a temp folder, starts
# `PYTHON -u <file>`, and drives it one JSON line per request on stdin, one JSON line per reply on stdout
# ({"ok": true, ...} or {"ok": false, "error": "..."}), so its steps interleave with RegBench's round by round.
# Requests: setup, warmup, time, gemm (one matrix product timed alone), quit. Nothing else is ever written to stdout.
import json
import os
import sys
import time
import traceback


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


try:
    import torch
    import torch.nn.functional as F
except Exception as error:  # noqa: BLE001 - any import failure means "no usable torch"
    reply({"ok": False, "error": f"{type(error).__name__}: {error}"})
    sys.exit(0)


def mapped_libraries():
    """Shared libraries of this process whose names say BLAS, LAPACK, MKL or OpenMP (what torch really calls)."""
    found = []
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            for line in maps:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = os.path.basename(path).lower()
                if any(key in name for key in ("blas", "lapack", "mkl", "gomp", "iomp", "omp.so")):
                    real = os.path.realpath(path)
                    if real not in found:
                        found.append(real)
    except OSError:
        pass
    return found


class Mlp(torch.nn.Module):
    """Flatten, (Linear, activation) x depth, Linear: RegBench's mlp, its layers given by their weights."""

    def __init__(self, shapes, activation):
        super().__init__()
        self.layers = torch.nn.ModuleList(torch.nn.Linear(i, o, bias=b) for (o, i, b) in shapes)
        self.activation = {"relu": torch.relu, "tanh": torch.tanh, "gelu": F.gelu}[activation]

    def forward(self, x):
        x = x.flatten(1)
        for layer in self.layers[:-1]:
            x = self.activation(layer(x))
        return self.layers[-1](x)


def read_floats(stream, count):
    data = bytearray(stream.read(4 * count))
    if len(data) != 4 * count:
        raise ValueError(f"weights/data file ended early: wanted {4 * count} bytes, got {len(data)}")
    return torch.frombuffer(data, dtype=torch.float32)


def unit(x):
    return x / x.norm().clamp_min(1e-12)


class Variant:
    """One regularizer as the seed papers define it, on its own copy of the model and its own Adam."""

    def __init__(self, name, options, setup, generator):
        self.name = name
        self.options = options
        self.model = Mlp(setup["shapes"], setup["activation"])
        with torch.no_grad():
            for layer, (weight, bias) in zip(self.model.layers, setup["parameters"]):
                layer.weight.copy_(weight)
                if bias is not None:
                    layer.bias.copy_(bias)
        self.weights = [layer.weight for layer in self.model.layers]
        self.iterations = 0
        self.layer_steps = 0
        if name == "miyato-sn":
            # Miyato et al. 2018 as PyTorch ships it: W/sigma(W), one power step per training forward, 15 at init.
            for layer in self.model.layers:
                torch.nn.utils.spectral_norm(layer, n_power_iterations=options.get("powerIterations", 1), eps=options.get("eps", 1e-12))
        elif name in ("spectral-scaling", "sn-regularization"):
            self.u = [unit(torch.randn(w.shape[0], generator=generator)) for w in self.weights]
            self.v = [unit(torch.randn(w.shape[1], generator=generator)) for w in self.weights]
            if name == "spectral-scaling":
                with torch.no_grad():
                    self.targets = [torch.linalg.svdvals(w.double())[0].item() for w in self.weights]
        elif name == "frobenius-scaling":
            with torch.no_grad():
                self.targets = [w.norm() for w in self.weights]
        elif name not in ("none", "weight-decay", "adversarial"):
            raise ValueError(f"no PyTorch twin of '{name}'")
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=setup["lr"])
        self.correct = torch.zeros(1, dtype=torch.int64)
        self.model.train()

    def loss(self, x, y):
        if self.name != "adversarial":
            logits = self.model(x)
            return logits, F.cross_entropy(logits, y)
        # Goodfellow et al. via Yoshida & Miyato: alpha*L(x,y) + (1-alpha)*L(x+eta,y), eta = epsilon*g/||g||2 per example
        alpha, epsilon = self.options.get("alpha", 0.5), self.options.get("epsilon", 1.0)
        xg = x.detach().requires_grad_(True)
        logits = self.model(xg)
        clean = F.cross_entropy(logits, y)
        g = torch.autograd.grad(clean, xg, retain_graph=True)[0].flatten(1)
        norm = g.norm(dim=1, keepdim=True)
        eta = torch.where(norm > 0, g / norm, torch.zeros_like(g)).view_as(x) * epsilon
        perturbed = F.cross_entropy(self.model(x.detach() + eta), y)
        return logits, alpha * clean + (1 - alpha) * perturbed

    def after_backward(self):
        with torch.no_grad():
            if self.name == "weight-decay":
                lam = self.options.get("lambda", 1e-4)
                for w in self.weights:
                    w.grad.add_(w, alpha=lam)  # grad of lambda/2*||W||F^2
            elif self.name == "sn-regularization":
                lam = self.options.get("lambda", 0.01)
                for i, w in enumerate(self.weights):
                    # Yoshida & Miyato Algorithm 1: one warm power step, then grad += lambda*sigma*u v^T
                    self.v[i] = unit(w.t().mv(self.u[i]))
                    self.u[i] = unit(w.mv(self.v[i]))
                    sigma = self.u[i].dot(w.mv(self.v[i]))
                    w.grad.add_(torch.outer(self.u[i] * (sigma * lam), self.v[i]))

    def after_step(self):
        with torch.no_grad():
            if self.name == "frobenius-scaling":
                for w, target in zip(self.weights, self.targets):
                    w.mul_(target / w.norm())  # W <- W*||W0||F/||W||F
            elif self.name == "spectral-scaling":
                tolerance = self.options.get("tolerance", 1e-4)
                cap = self.options.get("maxIterations", 500)
                for i, w in enumerate(self.weights):
                    # Hess & Hutchison with warm power iteration stopped at ||Wv - sigma u||/sigma <= tolerance
                    u, v, av = self.u[i], self.v[i], w.mv(self.v[i])
                    for iteration in range(1, cap + 1):
                        u = unit(av)
                        x = w.t().mv(u)
                        sigma = x.norm()
                        v = x / sigma
                        av = w.mv(v)
                        self.iterations += 1
                        if ((av - sigma * u).norm() / sigma).item() <= tolerance:
                            break
                    self.u[i], self.v[i] = u, v
                    self.layer_steps += 1
                    w.addr_(u, v, alpha=self.targets[i] - sigma.item())  # W <- W + u v^T (sigma* - sigma)

    def step(self, x, y):
        self.optimizer.zero_grad()
        logits, loss = self.loss(x, y)
        loss.backward()
        self.after_backward()
        self.optimizer.step()
        self.after_step()
        value = loss.item()  # RegBench reads the loss every step too
        with torch.no_grad():
            self.correct.add_(logits.argmax(1).eq(y).sum())
        return value


class Session:
    def __init__(self):
        self.variants = {}
        self.batches = []
        self.position = {}

    def setup(self, request):
        torch.set_num_threads(int(request["threads"]))
        torch.manual_seed(int(request.get("seed", 0)))
        shapes = [(int(s["out"]), int(s["in"]), bool(s["bias"])) for s in request["layers"]]
        with open(request["weights"], "rb") as stream:
            parameters = []
            for (o, i, b) in shapes:
                weight = read_floats(stream, o * i).view(o, i).clone()
                bias = read_floats(stream, o).clone() if b else None
                parameters.append((weight, bias))
        batch, count, features = int(request["batch"]), int(request["batches"]), int(request["features"])
        with open(request["data"], "rb") as stream:
            images = read_floats(stream, count * batch * features).view(count * batch, features).clone()
            labels_bytes = bytearray(stream.read(8 * count * batch))
        labels = torch.frombuffer(labels_bytes, dtype=torch.int64).clone()
        self.batches = [(images[k * batch:(k + 1) * batch], labels[k * batch:(k + 1) * batch]) for k in range(count)]
        built = {"shapes": shapes, "parameters": parameters, "activation": request["activation"], "lr": float(request["lr"])}
        generator = torch.Generator().manual_seed(int(request.get("seed", 0)))
        for variant in request["variants"]:
            self.variants[variant["label"]] = Variant(variant["name"], variant.get("options", {}), built, generator)
            self.position[variant["label"]] = 0
        return {"ok": True, "threads": torch.get_num_threads()}

    def run(self, label, steps, timed):
        variant = self.variants[label]
        milliseconds = []
        for _ in range(steps):
            x, y = self.batches[self.position[label] % len(self.batches)]
            self.position[label] += 1
            start = time.perf_counter()
            loss = variant.step(x, y)
            milliseconds.append((time.perf_counter() - start) * 1000)
            if loss != loss or loss in (float("inf"), float("-inf")):
                raise FloatingPointError(f"{label}: loss {loss} after {self.position[label]} steps")
        metrics = {}
        if variant.layer_steps > 0:
            metrics["pi_iterations_mean"] = variant.iterations / variant.layer_steps
        if not timed:
            variant.iterations, variant.layer_steps = 0, 0
        return {"ok": True, "ms": milliseconds if timed else [], "metrics": metrics}

    def gemm(self, rows, inner, cols, repeats):
        """The forward matrix product x @ W.T of a (rows x inner) batch and a (cols x inner) float32 weight, timed alone."""
        generator = torch.Generator().manual_seed(0)
        x = torch.randn(rows, inner, generator=generator)
        w = torch.randn(cols, inner, generator=generator)
        milliseconds = []
        with torch.no_grad():
            for _ in range(repeats):
                start = time.perf_counter()
                F.linear(x, w)
                milliseconds.append((time.perf_counter() - start) * 1000)
        return {"ok": True, "ms": milliseconds}


def hello():
    return {
        "ok": True,
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "threads": torch.get_num_threads(),
        "config": torch.__config__.show(),
        "parallel": torch.__config__.parallel_info(),
        "libraries": mapped_libraries(),
    }


def main():
    session = Session()
    reply(hello())
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            op = request.get("op")
            if op == "quit":
                reply({"ok": True})
                return
            if op == "setup":
                reply(session.setup(request))
            elif op in ("warmup", "time"):
                reply(session.run(request["label"], int(request["steps"]), op == "time"))
            elif op == "gemm":
                reply(session.gemm(int(request["rows"]), int(request["inner"]), int(request["cols"]), int(request["repeats"])))
            else:
                reply({"ok": False, "error": f"unknown op {op!r}"})
        except Exception as error:  # noqa: BLE001 - every failure goes back to RegBench as one line
            last = traceback.format_exc().strip().splitlines()[-1]
            reply({"ok": False, "error": f"{type(error).__name__}: {error} ({last})"})


main()
