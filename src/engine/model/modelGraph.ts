/**
 * The model's nodes as plain data (op type, name, what each consumes and produces), decoded from
 * the file with onnx-proto. Only read when probing fails, to tell which inputs feed the failing node.
 */
import * as fs from 'node:fs';
import { onnx } from 'onnx-proto';

/** One node of the graph, flattened out of any subgraph it sits in. */
export interface GraphNode {
  name: string;
  opType: string;
  /** Values it consumes; for If/Loop/Scan, also the outer values its subgraphs use. */
  inputs: string[];
  outputs: string[];
}

/**
 * Every node of the graph, subgraph nodes included (ORT names those in its errors too).
 * A control-flow node also lists, as its inputs, what its subgraphs consume: outer-scope values
 * reach the subgraph without being declared node inputs, and a walk back must not lose them.
 */
export function flattenGraph(graph: onnx.IGraphProto): GraphNode[] {
  const out: GraphNode[] = [];
  for (const n of graph.node ?? []) {
    const inputs = (n.input ?? []).filter((v) => v !== '');
    const sub: GraphNode[] = [];
    for (const a of n.attribute ?? []) {
      for (const g of [a.g, ...(a.graphs ?? [])]) if (g) sub.push(...flattenGraph(g));
    }
    for (const s of sub) inputs.push(...s.inputs);
    out.push(
      { name: n.name ?? '', opType: n.opType ?? '', inputs, outputs: (n.output ?? []).slice() },
      ...sub,
    );
  }
  return out;
}

/**
 * The nodes of the model at `absPath`, or null when the file cannot be read or decoded (a model
 * over 2 GiB, say): the caller then falls back to what ORT's message says.
 */
export function readModelGraph(absPath: string): GraphNode[] | null {
  try {
    const model = onnx.ModelProto.decode(fs.readFileSync(absPath));
    return model.graph ? flattenGraph(model.graph) : null;
  } catch {
    return null;
  }
}
