#!/bin/bash
# actlab report in 4 shards as a Slurm job array: task k of --array=0-3 runs shard k+1 of 4
# (--shard auto reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT).
# The units dealt out are experiment × function × seed × setting, so the array may have more
# tasks than there are seeds.
# Submit the array, then the merge once every task has succeeded:
#   jid=$(sbatch --parsable slurm-array.sh)
#   sbatch --dependency=afterok:$jid --wrap "actlab report --merge results/shards --lang en,zh --out results/report"
#SBATCH --job-name=actlab-report
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=04:00:00
#SBATCH --output=results/logs/shard-%a.out
set -eu
actlab report --lang en,zh --shard auto --out results/shards
