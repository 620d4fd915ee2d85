/**
 * The building blocks of `kubectl describe` pages (k8s.io/kubectl/pkg/describe): a writer whose lines carry tabs
 * for Go's tabwriter (minwidth 0, padding 2), indentation levels, and the multi-line label, annotation and
 * toleration printers.
 */
import type { Json, Obj } from './kubectlObjects';
import { DESCRIBE, tabwrite } from '../tabwriter';

export class DescribeWriter {
  private text = '';

  /** Writes at an indentation level (0..4, two spaces each), like PrefixWriter.Write. */
  w(level: number, s: string): void {
    this.text += '  '.repeat(level) + s;
  }

  /** The page, aligned. */
  done(): string {
    return tabwrite(this.text, DESCRIBE);
  }
}

export const get = (o: Json | undefined, path: string): Json | undefined => {
  let cur: Json | undefined = o;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
};
export const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
export const s = (v: Json | undefined): string => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
export const rec = (v: Json | undefined): Record<string, string> => (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, string> : {});

/** printLabelsMultiline: `Labels:\tk=v`, further labels on their own lines under the first. */
export function labelsMultiline(w: DescribeWriter, title: string, labels: Record<string, string>, initialIndent = ''): void {
  w.w(0, `${initialIndent}${title}:\t`);
  const keys = Object.keys(labels).sort();
  if (!keys.length) {
    w.w(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i) w.w(0, `${initialIndent}\t`);
    w.w(0, `${k}=${labels[k]}\n`);
  });
}

const MAX_ANNOTATION = 140;

/** printAnnotationsMultiline: `key: value`, long or multi-line values on indented lines, cut at 140 characters. */
export function annotationsMultiline(w: DescribeWriter, title: string, annotations: Record<string, string>): void {
  w.w(0, `${title}:\t`);
  const keys = Object.keys(annotations).sort();
  if (!keys.length) {
    w.w(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i) w.w(0, '\t');
    const value = annotations[k].replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION || value.includes('\n')) {
      w.w(0, `${k}:\n`);
      for (const line of value.split('\n')) {
        w.w(0, `\t  ${line.length > MAX_ANNOTATION - 2 ? `${line.slice(0, MAX_ANNOTATION - 2)}...` : line}\n`);
      }
    } else w.w(0, `${k}: ${value}\n`);
  });
}

/** printPodTolerationsMultiline: `key:Effect op=Exists for 300s`. */
export function tolerationsMultiline(w: DescribeWriter, title: string, tolerations: Json[]): void {
  w.w(0, `${title}:\t`);
  if (!tolerations.length) {
    w.w(0, '<none>\n');
    return;
  }
  tolerations.forEach((t, i) => {
    if (i) w.w(0, '\t');
    let line = s(get(t, 'key'));
    const value = s(get(t, 'value'));
    if (value) line += `=${value}`;
    const effect = s(get(t, 'effect'));
    if (effect) line += `:${effect}`;
    if (get(t, 'operator') === 'Exists' && !value) line += ' op=Exists';
    const secs = get(t, 'tolerationSeconds');
    if (typeof secs === 'number') line += ` for ${secs}s`;
    w.w(0, `${line}\n`);
  });
}

export function events(w: DescribeWriter): void {
  // The lab records no Kubernetes events yet: every object describes as having none.
  w.w(0, 'Events:\t<none>\n');
}

export const metaOf = (o: Obj): Obj => (o.metadata ?? {}) as Obj;
