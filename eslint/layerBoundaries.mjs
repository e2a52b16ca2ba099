/**
 * ESLint rule `batchscope/layer-boundaries`: the import rules of docs (DESIGN.md "Rules that keep
 * the house readable"), enforced instead of remembered.
 *   - the extension host (src/extension) imports src/shared and its own code, never the engine
 *     (src/engine, src/engineProcess, src/cli, src/report) nor the engine's native/heavy packages;
 *   - the engine side (src/engine, src/engineProcess, src/cli, src/report) and src/shared never
 *     import `vscode` or the extension host;
 *   - src/shared (outside src/shared/node) stays free of Node built-ins: the webview includes it;
 *   - the webview imports only src/shared (outside src/shared/node) and browser packages.
 * Relative imports are resolved against the importing file, so `../engine/engineClient` inside
 * src/extension (the host's own engine client) is told apart from src/engine.
 */
import * as path from 'path';
import { builtinModules } from 'module';

const ROOT = path.resolve(import.meta.dirname, '..');

const ENGINE_SIDE = ['src/engine/', 'src/engineProcess/', 'src/cli/', 'src/report/'];
const HEAVY_ENGINE_PACKAGES = ['onnxruntime-node', 'hdr-histogram-js'];
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** The layer a repository-relative path belongs to. */
function layerOf(rel) {
  if (rel.startsWith('src/extension/')) return 'host';
  if (rel.startsWith('src/shared/node/')) return 'shared-node';
  if (rel.startsWith('src/shared/')) return 'shared';
  if (ENGINE_SIDE.some((p) => rel.startsWith(p))) return 'engine';
  if (rel.startsWith('webview/')) return 'webview';
  return 'other';
}

/** Why `from` may not import `target` (a resolved repository path, or a package name), or null. */
export function boundaryProblem(fromLayer, target) {
  const isPackage = !target.startsWith('/');
  const pkg = isPackage
    ? target
        .split('/')
        .slice(0, target.startsWith('@') ? 2 : 1)
        .join('/')
    : null;
  const to = isPackage ? null : layerOf(path.relative(ROOT, target).split(path.sep).join('/'));
  switch (fromLayer) {
    case 'host':
      if (to === 'engine')
        return 'the extension host must not import engine code: ask the engine child (src/shared/engineProtocol.ts) instead';
      if (to === 'webview') return 'the extension host must not import webview code';
      if (pkg && HEAVY_ENGINE_PACKAGES.includes(pkg))
        return `the extension host must not bundle ${pkg}: it belongs to the engine child`;
      return null;
    case 'engine':
    case 'shared':
    case 'shared-node':
      if (pkg === 'vscode')
        return `${fromLayer === 'engine' ? 'engine' : 'shared'} code must not import vscode`;
      if (to === 'host') return 'only the extension host imports src/extension';
      if (fromLayer !== 'engine' && to === 'engine')
        return 'src/shared must not import engine code: the host and the webview include it';
      if (to === 'webview') return 'only the webview imports webview code';
      if (fromLayer === 'shared' && pkg && NODE_BUILTINS.has(pkg))
        return `src/shared must not import the Node built-in '${pkg}' (the webview includes it): put Node-only helpers in src/shared/node`;
      return null;
    case 'webview':
      if (pkg === 'vscode' || (pkg && NODE_BUILTINS.has(pkg)))
        return `the webview runs in a browser: it cannot import '${pkg}'`;
      if (to !== null && to !== 'webview' && to !== 'shared')
        return 'the webview imports only src/shared (not src/shared/node) and its own code';
      return null;
    default:
      return null;
  }
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the extension host, the engine, shared code and the webview apart' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const fromLayer = layerOf(path.relative(ROOT, file).split(path.sep).join('/'));
    if (fromLayer === 'other') return {};
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      const target = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : spec;
      const problem = boundaryProblem(fromLayer, target);
      if (problem) context.report({ node: source, message: `'${spec}': ${problem}.` });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
    };
  },
};

export default { rules: { 'layer-boundaries': rule } };
