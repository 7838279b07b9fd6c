// Samples the CPU time and resident memory of a process and its descendants from
// /proc (Linux) once a second, for the benchmarks that start the server in its
// own process tree.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'

export interface ProcessStats {
  pid: number
  label: string
  /** CPU of the whole run, in percent of one core. */
  cpuMean: number
  /** The busiest one-second sample, in percent of one core. */
  cpuMax: number
  rssMaxMb: number
  /**
   * The share of the run its main thread (the event loop) was ready to run
   * but waited for a core, in percent: other programs on the machine.
   */
  waitedForCpu: number
}

export interface SamplerReport {
  processes: ProcessStats[]
  seconds: number
  /** The sum over the processes, in percent of all cores. */
  totalCpuMean: number
  totalCpuMax: number
  /** The largest sum of the processes' RSS seen in one sample. */
  totalRssMaxMb: number
  /** The whole machine (other programs included), from /proc/stat, in percent of all cores. */
  machineCpuMean: number
  machineCpuMax: number
}

export interface Sampler {
  /** The last sample's total, in percent of all cores (for progress lines). */
  current: () => number
  stop: () => SamplerReport
}

const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100
  } catch {
    return 100
  }
})()

function readStat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name is in parentheses and may hold spaces: split after it.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }
  } catch {
    return null
  }
}

/** Nanoseconds the main thread has waited in the run queue (/proc/<pid>/schedstat). */
function readRunQueueNs(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1])
  } catch {
    return 0
  }
}

function readRssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : 0
  } catch {
    return 0
  }
}

/** `root` and every process below it (workers, and the helpers they spawn). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const ppid = readStat(Number(entry))?.ppid
    if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
  }
  const tree = [root]
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []))
  return tree
}

/** The CPU time `root` and every process below it have used so far, in ms (user and system, all threads). */
export function treeCpuMs(root: number): number {
  return (processTree(root).reduce((sum, pid) => sum + (readStat(pid)?.ticks ?? 0), 0) * 1000) / TICKS
}

function machineTicks(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!
  const values = line.trim().split(/\s+/).slice(1).map(Number)
  const idle = (values[3] ?? 0) + (values[4] ?? 0)
  const total = values.reduce((a, b) => a + b, 0)
  return { busy: total - idle, total }
}

/**
 * Starts sampling `root` and its descendants every `intervalMs`; `label` names a
 * process from its command line.
 */
export function sampleProcessTree(root: number, label: (pid: number, cmdline: string) => string, intervalMs = 1_000): Sampler {
  const cores = os.availableParallelism()
  const seen = new Map<
    number,
    {
      label: string
      firstTicks: number
      lastTicks: number
      firstWaitNs: number
      lastWaitNs: number
      cpuMax: number
      rssMaxMb: number
      firstAt: number
      lastAt: number
    }
  >()
  let totalCpuMax = 0
  let totalRssMaxMb = 0
  let lastTotal = 0
  let machineMax = 0
  const machineStart = machineTicks()
  let machinePrev = machineStart
  const started = performance.now()
  let previousAt = started

  const sample = () => {
    const at = performance.now()
    const seconds = (at - previousAt) / 1000
    previousAt = at
    let cpuSum = 0
    let rssSum = 0
    for (const pid of processTree(root)) {
      const stat = readStat(pid)
      if (!stat) continue
      const rss = readRssMb(pid)
      let entry = seen.get(pid)
      if (!entry) {
        let cmdline = ''
        try {
          cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
        } catch {
          // gone already
        }
        const waitNs = readRunQueueNs(pid)
        entry = {
          label: label(pid, cmdline),
          firstTicks: stat.ticks,
          lastTicks: stat.ticks,
          firstWaitNs: waitNs,
          lastWaitNs: waitNs,
          cpuMax: 0,
          rssMaxMb: 0,
          firstAt: at,
          lastAt: at,
        }
        seen.set(pid, entry)
      } else if (seconds > 0) {
        const cpu = ((stat.ticks - entry.lastTicks) / TICKS / seconds) * 100
        entry.cpuMax = Math.max(entry.cpuMax, cpu)
        cpuSum += cpu
      }
      entry.lastTicks = stat.ticks
      entry.lastWaitNs = readRunQueueNs(pid)
      entry.lastAt = at
      entry.rssMaxMb = Math.max(entry.rssMaxMb, rss)
      rssSum += rss
    }
    lastTotal = cpuSum / cores
    totalCpuMax = Math.max(totalCpuMax, lastTotal)
    totalRssMaxMb = Math.max(totalRssMaxMb, rssSum)
    const machine = machineTicks()
    if (machine.total > machinePrev.total) machineMax = Math.max(machineMax, ((machine.busy - machinePrev.busy) / (machine.total - machinePrev.total)) * 100)
    machinePrev = machine
  }
  sample()
  const timer = setInterval(sample, intervalMs)

  const stop = () => {
    clearInterval(timer)
    sample()
    const seconds = (performance.now() - started) / 1000
    const processes = [...seen.entries()].map(([pid, e]) => ({
      pid,
      label: e.label,
      cpuMean: e.lastAt > e.firstAt ? ((e.lastTicks - e.firstTicks) / TICKS / ((e.lastAt - e.firstAt) / 1000)) * 100 : 0,
      cpuMax: e.cpuMax,
      rssMaxMb: e.rssMaxMb,
      waitedForCpu: e.lastAt > e.firstAt ? ((e.lastWaitNs - e.firstWaitNs) / 1e6 / (e.lastAt - e.firstAt)) * 100 : 0,
    }))
    const cpuSeconds = [...seen.values()].reduce((sum, e) => sum + (e.lastTicks - e.firstTicks) / TICKS, 0)
    const machineEnd = machineTicks()
    return {
      processes,
      seconds,
      totalCpuMean: (cpuSeconds / seconds / cores) * 100,
      totalCpuMax,
      totalRssMaxMb,
      machineCpuMean: ((machineEnd.busy - machineStart.busy) / Math.max(1, machineEnd.total - machineStart.total)) * 100,
      machineCpuMax: machineMax,
    }
  }
  return { current: () => lastTotal, stop }
}
