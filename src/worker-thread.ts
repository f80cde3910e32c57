/**
 * One worker thread for work that must not block the bot (reading a hostile page, extracting a
 * large document's quotations): tasks run one at a time, each within a time and memory limit; a
 * task that breaks a limit gets the worker terminated, and the next task starts a new one. The
 * worker ends after a while idle, and an idle worker never keeps the process alive.
 *
 * The worker module posts any message once it is ready, then one reply per task it receives.
 */
import { Worker } from 'node:worker_threads';

export interface WorkerLimits {
  /** Longest one task may take. */
  timeoutMs: number;
  /** The worker's heap (V8 old generation) in MB. */
  memoryMb: number;
}

/** How a worker's failures read to the user ("reading the page took longer than 20 s"). */
export interface WorkerWording {
  /** The thread: "the page reader". */
  name: string;
  /** The task in progress: "reading the page". */
  doing: string;
  /** The task failed: "the page could not be read". */
  failed: string;
}

/** A task abandoned because it broke a limit or crashed its worker: the task's fault, not the bot's. */
export class WorkerTaskError extends Error {}

/** A worker idle this long ends (its heap is freed); the next task starts a new one. */
const IDLE_MS = 30_000;

/**
 * The worker, from compiled JavaScript (`npm start`: dist/…/name.js) or, when the calling module
 * itself runs as TypeScript (tsx, vitest), from the .ts source through tsx's loader — a worker
 * thread does not inherit the parent's loader.
 */
function spawnWorker(entry: { base: string; name: string }, memoryMb: number): Worker {
  const resourceLimits = {
    maxOldGenerationSizeMb: memoryMb,
    maxYoungGenerationSizeMb: Math.min(64, Math.max(8, memoryMb >> 3)),
  };
  if (!entry.base.endsWith('.ts')) return new Worker(new URL(`./${entry.name}.js`, entry.base), { resourceLimits });
  const source = new URL(`./${entry.name}.ts`, entry.base).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

export class WorkerThread<Task, Reply> {
  private worker: Worker | undefined;
  private workerMemoryMb = 0;
  private ready: Promise<Worker> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | undefined;

  /** `entry`: the worker module's name beside `base` (the caller's `import.meta.url`), without extension. */
  constructor(
    private readonly entry: { base: string; name: string },
    private readonly wording: WorkerWording,
  ) {}

  /**
   * Runs one task after those before it. Rejects with `WorkerTaskError` when the task breaks a
   * limit or crashes the worker, or with a plain `Error` when the worker cannot start.
   */
  run(task: Task, limits: WorkerLimits): Promise<Reply> {
    const result = this.queue.then(() => this.runNow(task, limits));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Ends the worker now (tests, shutdown). */
  async stop(): Promise<void> {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.forget();
    await worker?.terminate();
  }

  private forget(): void {
    this.worker = undefined;
    this.ready = undefined;
  }

  /** The running worker, or a new one once it has loaded its modules. */
  private start(memoryMb: number): Promise<Worker> {
    if (this.ready && this.workerMemoryMb === memoryMb) return this.ready;
    void this.worker?.terminate();
    const worker = spawnWorker(this.entry, memoryMb);
    this.worker = worker;
    this.workerMemoryMb = memoryMb;
    this.ready = new Promise<Worker>((resolve, reject) => {
      const failed = (error: Error) => {
        if (this.worker === worker) this.forget();
        reject(new Error(`${this.wording.name} could not start: ${error.message}`));
      };
      const exited = (code: number) => failed(new Error(`exit code ${code}`));
      worker.once('message', () => {
        worker.off('error', failed).off('exit', exited);
        resolve(worker);
      });
      worker.once('error', failed).once('exit', exited);
    });
    this.ready.catch(() => undefined);
    return this.ready;
  }

  private async runNow(task: Task, limits: WorkerLimits): Promise<Reply> {
    clearTimeout(this.idleTimer);
    const worker = await this.start(limits.memoryMb);
    worker.ref();
    const { name, doing, failed } = this.wording;
    try {
      return await new Promise<Reply>((resolve, reject) => {
        const settle = (outcome: () => void) => {
          clearTimeout(timer);
          worker.off('message', onMessage).off('error', onError).off('exit', onExit);
          outcome();
        };
        const kill = (message: string) => {
          if (this.worker === worker) this.forget();
          void worker.terminate();
          settle(() => reject(new WorkerTaskError(message)));
        };
        const onMessage = (reply: Reply) => settle(() => resolve(reply));
        const onError = (error: Error & { code?: string }) =>
          kill(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `${doing} needed more than ${limits.memoryMb} MB of memory`
              : `${failed} (${error.message})`,
          );
        const onExit = (code: number) => kill(`${name} stopped while ${doing} (exit code ${code})`);
        const timer = setTimeout(
          () => kill(`${doing} took longer than ${limits.timeoutMs / 1000} s`),
          limits.timeoutMs,
        );
        worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        worker.postMessage(task);
      });
    } finally {
      if (this.worker === worker) {
        worker.unref(); // an idle worker never keeps the process alive
        this.idleTimer = setTimeout(() => void this.stop(), IDLE_MS).unref();
      }
    }
  }
}
