/*
 * Kubernetes label selectors in their string form (`a=b,c!=d,e in (f,g),h notin (i),j,!k`), as
 * `kubectl -l` and the kubernetes plugin's `backstage.io/kubernetes-label-selector` annotation
 * write them: parsed into data, then matched against a label map. Pure, no dependencies.
 */

/** One requirement of a label selector. @public */
export type LabelRequirement =
  | { key: string; operator: 'In' | 'NotIn'; values: string[] }
  | { key: string; operator: 'Exists' | 'DoesNotExist' };

/** A parsed label selector: every requirement must hold. @public */
export interface LabelSelector {
  requirements: LabelRequirement[];
}

const NAME = '[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const KEY = `(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\\/)?${NAME}`;
const VALUE = `(?:${NAME})?`;

const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^()]*)\\)$`);
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`);
const VALUE_ONLY = new RegExp(`^${VALUE}$`);

/**
 * The requirement texts of a selector: split at commas outside parentheses. Undefined when the
 * parentheses do not balance.
 */
function requirementTexts(selector: string): string[] | undefined {
  const texts: string[] = [];
  let start = 0;
  let open = false;
  for (const m of selector.matchAll(/[(),]/g)) {
    const ch = m[0];
    if (ch === '(') {
      if (open) return undefined;
      open = true;
    } else if (ch === ')') {
      if (!open) return undefined;
      open = false;
    } else if (!open) {
      texts.push(selector.slice(start, m.index));
      start = (m.index ?? 0) + 1;
    }
  }
  if (open) return undefined;
  texts.push(selector.slice(start));
  return texts.map(t => t.trim());
}

function requirementOf(text: string): LabelRequirement | undefined {
  let m = EQUALITY.exec(text);
  if (m) return { key: m[1], operator: m[2] === '!=' ? 'NotIn' : 'In', values: [m[3]] };
  m = SET.exec(text);
  if (m) {
    const values = m[3].split(',').map(v => v.trim());
    if (values.some(v => !VALUE_ONLY.test(v))) return undefined;
    const nonEmpty = values.filter(v => v !== '');
    if (nonEmpty.length === 0) return undefined;
    return { key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values: [...new Set(nonEmpty)] };
  }
  m = EXISTS.exec(text);
  if (m) return { key: m[2], operator: m[1] ? 'DoesNotExist' : 'Exists' };
  return undefined;
}

/**
 * Parses a label selector string. Returns undefined when any part cannot be read, or when the
 * selector is empty, so callers can say so instead of matching everything. @public
 */
export function parseLabelSelector(selector: string): LabelSelector | undefined {
  if (typeof selector !== 'string') return undefined;
  const texts = requirementTexts(selector);
  if (!texts) return undefined;
  const requirements: LabelRequirement[] = [];
  for (const text of texts) {
    if (text === '') continue;
    const r = requirementOf(text);
    if (!r) return undefined;
    requirements.push(r);
  }
  return requirements.length ? { requirements } : undefined;
}

const HOLDS: Record<LabelRequirement['operator'], (value: string | undefined, values: string[]) => boolean> = {
  Exists: value => value !== undefined,
  DoesNotExist: value => value === undefined,
  In: (value, values) => value !== undefined && values.includes(value),
  NotIn: (value, values) => value === undefined || !values.includes(value),
};

/** True when the labels satisfy one requirement. @public */
export function matchesLabelRequirement(r: LabelRequirement, labels: Record<string, string>): boolean {
  const value = Object.prototype.hasOwnProperty.call(labels, r.key) ? String(labels[r.key]) : undefined;
  const holds = HOLDS[r.operator];
  return holds ? holds(value, 'values' in r ? r.values : []) : false;
}

/** True when the labels satisfy every requirement of the selector. @public */
export function matchesLabelSelector(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return selector.requirements.every(r => matchesLabelRequirement(r, l));
}
