/**
 * When the model rejects synthetic values, which inputs and dims to set: the node ORT names in its
 * message, walked back through the graph to the graph inputs that feed it. A setting (a sample
 * rate, a scalar, integers) is more likely the culprit than the batch data, so it comes first.
 */
import { isSetting } from '../../shared/settingInputs';
import type { ModelSummary, ProbeProblem, TensorSignature } from '../../shared/profileTypes';
import { symbolicDims } from './dimNames';
import type { GraphNode } from './modelGraph';

/** How the suspects were found: the graph walk, names in ORT's message, or a guess by kind. */
export type SuspectBasis = 'graph' | 'message' | 'guess';

/** True when ORT's message names `name` as a whole word (so input 'x' is not found inside "index"). */
export function mentions(message: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`).test(message);
}

/** The node ORT 1.x names in a run failure: "… while running Reshape node. Name:'frame' Status Message: …". */
export function failingNodeOf(message: string): { opType: string; name: string } | null {
  const m = /running (\S+) node\. Name:'([^']*)'/.exec(message);
  return m ? { opType: m[1], name: m[2] } : null;
}

/**
 * The failing node in the graph: by name; an unnamed one (ORT says Name:'') only when it is the
 * one node of its type. A name that is not in the file (a node ORT fused) finds nothing.
 */
function findNode(
  nodes: readonly GraphNode[],
  failing: { opType: string; name: string },
): GraphNode | undefined {
  if (failing.name !== '') return nodes.find((n) => n.name === failing.name);
  const same = nodes.filter((n) => n.opType === failing.opType);
  return same.length === 1 ? same[0] : undefined;
}

/** The graph inputs (among `inputNames`) that `start` depends on, through any number of nodes. */
export function feedingInputs(
  nodes: readonly GraphNode[],
  start: GraphNode,
  inputNames: ReadonlySet<string>,
): Set<string> {
  const producer = new Map<string, GraphNode>();
  for (const n of nodes) for (const o of n.outputs) producer.set(o, n);
  const found = new Set<string>();
  const seen = new Set<GraphNode>([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const value of stack.pop()!.inputs) {
      if (inputNames.has(value)) found.add(value);
      const p = producer.get(value);
      if (p && !seen.has(p)) {
        seen.add(p);
        stack.push(p);
      }
    }
  }
  return found;
}

export { isSetting };

/**
 * Most likely culprit first: unset scalars, then other unset settings, then settings the user
 * already set (the failure persisted with them), then batch data. Ties keep input order.
 */
function ranked(summary: ModelSummary, inputs: readonly TensorSignature[]): TensorSignature[] {
  const rank = (i: TensorSignature): number => {
    const fixed = summary.fixedInputs[i.name] !== undefined;
    if (!isSetting(i)) return fixed ? 4 : 3;
    return fixed ? 2 : i.shape.length === 0 ? 0 : 1;
  };
  return inputs
    .map((input, order) => ({ input, order }))
    .sort((a, b) => rank(a.input) - rank(b.input) || a.order - b.order)
    .map((x) => x.input);
}

/** The symbolic non-batch dims of `inputs`, each once, in their order; dims the user set come last. */
function dimsOf(summary: ModelSummary, inputs: readonly TensorSignature[]): string[] {
  const names = [...new Set(inputs.flatMap((i) => symbolicDims(i).map(([, key]) => key)))];
  const userSet = (d: string): boolean => summary.dims.some((r) => r.name === d && r.source === 'user');
  return [...names.filter((d) => !userSet(d)), ...names.filter(userSet)];
}

/**
 * What to set so the model runs, from ORT's `message` and the model's `nodes` (null when the file
 * could not be decoded). `summary` is the one that was probed: its batch axes decide which dims are
 * the batch. Falls back to the inputs the message names, then to every setting and every dim.
 */
export function probeSuspects(
  summary: ModelSummary,
  message: string,
  nodes: readonly GraphNode[] | null,
): { problem: ProbeProblem; basis: SuspectBasis } {
  const failing = failingNodeOf(message);
  const node = failing ? `${failing.opType} '${failing.name}'` : undefined;
  const problem = (inputs: TensorSignature[], dims: string[]): ProbeProblem => ({
    message,
    ...(node ? { node } : {}),
    inputs: ranked(summary, inputs).map((i) => i.name),
    dims,
  });

  const start = failing && nodes ? findNode(nodes, failing) : undefined;
  if (start && nodes) {
    const fed = feedingInputs(nodes, start, new Set(summary.inputs.map((i) => i.name)));
    const inputs = summary.inputs.filter((i) => fed.has(i.name));
    if (inputs.length > 0)
      return { problem: problem(inputs, dimsOf(summary, ranked(summary, inputs))), basis: 'graph' };
  }
  const allDims = summary.dims.map((d) => d.name);
  const named = summary.inputs.filter((i) => mentions(message, i.name));
  if (named.length > 0) {
    const dims = dimsOf(summary, ranked(summary, named));
    return { problem: problem(named, dims.length > 0 ? dims : allDims), basis: 'message' };
  }
  return { problem: problem(summary.inputs.filter(isSetting), allDims), basis: 'guess' };
}
