#!/usr/bin/env python3
"""torchvision's module names for the layers of the fixed example specs, for `autobuild export --torchvision-names`.

Made once with Debian's python3-torch 1.13 and python3-torchvision 0.14:

    /usr/bin/python3 src/Compiler/AutoBuild.Cli/Commands/Torchvision/make_names.py

Our state-dict keys come from tests/AutoBuild.TorchSharp.Tests/Fixtures/<name>.keys.txt (the generic model of the
spec's one architecture, checked by ReferenceOutputTests on every run). They are paired with torchvision's keys by
order, parameters with parameters and running statistics with running statistics, every pair with the same shape
(as make_reference.py does for the reference outputs); a layer's module path then maps to torchvision's, and every
key of one layer must map into one torchvision module. Output: <Space>.torchvision-names.txt, "ours theirs" lines."""
import os

import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "..", "..", "..", "tests", "AutoBuild.TorchSharp.Tests", "Fixtures")
NETWORKS = {"ResNet18": ("resnet18", torchvision.models.resnet18), "MobileNetV3Large": ("mobilenet_v3_large", torchvision.models.mobilenet_v3_large)}


def main():
    for space, (name, make) in NETWORKS.items():
        ours = []
        with open(os.path.join(FIXTURES, name + ".keys.txt")) as f:
            for line in f:
                key, _, shape = line.strip().partition(" ")
                if not key.endswith("num_batches_tracked"):
                    ours.append((key, [int(d) for d in shape.split("x") if d]))
        theirs = [(k, list(t.shape)) for k, t in make().state_dict().items() if t.is_floating_point()]
        is_stat = lambda k: k.endswith("running_mean") or k.endswith("running_var")
        modules = {}
        for stats in (False, True):
            a = [x for x in ours if is_stat(x[0]) == stats]
            b = [x for x in theirs if is_stat(x[0]) == stats]
            assert len(a) == len(b), (space, stats, len(a), len(b))
            for (our_key, our_shape), (their_key, their_shape) in zip(a, b):
                assert our_shape == their_shape, (our_key, their_key)
                ours_module, theirs_module = our_key.rsplit(".", 1)[0], their_key.rsplit(".", 1)[0]
                assert modules.setdefault(ours_module, theirs_module) == theirs_module, (our_key, their_key)
        with open(os.path.join(HERE, space + ".torchvision-names.txt"), "w") as f:
            for ours_module, theirs_module in modules.items():
                f.write(f"{ours_module} {theirs_module}\n")
        print(space, len(modules), "layers")


if __name__ == "__main__":
    main()
