#!/usr/bin/env python3
"""Reference outputs for ReferenceOutputTests, computed once with PyTorch (Debian's python3-torch 1.13 and
python3-torchvision 0.14 were used for the committed files):

    /usr/bin/python3 tests/AutoBuild.TorchSharp.Tests/Fixtures/make_reference.py [name ...]

For each network it builds the PyTorch model, fills every floating-point parameter and buffer with the formula of
DeterministicWeights.cs (keep the two in step) under OUR state-dict key (read from <name>.keys.txt, which the C#
test writes with AUTOBUILD_WRITE_KEYS=1 and checks on every run), runs one eval-mode forward on the input
x[i] = sin(0.37 i) and writes the outputs to <name>.reference.json. torchvision's keys are mapped onto ours by
order, parameters with parameters and running statistics with running statistics, and every pair must have the
same shape. The NAS-Bench-201 network is written here from the published definition (Dong & Yang, ICLR 2020)
with module names equal to ours, so its keys map one to one."""
import json, math, os, sys
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))


def phase(key):
    h = 0
    for j, b in enumerate(key.encode("ascii")):
        h = (h + b * (j + 1)) % 997
    return h / 997.0 * 2 * math.pi


def value(key, shape, i):
    s = math.sin(phase(key) + 0.61803 * i)
    if key.endswith("running_var"):
        return 0.5 + 0.25 * (s + 1)
    if key.endswith("running_mean") or key.endswith("bias"):
        return 0.1 * s
    if len(shape) == 1:
        return 1 + 0.1 * s
    fan_in = 1
    for d in shape[1:]:
        fan_in *= d
    return s * math.sqrt(3.0 / fan_in)


def read_keys(name):
    keys = []
    with open(os.path.join(HERE, name + ".keys.txt")) as f:
        for line in f:
            key, _, shape = line.rstrip("\n").partition(" ")
            keys.append((key, [int(d) for d in shape.split("x") if d]))
    return keys


def fill(model, ours):
    """Fills the model's tensors; ours = [(our key, shape)] in our state-dict order."""
    theirs = [(k, t) for k, t in model.state_dict().items() if t.is_floating_point()]
    ours = [(k, s) for k, s in ours if not k.endswith("num_batches_tracked")]
    is_stat = lambda k: k.endswith("running_mean") or k.endswith("running_var")
    pairs = []
    for stats in (False, True):
        a = [x for x in ours if is_stat(x[0]) == stats]
        b = [x for x in theirs if is_stat(x[0]) == stats]
        assert len(a) == len(b), (stats, len(a), len(b))
        pairs += list(zip(a, b))
    with torch.no_grad():
        for (our_key, shape), (their_key, tensor) in pairs:
            assert list(tensor.shape) == shape, (our_key, their_key, shape, list(tensor.shape))
            n = tensor.numel()
            values = torch.tensor([value(our_key, shape, i) for i in range(n)], dtype=torch.float64)
            tensor.copy_(values.to(torch.float32).reshape(tensor.shape))


def relu_conv_bn(c_in, c_out, k, stride, pad):
    return nn.Sequential(nn.ReLU(), nn.Conv2d(c_in, c_out, k, stride, pad, bias=False), nn.BatchNorm2d(c_out))


class Zero(nn.Module):
    def forward(self, x):
        return x.mul(0.0)


class Reduction(nn.Module):
    """NAS-Bench-201 ResNetBasicblock with stride 2."""
    def __init__(self, c_in, c_out):
        super().__init__()
        self.body = nn.Sequential(nn.ReLU(), nn.Conv2d(c_in, c_out, 3, 2, 1, bias=False), nn.BatchNorm2d(c_out),
                                  nn.ReLU(), nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False), nn.BatchNorm2d(c_out))
        self.shortcut = nn.Sequential(nn.AvgPool2d(2, 2, 0), nn.Conv2d(c_in, c_out, 1, 1, 0, bias=False))

    def forward(self, x):
        return self.body(x) + self.shortcut(x)


class FactorizedReduce(nn.Module):
    """NAS-Bench-201's skip_connect where the shape changes (written from the published definition): stride 2 =
    ReLU, two 1x1 stride-2 convs to c_out//2 and the rest, the second on the input padded by one zero row and column
    at the bottom/right and shifted by one pixel, concatenated, then BN; stride 1 = one 1x1 conv, then BN."""
    def __init__(self, c_in, c_out, stride):
        super().__init__()
        self.stride = stride
        if stride == 2:
            self.relu = nn.ReLU()
            self.conv_1 = nn.Conv2d(c_in, c_out // 2, 1, 2, 0, bias=False)
            self.conv_2 = nn.Conv2d(c_in, c_out - c_out // 2, 1, 2, 0, bias=False)
        else:
            self.conv = nn.Conv2d(c_in, c_out, 1, 1, 0, bias=False)
        self.bn = nn.BatchNorm2d(c_out)

    def forward(self, x):
        if self.stride == 1:
            return self.bn(self.conv(x))
        x = self.relu(x)
        y = nn.functional.pad(x, (0, 1, 0, 1))[:, :, 1:, 1:]
        return self.bn(torch.cat([self.conv_1(x), self.conv_2(y)], dim=1))


class Cell(nn.Module):
    """A cell written from the published NAS-Bench-201 op definitions (Dong & Yang, ICLR 2020): node j = sum over i < j
    of op(i->j)(node i); output node 3. With a stride or a new width it is a TransNAS-Bench-101 micro-style reducing
    cell: edges leaving node 0 take c_in to c_out with the stride, the others keep c_out; none = zeros of the output
    shape, skip_connect = identity when the shape is kept, else FactorizedReduce, nor_conv_kxk = ReLU-conv-BN."""
    def __init__(self, c_in, c_out, stride, ops):
        super().__init__()
        self.edges = []
        self.c_out, self.stride = c_out, stride
        for (i, j), op in ops.items():
            ci, s = (c_in, stride) if i == 0 else (c_out, 1)
            if op == "none":
                continue  # contributes zeros; no parameters
            if op == "skip_connect":
                m = nn.Identity() if ci == c_out and s == 1 else FactorizedReduce(ci, c_out, s)
            elif op == "avg_pool_3x3":
                assert ci == c_out and s == 1, "avg_pool_3x3 only in a normal cell"
                m = nn.AvgPool2d(3, 1, 1, count_include_pad=False)
            else:
                k = 3 if op == "nor_conv_3x3" else 1
                m = relu_conv_bn(ci, c_out, k, s, k // 2)
            self.add_module(f"edge_{i}_{j}", m)
            self.edges.append((i, j, m))

    def forward(self, x):
        n, _, h, w = x.shape
        shape = (n, self.c_out, (h - 1) // self.stride + 1, (w - 1) // self.stride + 1)
        nodes = [x]
        for j in (1, 2, 3):
            total = torch.zeros(shape)
            for i, jj, m in self.edges:
                if jj == j:
                    total = total + m(nodes[i])
            nodes.append(total)
        return nodes[3]


def cell_ops(arch):
    """The edge ops of a cell string, {(from, to): op}, ordered by target node then source (our edge order)."""
    ops = {}
    for j, node in enumerate(arch.strip("|").split("|+|"), start=1):
        for token in node.split("|"):
            op, i = token.split("~")
            ops[(int(i), j)] = op
    return dict(sorted(ops.items(), key=lambda kv: (kv[0][1], kv[0][0])))


def transnas_micro(arch, classes=10):
    """Stem conv 3x3/2 + BN + ReLU to 64, then four stages of two cells; stages 2-4 start with a reducing cell."""
    ops = cell_ops(arch)
    layers = [nn.Sequential(nn.Conv2d(3, 64, 3, 2, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU())]
    c = 64
    for stage in range(4):
        c_out = 64 * 2 ** stage
        layers += [Cell(c, c_out, 1 if stage == 0 else 2, ops), Cell(c_out, c_out, 1, ops)]
        c = c_out
    layers += [nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten()), nn.Linear(c, classes)]
    return nn.Sequential(*layers)


def nb201(arch, classes=10):
    ops = cell_ops(arch)
    stem = nn.Sequential(nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16))
    cells = lambda c: nn.Sequential(*[Cell(c, c, 1, ops) for _ in range(5)])
    return nn.Sequential(stem, cells(16), Reduction(16, 32), cells(32), Reduction(32, 64), cells(64),
                         nn.BatchNorm2d(64), nn.ReLU(), nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten()),
                         nn.Linear(64, classes))


def main():
    import torchvision
    nets = {
        "resnet18": (lambda: torchvision.models.resnet18(), (1, 3, 224, 224)),
        # torchvision's own BatchNorm settings (MobileNetV3: eps 1e-3, momentum 0.01; the specs say so with `bn:`).
        "mobilenet_v3_large": (lambda: torchvision.models.mobilenet_v3_large(), (1, 3, 224, 224)),
        "mobilenet_v3_small": (lambda: torchvision.models.mobilenet_v3_small(), (1, 3, 224, 224)),
        "mobilenet_v2": (lambda: torchvision.models.mobilenet_v2(), (1, 3, 224, 224)),
        "efficientnet_b0": (lambda: torchvision.models.efficientnet_b0(), (1, 3, 224, 224)),
        "transnas_micro": (lambda: transnas_micro("|skip_connect~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|none~0|skip_connect~1|nor_conv_3x3~2|"), (1, 3, 64, 64)),
        "nb201": (lambda: nb201("|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|"), (1, 3, 32, 32)),
    }
    only = sys.argv[1:]  # names to (re)generate; all when none are given
    for name, (make, shape) in nets.items():
        if only and name not in only:
            continue
        model = make().eval()
        fill(model, read_keys(name))
        n = 1
        for d in shape:
            n *= d
        x = torch.tensor([math.sin(0.37 * i) for i in range(n)], dtype=torch.float64).to(torch.float32).reshape(shape)
        with torch.no_grad():
            y = model(x).reshape(-1)
        with open(os.path.join(HERE, name + ".reference.json"), "w") as f:
            json.dump([float(v) for v in y], f)
            f.write("\n")
        print(name, "params", sum(p.numel() for p in model.parameters()), "outputs", y.numel(), "max |y|", float(y.abs().max()))


if __name__ == "__main__":
    sys.exit(main())
