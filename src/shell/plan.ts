/**
 * From a parsed command line to what the session runs: a list of pipelines, each stage with its argv, where its
 * stdout and stderr go (terminal, next stage, a file, /dev/null) and what it reads (pipe, here-document, file).
 * Unsupported shell features (background `&`, `<` from a missing file) get a specific message here.
 */
import { parseCommandLine, type Redirect, type SimpleCommand } from './parser';

export interface Target {
  path: string;
  append: boolean;
}

export interface Stage {
  argv: string[];
  /** stdout to a file; absent: to the next stage, or the terminal for the last stage. */
  stdout?: Target | 'null';
  /** stderr to a file, to wherever stdout goes (`2>&1`), or discarded; absent: the terminal. */
  stderr?: Target | 'null' | 'stdout';
  /** Input instead of the pipe: a here-document's text, or a file read when the stage starts (`< file`). */
  stdin?: { text: string } | { file: string };
}

export interface PlanItem {
  stages: Stage[];
  /** How this pipeline joins the previous one (`;` for the first). */
  op: '&&' | '||' | ';';
}

export type Planned = { plan: PlanItem[] } | { error: string; incomplete: boolean };

const target = (path: string, append: boolean): Target | 'null' => (path === '/dev/null' ? 'null' : { path, append });

function stageOf(cmd: SimpleCommand): Stage | string {
  const stage: Stage = { argv: cmd.argv };
  for (const r of cmd.redirects as Redirect[]) {
    if (r.kind === 'heredoc') {
      stage.stdin = { text: r.doc.body };
    } else if (r.kind === 'dup') {
      if (r.op === '>&' && r.fd === 2 && r.target.text === '1') stage.stderr = 'stdout';
      else if (r.op === '>&' && r.fd === 1 && r.target.text === '2') continue; // stdout to the terminal's stderr: same screen
      else return `sh: ${r.fd}${r.op}${r.target.text}: this redirection is not supported in the lab`;
    } else if (r.op === '<') {
      stage.stdin = { file: r.target.text };
    } else {
      const t = target(r.target.text, r.op === '>>');
      if (r.fd === -1) {
        stage.stdout = t;
        stage.stderr = 'stdout';
      } else if (r.fd === 1) stage.stdout = t;
      else if (r.fd === 2) stage.stderr = t;
      else return `sh: ${r.fd}${r.op}: only standard output and error can be redirected in the lab`;
    }
  }
  return stage;
}

export function planLine(line: string): Planned {
  const parsed = parseCommandLine(line);
  if (!parsed.ok) return { error: parsed.error, incomplete: parsed.incomplete };
  const plan: PlanItem[] = [];
  let op: PlanItem['op'] = ';';
  for (const item of parsed.items) {
    if (item.next === '&') return { error: 'sh: background jobs (&) are not supported in the lab: run the command in another terminal tab', incomplete: false };
    const stages: Stage[] = [];
    for (const cmd of item.pipeline.commands) {
      const s = stageOf(cmd);
      if (typeof s === 'string') return { error: s, incomplete: false };
      if (s.argv.length) stages.push(s);
    }
    if (stages.length) plan.push({ stages, op });
    op = item.next === '&&' || item.next === '||' ? item.next : ';';
  }
  return { plan };
}
