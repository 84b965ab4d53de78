#!/usr/bin/env bash
# scripts/gpu-check on stub bundles (no GPU, nothing built): it must count
# every failed step, never compare results of a failed run, and end with
# "gpu-check: N checks passed, M failed" and exit status 1 after any failure,
# 0 only when every step passed.
#   gpu_check_test.sh SOURCE_DIR
set -uo pipefail
source_dir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# make_bundle DIR MODE: stub binaries. MODE "fail": every binary exits 1
# and writes nothing; "cuda-fails": the CPU runs write results, CUDA runs
# exit 1; "pass": every step succeeds and both backends write the same bytes.
make_bundle() {
  local dir=$1 mode=$2
  mkdir -p "$dir/lib"
  cat >"$dir/chokepoint" <<EOF
#!/usr/bin/env bash
mode=$mode
EOF
  cat >>"$dir/chokepoint" <<'EOF'
[[ $mode == fail ]] && exit 1
out="" backend=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    --out) out=${args[i + 1]} ;;
    --backend) backend=${args[i + 1]} ;;
  esac
done
case $1 in
  synth) echo '{}' >"$out" ;;
  run)
    [[ $mode == cuda-fails && $backend == cuda ]] && exit 1
    mkdir -p "$out"
    echo '{"same": true}' >"$out/results.json"
    echo '{"backend_description": "stub", "wall_seconds": 2.5}' >"$out/manifest.json"
    ;;
esac
exit 0
EOF
  local status=0
  [[ $mode == fail ]] && status=1
  local name
  for name in chokepoint_gpu_tests chokepoint_gpu_bench chokepoint_gpu_bench_b5 chokepoint_gpu_bench_b8; do
    printf '#!/usr/bin/env bash\nexit %d\n' "$status" >"$dir/$name"
  done
  chmod +x "$dir"/chokepoint*
}

# run_case MODE: gpu-check --run on a stub bundle; sets out, status and last.
run_case() {
  make_bundle "$tmp/$1/bundle" "$1"
  # No nvidia-smi or ncu on this PATH: the run takes the same steps anywhere.
  out=$(PATH=/usr/bin:/bin CHOKEPOINT_GPU_BUNDLE="$tmp/$1/bundle" "$source_dir/scripts/gpu-check" --run "$tmp/$1/out" 2>&1)
  status=$?
  last=$(grep '^gpu-check: [0-9]* checks passed' "$tmp/$1/out/gpu-check.txt" | tail -1)
}

for tool in ncu nvidia-smi; do
  if PATH=/usr/bin:/bin command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is in /usr/bin or /bin, so the stub runs would take other steps"
    exit 0
  fi
done

# Counted by hand from the script: version, info, GPU tests, the context
# check, two synths (6); three CPU/CUDA cases of three steps, two runs and
# the comparison (9); the benchmark, the 2^20-per-launch benchmark, three
# register bounds and the scenarios-in-flight sweep (6).
steps=21

run_case fail
[[ $status -ne 0 ]] || fail "all steps failed, yet exit status 0"
[[ $last == "gpu-check: 0 checks passed, $steps failed" ]] || fail "all failing: summary was '$last'"
grep -q '^identical' <<<"$out" && fail "all failing: a comparison said identical"
grep -q 'FAILED (exit 1): GPU tests' <<<"$out" || fail "all failing: the GPU tests' failure was not reported"

run_case cuda-fails
[[ $status -ne 0 ]] || fail "CUDA runs failed, yet exit status 0"
grep -q '^identical' <<<"$out" && fail "cuda-fails: a comparison said identical after a failed CUDA run"
grep -q 'FAILED (exit 1): demo.json on cuda' <<<"$out" || fail "cuda-fails: the failed CUDA run was not reported"
grep -q 'FAILED (not run: a run failed): demo.json: CPU and CUDA identical' <<<"$out" ||
  fail "cuda-fails: the comparison was not counted as failed"
# Per case: the CUDA run and the comparison fail (three cases).
[[ $last == "gpu-check: $((steps - 6)) checks passed, 6 failed" ]] || fail "cuda-fails: summary was '$last'"

run_case pass
[[ $status -eq 0 ]] || fail "every step passed, yet exit status $status"
[[ $last == "gpu-check: $steps checks passed, 0 failed" ]] || fail "all passing: summary was '$last'"
[[ $(grep -c '^identical: ' <<<"$out") -eq 3 ]] || fail "all passing: expected three identical comparisons"
# 10^6 scenarios x 6,240 node-weeks in the stub's 2.5 s.
grep -q '^cuda: 2.5e+09 node-weeks/s (2.50 s for 10^6 scenarios)$' <<<"$out" || fail "all passing: no CUDA rate"

if ((failures > 0)); then
  echo "--- output of the last run:"
  echo "$out"
  exit 1
fi
echo "gpu-check counted every failure in all three stub runs"
