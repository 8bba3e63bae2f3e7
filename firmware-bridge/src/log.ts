/**
 * A small logger with one namespace per module (`bridge:idcard`, `emu:printer` …), written to
 * stderr: readable lines at a terminal, JSON lines with LOG_FORMAT=json for journald.
 * Nothing in the bridge logs a card's number or name: log the card kind, never the person.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(ns: string): Logger;
}

export type LogSink = (line: string) => void;

let sink: LogSink = (line) => process.stderr.write(`${line}\n`);

/** Redirects every logger (tests capture lines; the CLI keeps stderr). */
export function setLogSink(next: LogSink): void {
  sink = next;
}

function threshold(): number {
  const env = (process.env.LOG_LEVEL ?? 'info') as Level;
  return RANK[env] ?? RANK.info;
}

export function createLogger(ns: string): Logger {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < threshold()) return;
    if (process.env.LOG_FORMAT === 'json') {
      sink(JSON.stringify({ time: Date.now(), level, ns, msg, ...fields }));
      return;
    }
    const time = new Date().toISOString().slice(11, 23);
    const extra = fields
      ? ` ${Object.entries(fields)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ')}`
      : '';
    sink(`${time} ${level.toUpperCase().padEnd(5)} [${ns}] ${msg}${extra}`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (sub) => createLogger(`${ns}:${sub}`),
  };
}
