#!/usr/bin/env python3
"""Labels for examples/spaces/hat-transformer.space.yaml from HAT's measured latencies
(data/hat-transformer-latency/hat_latency.csv.gz: 16,000 SubTransformers, 8 task x device groups of 2,000).

    python3 examples/HatTransformer/make_labels.py [--task wmt14ende] [--hardware gpu_titanxp] [--out FILE]

HAT's latency files record, per SubTransformer, the embedding dims, the layer counts and the per-stack *averages*
of the FFN widths and attention heads (what HAT's own latency predictor reads), not the per-layer values. Every
row is therefore written as one per-layer configuration with exactly those averages: each stack's sum
(average x layers) is split into values of the space (FFN 512/1024/2048/3072, heads 2/4/8), largest first, the
lexicographically largest such split. Params and MACs depend only on these sums, so the cost model gives every
row the same numbers whichever split is taken; latency depends on them almost only through the sums too.
HAT's "arbitrary encoder-decoder attention" (each decoder layer attending to the last 1-3 encoder layers) is not
in the space; its column is dropped. Every row of all 8 groups must split (checked here), and the script fails
otherwise.

Columns written: the 33 decisions of the space, latency_ms (encoder + decoder mean, the README's
latency_total_ms), latency_encoder_ms, latency_decoder_ms, and params: the exact parameter count of the
SubTransformer (the cost model's, formula below), a stand-in for quality since the data has no BLEU."""
import argparse, csv, gzip, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "hat-transformer-latency", "hat_latency.csv.gz")
FFN = [3072, 2048, 1024, 512]
HEADS = [8, 4, 2]
VOCAB = 32768


def split(total, layers, values):
    """The lexicographically largest descending list of `layers` values summing to `total`, or None."""
    if layers == 0:
        return [] if total == 0 else None
    for v in values:
        rest = total - v
        if min(values) * (layers - 1) <= rest <= v * (layers - 1):
            tail = split(rest, layers - 1, [w for w in values if w <= v])
            if tail is not None:
                return [v] + tail
    return None


def stack(row, column, layers, values):
    total = round(float(row[column]) * layers)
    assert abs(float(row[column]) * layers - total) < 1e-6, (column, row[column])
    parts = split(total, layers, values)
    if parts is None:
        raise SystemExit(f"{column}: {row[column]} x {layers} layers is no sum of {values}")
    return parts


def params(e, d, enc, dec):
    """fairseq/HAT SubTransformer weights: embeddings, layers (attention 4 projections with bias, LayerNorms, FFN),
    output projection without bias (see docs/spec-language.md, "Transformer spaces")."""
    total = VOCAB * e + VOCAB * d + d * VOCAB
    for _, f in enc:
        total += 4 * e * e + 4 * e + 2 * 2 * e + 2 * e * f + f + e
    for _, _, f in dec:
        total += (4 * d * d + 4 * d) + (2 * d * d + 2 * e * d + 4 * d) + 3 * 2 * d + 2 * d * f + f + d
    return total


def convert(row):
    e, d = int(row["encoder_embed_dim"]), int(row["decoder_embed_dim"])
    n_enc, n_dec = int(row["encoder_layer_num"]), int(row["decoder_layer_num"])
    assert n_enc == 6 and 1 <= n_dec <= 6
    enc_ffn = stack(row, "encoder_ffn_embed_dim_avg", n_enc, FFN)
    enc_heads = stack(row, "encoder_self_attention_heads_avg", n_enc, HEADS)
    dec_ffn = stack(row, "decoder_ffn_embed_dim_avg", n_dec, FFN)
    dec_heads = stack(row, "decoder_self_attention_heads_avg", n_dec, HEADS)
    dec_cross = stack(row, "decoder_ende_attention_heads_avg", n_dec, HEADS)
    out = {"encoder_embed_dim": e}
    for i in range(6):
        out[f"encoder.l{i + 1}.heads"] = enc_heads[i]
        out[f"encoder.l{i + 1}.ffn"] = enc_ffn[i]
    out["decoder_embed_dim"] = d
    out["decoder.depth"] = n_dec
    for i in range(6):
        active = i < n_dec
        out[f"decoder.l{i + 1}.heads"] = dec_heads[i] if active else ""
        out[f"decoder.l{i + 1}.cross_heads"] = dec_cross[i] if active else ""
        out[f"decoder.l{i + 1}.ffn"] = dec_ffn[i] if active else ""
    out["latency_ms"] = row["latency_total_ms"]
    out["latency_encoder_ms"] = row["latency_mean_encoder"]
    out["latency_decoder_ms"] = row["latency_mean_decoder"]
    out["params"] = params(e, d, list(zip(enc_heads, enc_ffn)), list(zip(dec_heads, dec_cross, dec_ffn)))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--task", default="wmt14ende")
    parser.add_argument("--hardware", default="gpu_titanxp")
    parser.add_argument("--out", default=os.path.join(HERE, "wmt14ende-gpu_titanxp.labels.csv"))
    args = parser.parse_args()
    with gzip.open(DATA, "rt", newline="") as f:
        rows = list(csv.DictReader(f))
    converted = [(r["task"], r["hardware"], convert(r)) for r in rows]  # every row of every group must split
    picked = [c for t, h, c in converted if t == args.task and h == args.hardware]
    if not picked:
        raise SystemExit(f"no rows for task {args.task} on {args.hardware}")
    with open(args.out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(picked[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(picked)
    print(f"{len(converted)} rows split; {len(picked)} written to {os.path.relpath(args.out)}", file=sys.stderr)


if __name__ == "__main__":
    main()
