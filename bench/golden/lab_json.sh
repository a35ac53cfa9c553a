#!/usr/bin/env bash
# Records every lab task's --json output, without its timing fields, so that a
# refactoring can prove it changed nothing the lab prints:
#   bash bench/golden/lab_json.sh record DIR    # before
#   bash bench/golden/lab_json.sh compare DIR   # after: byte-identical or a diff
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:?usage: lab_json.sh record|compare DIR}
dir=${2:?usage: lab_json.sh record|compare DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$dir"
out="$work/json"
mkdir -p "$out"

# Drops "timing" (wall-clock) and "seconds" fields at any depth, one JSON value per line.
strip() {
  deno eval --quiet '
    const drop = (v) => Array.isArray(v) ? v.map(drop) : v && typeof v === "object"
      ? Object.fromEntries(Object.entries(v).filter(([k]) => !/^(timing|seconds|elapsed\w*|\w*Seconds|tokensPerSecond)$/.test(k)).map(([k, x]) => [k, drop(x)]))
      : v;
    const text = new TextDecoder().decode(await new Response(Deno.stdin.readable).arrayBuffer());
    for (const line of text.split("\n")) if (line.trim()) console.log(JSON.stringify(drop(JSON.parse(line))));'
}
run() {
  local name=$1
  shift
  deno task --quiet "$@" 2>/dev/null | strip >"$out/$name.json"
}

run rnn rnn --json --quiet --out "$work/plots" --save "$work/rnn.ckpt"
run rnn_batched rnn --json --quiet --out "$work/plots" --batch-size 8 --lr 0.03 --epochs 50
run rnn_reference rnn --json --quiet --out "$work/plots" --backend reference --epochs 20
run lstm lstm --json --quiet --out "$work/plots" --save "$work/lstm.ckpt"
run lstm_reference lstm --json --quiet --out "$work/plots" --backend reference --epochs 10
run lstm_adam lstm --json --quiet --out "$work/plots" --optimizer adam --lr 0.01 --epochs 30 --batch-size 4 --batching length
run nn nn --json --quiet --out "$work/plots" --save "$work/nn.ckpt"
run nn_reference nn --json --quiet --out "$work/plots" --backend reference --epochs 5
run gru gru --json --quiet --out "$work/plots" --save "$work/gru.ckpt"
run compare compare --json --out "$work/plots"
run patterns patterns --json --quiet --out "$work/plots" --language anbn,dyck1 --model all --seeds 2 --epochs 8 --test 12..20 --sequences 64
run patterns_classic patterns --json --quiet --out "$work/plots" --language anbn --model lstm --protocol classic --peephole --hidden 8 --seed 3 --epochs 10 --test 12..30 --sequences 64
for model in rnn lstm nn gru; do
  run "freestyle_$model" freestyle --json --checkpoint "$work/$model.ckpt"
done
for model in lstm nn gru rnn; do
  deno task --quiet export --checkpoint "$work/$model.ckpt" --out "$work/$model.safetensors" >/dev/null 2>&1
  sha256sum <"$work/$model.safetensors" | cut -d' ' -f1 >"$out/export_$model.sha256"
done
for model in nn gru; do
  deno task --quiet export --import "$work/$model.safetensors" --out "$work/${model}_back.ckpt" >/dev/null 2>&1
  run "freestyle_${model}_back" freestyle --json --checkpoint "$work/${model}_back.ckpt"
done

case "$mode" in
record)
  cp "$out"/* "$dir"/
  echo "recorded $(ls "$out" | wc -l) outputs in $dir"
  ;;
compare)
  if diff -r "$dir" "$out"; then
    echo "identical: $(ls "$out" | wc -l) outputs"
  else
    echo "differs from $dir"
    exit 1
  fi
  ;;
*) echo "usage: lab_json.sh record|compare DIR" >&2; exit 2 ;;
esac
