#!/usr/bin/env python3
"""Reference params and MACs per token of HAT-style encoder-decoder Transformers, for TransformerExactnessTests.
Computed with PyTorch (Debian's python3-torch 1.13 was used for the committed transformer_costs.json):

    /usr/bin/python3 tests/AutoBuild.Runtime.Tests/Cost/Fixtures/make_transformer_reference.py

The network is written here from the published layer definitions (Vaswani et al. 2017 as fairseq implements it,
which HAT's SubTransformers reuse): token embeddings with sinusoidal positions (no weights), post-norm encoder
layers (self-attention, LayerNorm, fc1-ReLU-fc2, LayerNorm), decoder layers (causal self-attention, LayerNorm,
encoder-decoder attention whose keys/values come from the encoder's width, LayerNorm, FFN, LayerNorm) and an output
projection to the vocabulary without bias. Attention is torch.nn.MultiheadAttention, not our code.

Params: the sum of numel() over the model's parameters. MACs: PyTorch's profiler counts the FLOPs of every matrix
product (aten::addmm, aten::mm, aten::bmm, aten::baddbmm: 2 per multiply-accumulate) in one forward over a source
and a target of L tokens; MACs per token = FLOPs / 2 / L."""
import json, math, os
import torch
import torch.nn as nn
from torch.profiler import profile, ProfilerActivity

HERE = os.path.dirname(os.path.abspath(__file__))
MATMULS = {"aten::addmm", "aten::mm", "aten::bmm", "aten::baddbmm"}


def sinusoidal(length, dim):
    half = dim // 2
    freq = torch.exp(torch.arange(half, dtype=torch.float) * -(math.log(10000.0) / (half - 1)))
    angles = torch.arange(length, dtype=torch.float).unsqueeze(1) * freq.unsqueeze(0)
    table = torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)
    return table if dim % 2 == 0 else torch.cat([table, torch.zeros(length, 1)], dim=1)


class EncoderLayer(nn.Module):
    def __init__(self, d, heads, ffn):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(d, heads)
        self.self_attn_layer_norm = nn.LayerNorm(d)
        self.fc1, self.fc2 = nn.Linear(d, ffn), nn.Linear(ffn, d)
        self.final_layer_norm = nn.LayerNorm(d)

    def forward(self, x):
        x = self.self_attn_layer_norm(x + self.self_attn(x, x, x, need_weights=False)[0])
        return self.final_layer_norm(x + self.fc2(torch.relu(self.fc1(x))))


class DecoderLayer(nn.Module):
    def __init__(self, d, e, heads, cross_heads, ffn):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(d, heads)
        self.self_attn_layer_norm = nn.LayerNorm(d)
        self.encoder_attn = nn.MultiheadAttention(d, cross_heads, kdim=e, vdim=e)
        self.encoder_attn_layer_norm = nn.LayerNorm(d)
        self.fc1, self.fc2 = nn.Linear(d, ffn), nn.Linear(ffn, d)
        self.final_layer_norm = nn.LayerNorm(d)

    def forward(self, x, memory):
        n = x.shape[0]
        causal = torch.triu(torch.full((n, n), float("-inf")), diagonal=1)
        x = self.self_attn_layer_norm(x + self.self_attn(x, x, x, attn_mask=causal, need_weights=False)[0])
        x = self.encoder_attn_layer_norm(x + self.encoder_attn(x, memory, memory, need_weights=False)[0])
        return self.final_layer_norm(x + self.fc2(torch.relu(self.fc1(x))))


class Transformer(nn.Module):
    def __init__(self, c):
        super().__init__()
        e, d, v = c["encoder_dim"], c["decoder_dim"], c["vocab"]
        self.encoder_embed = nn.Embedding(v, e)
        self.encoder = nn.ModuleList(EncoderLayer(e, h, f) for h, f in c["encoder"])
        self.decoder_embed = nn.Embedding(v, d)
        self.decoder = nn.ModuleList(DecoderLayer(d, e, h, ch, f) for h, ch, f in c["decoder"])
        self.output = nn.Linear(d, v, bias=False)
        self.e, self.d = e, d

    def forward(self, src, tgt):
        x = self.encoder_embed(src) * math.sqrt(self.e) + sinusoidal(src.shape[0], self.e).unsqueeze(1)
        for layer in self.encoder:
            x = layer(x)
        y = self.decoder_embed(tgt) * math.sqrt(self.d) + sinusoidal(tgt.shape[0], self.d).unsqueeze(1)
        for layer in self.decoder:
            y = layer(y, x)
        return self.output(y)


# HAT's WMT'14 En-De SubTransformers (the example space: L = 30, V = 32768) and a small space with other sizes.
CONFIGS = [
    {"name": "hat_smallest", "length": 30, "vocab": 32768, "encoder_dim": 512, "decoder_dim": 512,
     "encoder": [[2, 512]] * 6, "decoder": [[2, 2, 512]]},
    {"name": "hat_largest", "length": 30, "vocab": 32768, "encoder_dim": 640, "decoder_dim": 640,
     "encoder": [[8, 3072]] * 6, "decoder": [[8, 8, 3072]] * 6},
    {"name": "hat_mixed", "length": 30, "vocab": 32768, "encoder_dim": 640, "decoder_dim": 512,
     "encoder": [[4, 3072], [8, 512], [2, 1024], [8, 2048], [4, 2048], [2, 3072]],
     "decoder": [[8, 2, 1024], [4, 8, 3072], [2, 4, 512]]},
    {"name": "hat_narrow_encoder", "length": 30, "vocab": 32768, "encoder_dim": 512, "decoder_dim": 640,
     "encoder": [[8, 1024]] * 6, "decoder": [[2, 8, 2048], [8, 4, 512], [4, 2, 3072], [8, 8, 1024], [2, 2, 2048]]},
    {"name": "tiny", "length": 7, "vocab": 97, "encoder_dim": 24, "decoder_dim": 16,
     "encoder": [[3, 40], [6, 8]], "decoder": [[4, 2, 12], [2, 4, 36]]},
]


def measure(c):
    torch.manual_seed(0)
    model = Transformer(c).eval()
    params = sum(p.numel() for p in model.parameters())
    src = torch.randint(0, c["vocab"], (c["length"], 1))
    tgt = torch.randint(0, c["vocab"], (c["length"], 1))
    with torch.no_grad(), profile(activities=[ProfilerActivity.CPU], with_flops=True) as prof:
        model(src, tgt)
    flops = sum(e.flops for e in prof.key_averages() if e.key in MATMULS)
    assert flops % (2 * c["length"]) == 0, (c["name"], flops)
    return {"params": params, "macs_per_token": flops // 2 // c["length"]}


if __name__ == "__main__":
    torch.set_num_threads(1)
    out = [dict(c, **measure(c)) for c in CONFIGS]
    with open(os.path.join(HERE, "transformer_costs.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for c in out:
        print(c["name"], c["params"], c["macs_per_token"])
