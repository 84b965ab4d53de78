#!/usr/bin/env bash
# mpirun -np 1, 2 and 3 give results.json byte-identical to a plain run, also
# when the parts travel in pieces of 4 KiB (the path of parts that pass 2^31
# bytes in all); a rank count above the batch count is refused with one message.
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

mpirun -np 3 --oversubscribe -x CHOKEPOINT_MPI_PIECE_BYTES=4096 "$cli" run "$model" -n 20000 --seed 6 --threads 1 --quiet \
  --out "$work/pieces" >/dev/null
if ! cmp -s "$work/plain/results.json" "$work/pieces/results.json"; then
  echo "FAIL: mpirun -np 3 with parts in 4 KiB pieces differs from the plain run"
  exit 1
fi
echo "ok: mpirun -np 3 with parts in 4 KiB pieces is byte-identical"

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
