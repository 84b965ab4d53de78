#!/usr/bin/env bash
# mpirun -np 1, 2 and 3 give results.json byte-identical to a plain run;
# a rank count above the batch count is refused with one message.
set -euo pipefail
cli=$1
model=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$cli" run "$model" -n 20000 --seed 6 --quiet --out "$work/plain" >/dev/null
for np in 1 2 3; do
  mpirun -np "$np" --oversubscribe "$cli" run "$model" -n 20000 --seed 6 --threads 1 --quiet --out "$work/np$np" >/dev/null
  if ! cmp -s "$work/plain/results.json" "$work/np$np/results.json"; then
    echo "FAIL: mpirun -np $np differs from the plain run"
    diff "$work/plain/results.json" "$work/np$np/results.json" | head -20
    exit 1
  fi
  echo "ok: mpirun -np $np is byte-identical"
done

set +e
message=$(mpirun -np 3 --oversubscribe "$cli" run "$model" -n 40 --batches 2 --out "$work/x" 2>&1)
status=$?
set -e
expected="3 MPI ranks but the study has only 2 batches; use at most 2 ranks or raise --batches"
if [[ $status -eq 0 || $(grep -c "$expected" <<<"$message") -ne 1 ]]; then
  echo "FAIL: too many ranks: status $status, output:"
  echo "$message"
  exit 1
fi
echo "ok: too many ranks end with one message"
