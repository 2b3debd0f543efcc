#!/usr/bin/env bash
# A real single-node Slurm on localhost, in a temp folder: munged, slurmctld and slurmd started
# here with their own key, config and ports, stopped by PID on exit. Submits the array job of
# scripts/slurm/seglens-dataset.sbatch with --wait, merges the shards and checks the result is
# byte-identical to one unsharded run.
# Usage: slurm_test.sh SOURCE_DIR SEGLENS_CLI MAKE_DATASET
# Exit 77 (ctest SKIP_RETURN_CODE) only when the Slurm packages are not installed.
set -euo pipefail
src="$1" cli="$2" make_dataset="$3"

for prog in munged slurmctld slurmd sbatch sinfo; do
  if ! command -v "$prog" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$prog" ]; then
    echo "SKIP: $prog not installed (Debian packages slurmctld slurmd slurm-client munge;" \
         "scripts/setup.sh installs them)"
    exit 77
  fi
done
export PATH="$PATH:/usr/sbin"

tmp="$(mktemp -d /tmp/seglens-slurm.XXXXXX)"
pids=()
cleanup() {
  local rc=$?
  # Daemons are stopped by the PIDs this script started, nothing else.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
    for log in "$tmp"/*.log "$tmp"/job-*.out; do
      [ -f "$log" ] && { echo "== $log"; tail -n 30 "$log"; }
    done
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT

# munge: a key of our own and a socket in the temp folder.
dd if=/dev/urandom of="$tmp/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge.key"
munged --foreground --force --key-file="$tmp/munge.key" --socket="$tmp/munge.sock" \
  --pid-file="$tmp/munged.pid" --log-file="$tmp/munged.log" --seed-file="$tmp/munge.seed" &
pids+=($!)

# Ports of our own, away from a system Slurm's 6817/6818.
base=$((20000 + ($$ % 20000)))
ncpu="$(nproc)"
mkdir -p "$tmp/state" "$tmp/spool"
cat >"$tmp/slurm.conf" <<CONF
ClusterName=seglenstest
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$base
SlurmdPort=$((base + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge.sock
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MailProg=/bin/true
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$ncpu State=UNKNOWN
PartitionName=seglens Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"

# munged must answer before the Slurm daemons authenticate with it (bounded by count).
for i in $(seq 1 50); do [ -S "$tmp/munge.sock" ] && break; sleep 0.2; done
[ -S "$tmp/munge.sock" ] || { echo "FAIL: munged did not start"; exit 1; }

slurmctld -D -i -f "$SLURM_CONF" &
pids+=($!)
slurmd -D -N localhost -f "$SLURM_CONF" &
pids+=($!)

state=""
for i in $(seq 1 90); do
  state="$(sinfo -h -N -n localhost -o %T 2>/dev/null || true)"
  [ "$state" = "idle" ] && break
  sleep 1
done
if [ "$state" != "idle" ]; then
  echo "FAIL: the node did not become idle (state: '${state}')"
  exit 1
fi

"$make_dataset" "$tmp/data" 5 12 10 8 3 2
opts=(--ref "$tmp/data/labelsTs" --pred "a=$tmp/data/model0" --pred "b=$tmp/data/model1"
      --bootstrap 100 --jobs 1)
export SEGLENS_CLI="$cli"
# The script is submitted from another folder: it must not find seglens-cli through $0.
(cd "$tmp" && sbatch --wait --array=0-2 --output="$tmp/job-%a.out" \
  "$src/scripts/slurm/seglens-dataset.sbatch" "$tmp/out" -- "${opts[@]}")
"$cli" merge "$tmp/out"/shard-* --out "$tmp/merged"
"$cli" dataset "${opts[@]}" --out "$tmp/one"
for f in cases.csv summary.json nnunet/a/summary.json nnunet/b/summary.json; do
  if ! cmp -s "$tmp/one/$f" "$tmp/merged/$f"; then
    echo "FAIL: $f of the merged Slurm shards differs from the unsharded run"
    exit 1
  fi
done
echo "PASS: 3 Slurm array tasks merged = one run ($(wc -l <"$tmp/one/cases.csv") lines of cases.csv)"
