#!/usr/bin/env bash
# Merges the shard files of a cluster sweep (tools/cluster/slurm-sweep.sbatch
# or k8s-sweep-job.yaml): checks that shards 0..N-1 are all there and end in
# a whole record, concatenates them into DIR/all.jsonl and prints the
# loss-rate table.
#   tools/cluster/merge.sh [DIR] [N]     DIR defaults to results; with N,
#                                        a missing shard file is an error
# Set CUTOVER_SIM to the binary (default build/release/cutover-sim).
set -euo pipefail
dir=${1:-results}
shards=${2:-}
sim=${CUTOVER_SIM:-build/release/cutover-sim}

shopt -s nullglob
files=("$dir"/shard-*.jsonl)
if [ "${#files[@]}" -eq 0 ]; then
  echo "merge.sh: no $dir/shard-*.jsonl files" >&2
  exit 2
fi
status=0
if [ -n "$shards" ]; then
  for ((i = 0; i < shards; i++)); do
    if [ ! -f "$dir/shard-$i.jsonl" ]; then
      echo "merge.sh: $dir/shard-$i.jsonl is missing: shard $i/$shards has not run" >&2
      status=2
    fi
  done
fi
for f in "${files[@]}"; do
  # A sweep writes whole lines; a torn last one means the shard was cut off.
  if [ -s "$f" ] && [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" != '\n' ]; then
    echo "merge.sh: $f ends in a torn record: rerun its shard (it resumes)" >&2
    status=2
  fi
done
[ "$status" -eq 0 ] || exit "$status"

cat "${files[@]}" > "$dir/all.jsonl"
echo "merge.sh: $(wc -l < "$dir/all.jsonl") records from ${#files[@]} shard files in $dir/all.jsonl" >&2
"$sim" table "${files[@]}" --format md
