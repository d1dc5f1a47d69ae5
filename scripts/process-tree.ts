import { readdirSync, readFileSync } from 'node:fs';

/**
 * Memory and CPU of a program and its descendants, from /proc (Linux): what the benches measure around
 * a child process that itself spawns (compileLinked runs circom2 as its child).
 */

/**
 * The peak RSS (VmHWM) of the largest process in the tree under `pid`, polled every `intervalMs` until
 * stop() (a short-lived program wants a short interval: its high-water mark is read while it lives);
 * each poll also hands `onPoll` the tree's RSS now (VmRSS summed over its processes, MiB).
 */
export function watchTree(pid: number, onPoll: (treeRssMiB: number) => void = () => {}, intervalMs = 100): { stop(): number } {
  let peak = 0;
  const poll = () => {
    let rss = 0;
    for (const p of descendants(pid)) {
      const status = read(`/proc/${p}/status`);
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
      rss += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    }
    onPoll(rss);
  };
  const timer = setInterval(poll, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** `pid` and every process under it (from each thread's children list). */
function descendants(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${out[i]}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) out.push(...read(`/proc/${out[i]}/task/${t}/children`).split(' ').filter(Boolean).map(Number));
  }
  return out;
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** MemAvailable of /proc/meminfo, in MiB. */
export function availableMiB(): number {
  return Number(/MemAvailable:\s+(\d+) kB/.exec(read('/proc/meminfo'))?.[1] ?? 0) / 1024;
}

/**
 * CPU time (user + system) of this process' children that have exited and been waited for, and of
 * the descendants they waited for, from /proc/self/stat (cutime, cstime; clock ticks of 10 ms): the
 * delta around one program is its CPU time.
 */
export function exitedChildrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // Fields 16 and 17 of proc(5); fields[0] is field 3 (state).
  return (Number(fields[13]) + Number(fields[14])) * 10;
}
